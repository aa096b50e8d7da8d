import { describe, expect, it } from 'vitest';
import { readCorpus, locate } from '../../scripts/eval/corpus.js';
import { evaluateNegex } from '../../scripts/eval/negex.js';
import { contextRules } from '../../src/pipeline/04-context.js';
import lib from '../lib.js';

const { prepare } = lib;

/** The assertion categories on the first (or n-th) occurrence of `target` in `text`. */
function categoriesOf(text: string, target: string, occurrence = 1): string[] {
  const span = locate(text, { text: target, occurrence });
  if (!span) throw new Error(`test setup: ${JSON.stringify(target)} is not in ${JSON.stringify(text)}`);
  return [...new Set(prepare(text).assertionsAt(span).map((a) => a.category))].sort();
}

function expectCategories(text: string, target: string, expected: string[], occurrence = 1): void {
  expect(categoriesOf(text, target, occurrence), `assertions on ${JSON.stringify(target)} in ${JSON.stringify(text)}`).toEqual([...expected].sort());
}

describe('ConText assertions: pain-management requirements', () => {
  it("negates pain in 'denies pain'", () => {
    expectCategories('Patient denies pain today.', 'pain', ['negated']);
  });

  it("does not negate walk in 'walk 20 minutes without a cane'", () => {
    const text = 'She can now walk 20 minutes without a cane.';
    expectCategories(text, 'walk', []);
    expectCategories(text, '20 minutes', []);
  });

  it("does not read 'no longer needs a walker' as a negated improvement", () => {
    const text = 'He no longer needs a walker.';
    expectCategories(text, 'needs a walker', []);
    expectCategories(text, 'walker', []);
  });

  it("still negates what follows a plain 'no longer': 'no longer has leg pain'", () => {
    expectCategories('She no longer has leg pain.', 'leg pain', ['negated']);
  });

  it("ignores triggers inside section headers: 'HISTORY OF PRESENT ILLNESS:' is not historical", () => {
    expectCategories('HISTORY OF PRESENT ILLNESS:,  Low back pain for 6 months.', 'Low back pain', []);
  });

  it('marks FAMILY HISTORY section content as family through the section lexicon', () => {
    const text = 'FAMILY HISTORY:,  Rheumatoid arthritis.,SOCIAL HISTORY:,  Works as a nurse.';
    expectCategories(text, 'Rheumatoid arthritis', ['family']);
    expectCategories(text, 'nurse', []);
    const a = prepare(text).assertionsAt(locate(text, { text: 'Rheumatoid arthritis' })!);
    expect(a[0]?.direction, `section assertion in ${JSON.stringify(text)}`).toBe('SECTION');
  });

  it("reads 'Plan: start PT' as hypothetical", () => {
    expectCategories('Plan: start PT 2x/week.', 'PT', ['hypothetical']);
  });

  it("reads 'history of' as historical", () => {
    expectCategories('History of lumbar fusion.', 'lumbar fusion', ['historical']);
  });

  it("reads 'mother had physical therapy' as family", () => {
    expectCategories('Her mother had physical therapy for sciatica.', 'physical therapy', ['family']);
  });

  it("does not negate the pain in 'no change in her back pain' (only the change)", () => {
    expectCategories('No change in her back pain since the last visit.', 'back pain', []);
  });

  it("does not negate the indication in 'declined the injection for her back pain'", () => {
    const text = 'She declined the injection for her low back pain.';
    expectCategories(text, 'injection', ['negated']);
    expectCategories(text, 'low back pain', []);
  });

  it("does not read 'pain declined to 3/10' as a refusal", () => {
    expectCategories('Her pain declined to 3/10 after the injection.', '3/10', []);
  });

  it("ends a negation at 'but': 'No fever but has chills'", () => {
    const text = 'No fever but has chills.';
    expectCategories(text, 'fever', ['negated']);
    expectCategories(text, 'chills', []);
  });

  it("reads 'rule out' as possible, not negated", () => {
    expectCategories('MRI to rule out disc herniation.', 'disc herniation', ['possible']);
  });

  it("negates backwards from 'has resolved' and 'is negative'", () => {
    expectCategories('The radicular pain has resolved.', 'radicular pain', ['negated']);
    expectCategories('Straight leg raise is negative bilaterally.', 'Straight leg raise', ['negated']);
  });

  it("keeps a trigger inside the target from asserting on it: 'skin warm and dry without lesion'", () => {
    const text = 'Skin is warm and dry without lesion.';
    expectCategories(text, 'Skin is warm and dry without lesion', []);
    expectCategories(text, 'lesion', ['negated']);
  });

  it('reaches the end of a long denial list', () => {
    expectCategories('He denies any palpitations, shortness of breath, chest pain, headache, or lightheadedness.', 'lightheadedness', ['negated']);
  });
});

describe('ConText modifiers', () => {
  const texts = [
    'She denies pain but reports 8/10 numbness. No relief of her back pain with PT.',
    'PLAN:,1.  Start gabapentin.,2.  Will consider RFA if the blocks give relief.',
    'FAMILY HISTORY:,  Mother with lupus.,PAST MEDICAL HISTORY:,  History of L4-5 fusion years ago.',
    'Pt has no longer been able to work. MRI to rule out stenosis. Edema is absent.',
  ];

  it('every assertion names the trigger rule and span', () => {
    for (const text of texts) {
      const doc = prepare(text);
      doc.sentences.forEach((s) => {
        for (const a of doc.assertionsAt({ start: s.start, end: s.end })) {
          const where = `${a.category} in ${JSON.stringify(text)}`;
          expect(a.trigger.span.start, where).toBeGreaterThanOrEqual(0);
          expect(a.trigger.span.end, where).toBeGreaterThan(a.trigger.span.start);
          expect(a.trigger.span.end, where).toBeLessThanOrEqual(text.length);
          if (a.direction === 'SECTION') {
            expect(a.trigger.ruleId, where).toMatch(/^section:/);
          } else {
            const rule = contextRules.byId.get(a.trigger.ruleId);
            expect(rule, `rule ${a.trigger.ruleId} exists (${where})`).toBeDefined();
            expect(rule?.category, where).toBe(a.category);
            expect(rule?.direction, where).toBe(a.direction);
          }
        }
      });
    }
  });

  it('keeps every scope inside the trigger sentence', () => {
    for (const text of texts) {
      const doc = prepare(text);
      for (const m of doc.modifiers) {
        const s = doc.sentences[m.sentence]!;
        const where = `${m.ruleId} ${JSON.stringify(text.slice(m.trigger.start, m.trigger.end))} in ${JSON.stringify(text)}`;
        expect(m.trigger.start, where).toBeGreaterThanOrEqual(s.start);
        expect(m.trigger.end, where).toBeLessThanOrEqual(s.end);
        expect(m.scope.start, where).toBeGreaterThanOrEqual(s.start);
        expect(m.scope.end, where).toBeLessThanOrEqual(s.end);
      }
    }
  });

  it('matches each rule example with that rule', () => {
    for (const r of contextRules.entries) {
      const doc = prepare(r.example);
      expect(doc.modifiers.some((m) => m.ruleId === r.id), `${r.id} fires on ${JSON.stringify(r.example)}`).toBe(true);
    }
  });

  it('scans pathological input in linear time', () => {
    for (const text of ['no '.repeat(50_000), ' '.repeat(200_000), 'a:'.repeat(100_000), 'no longer without a '.repeat(10_000)]) {
      const t0 = performance.now();
      prepare(text);
      expect(performance.now() - t0, `prepare on ${text.length} chars of ${JSON.stringify(text.slice(0, 20))}`).toBeLessThan(2000);
    }
  });
});

describe('annotated corpus corpora/annotated/context.jsonl', () => {
  for (const s of readCorpus('corpora/annotated/context.jsonl')) {
    it(`${s.id}: ${s.text}`, () => {
      for (const e of s.expect) {
        expectCategories(s.text, e.text, e.assertions as string[], e.occurrence ?? 1);
      }
    });
  }
});

describe('NegEx test set', () => {
  it('NegEx test set: negated precision and recall >= 0.90', () => {
    const r = evaluateNegex();
    const summary = `tp=${r.tp} fp=${r.fp} fn=${r.fn} tn=${r.tn} P=${r.precision.toFixed(3)} R=${r.recall.toFixed(3)}`;
    expect(r.n, 'every data row is scored').toBe(2376);
    expect(r.tp + r.fp + r.fn + r.tn, summary).toBe(r.n);
    expect(r.precision, summary).toBeGreaterThanOrEqual(0.9);
    expect(r.recall, summary).toBeGreaterThanOrEqual(0.9);
  });
});
