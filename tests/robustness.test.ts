import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import lib from './lib.js';

type Extractor = (input: unknown) => { span: { start: number; end: number }; text: string }[];
const extractors: [string, Extractor][] = [
  ['extractPainScores', lib.extractPainScores as Extractor],
  ['extractPainRelief', lib.extractPainRelief as Extractor],
  ['extractFunctionalStatements', lib.extractFunctionalStatements as Extractor],
  ['extractConservativeTherapy', lib.extractConservativeTherapy as Extractor],
  ['extractProcedures', lib.extractProcedures as Extractor],
  ['extractProcedureCodes', lib.extractProcedureCodes as Extractor],
  ['extractImagingGuidance', lib.extractImagingGuidance as Extractor],
  ['extractTimeAttestation', lib.extractTimeAttestation as Extractor],
  ['extractCarePlan', lib.extractCarePlan as Extractor],
  ['extractMedicalNecessity', lib.extractMedicalNecessity as Extractor],
];

function checkFacts(name: string, text: string, facts: ReturnType<Extractor>) {
  for (const f of facts) {
    expect(f.span.start, `${name} span start in ${JSON.stringify(text.slice(0, 80))}`).toBeGreaterThanOrEqual(0);
    expect(f.span.end, `${name} span end`).toBeLessThanOrEqual(text.length);
    expect(f.span.start, `${name} span order`).toBeLessThanOrEqual(f.span.end);
    expect(text.slice(f.span.start, f.span.end), `${name} evidence text`).toBe(f.text);
  }
}

// Strings that look like notes: clinical words, numbers, slashes and percent signs mixed with any
// unicode, so the property tests reach the extractors' number paths and not only their early exits.
const clinicalWord = fc.constantFrom('pain', '8/10', 'out of', 'ten', '%', 'relief', 'PT', 'physical therapy', 'ibuprofen', 'walk', '20 minutes', 'without', 'a cane', 'no', 'denies', 'PLAN:', ',', '.', '\n', 'weeks', 'VAS', '65 mm', '6-7/10', 'L4/5', '10/10/2025', 'failed', 'Oswestry', 'from', 'to', 'for 3 months');
const noteLike = fc.array(fc.oneof(clinicalWord, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(' '));

describe('robustness: every extractor on any input', () => {
  for (const [name, fn] of extractors) {
    it(`${name} returns spans inside the text whose slice is the evidence, deterministically`, () => {
      fc.assert(
        fc.property(fc.oneof(noteLike, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
          const a = fn(text);
          checkFacts(name, text, a);
          expect(fn(text), `${name} deterministic on ${JSON.stringify(text.slice(0, 80))}`).toEqual(a);
          // A prepared document gives the same facts as the string.
          expect(fn(lib.prepare(text)), `${name} prepared vs string`).toEqual(a);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name} handles a 1 MB note with control characters and any script`, () => {
      // Every extractor has something to find in each repeat: the 1 MB run must reach their real paths.
      const unit =
        'Pain 8/10 \u0000\u0007 before; 日本語 текст عربي 🙂 walk 20 minutes without a cane. PT x 6 weeks failed. 60% relief.\r\n' +
        'Lumbar radiculopathy for 6 months. Left L4-5 transforaminal epidural steroid injection (CPT 64483) was performed under fluoroscopic guidance; images were saved. ' +
        'I spent 35 minutes face-to-face. Pain rated with the PEG scale.\r\n';
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      const facts = fn(text);
      checkFacts(name, text, facts.slice(0, 50));
      expect(facts.length, `${name} on 1 MB`).toBeGreaterThan(0);
    });

    it(`${name} rejects input that is not a string or a prepared document with a TypeError naming the parameter`, () => {
      for (const bad of [undefined, null, 42, {}, ['8/10'], { text: 'secret patient text 8/10' }]) {
        expect(() => fn(bad), `${name}(${JSON.stringify(bad)})`).toThrow(TypeError);
        try {
          fn(bad);
        } catch (e) {
          expect((e as Error).message).toMatch(/input/);
          expect((e as Error).message).not.toMatch(/secret patient text/);
        }
      }
    });

    it(`${name} rejects a prepared document from another format version`, () => {
      const foreign = { [Symbol.for('notelint.prepared-document')]: 999, text: 'secret patient text' };
      expect(() => fn(foreign)).toThrow(/another version/);
      expect(() => fn(foreign)).not.toThrow(/secret/);
    });
  }
});

describe('robustness: adversarial inputs run in linear time', () => {
  const ADVERSARIAL: Record<string, (n: number) => string> = {
    slashes: (n) => '1/'.repeat(n / 2),
    negations: (n) => 'no '.repeat(n / 3),
    pain: (n) => 'pain '.repeat(n / 5),
    digits: (n) => '7'.repeat(n),
    percent: (n) => '5% '.repeat(n / 3),
    headers: (n) => 'PLAN: '.repeat(n / 6),
    spaces: (n) => 'walk' + ' '.repeat(n) + 'x',
    dashes: (n) => '6-'.repeat(n / 2),
  };

  function time(fn: () => void): number {
    // Best of five, so a GC pause or the other core's load does not decide the ratio.
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      fn();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }

  for (const [kind, make] of Object.entries(ADVERSARIAL)) {
    it(`prepare + all extractors: 10x the '${kind}' input (20 KB to 200 KB) takes about 10x the time, not 100x`, () => {
      const small = make(20_000);
      const large = make(200_000);
      const run = (text: string) => () => {
        const doc = lib.prepare(text);
        for (const [, fn] of extractors) fn(doc);
      };
      run(small)(); // warm up the JIT
      const ts = Math.max(time(run(small)), 1);
      const tl = time(run(large));
      // Linear work gives a ratio near 10; quadratic gives near 100. The bound leaves room for noise.
      expect(tl / ts, `ratio for ${kind}: small ${ts.toFixed(1)} ms, large ${tl.toFixed(1)} ms`).toBeLessThan(30);
    });
  }
});
