import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHasher, distEntry, jaccard, rng, shingles } from './lib.js';

/** Two sorted sets of random 32-bit values with a chosen overlap: J = common / (common + onlyA + onlyB). */
function pairWithOverlap(random: () => number): [Uint32Array, Uint32Array] {
  const size = 20 + Math.floor(random() * 600);
  const j = random();
  const common = Math.round(size * j);
  const values = new Set<number>();
  while (values.size < common + 2 * (size - common)) values.add(Math.floor(random() * 4294967296));
  const all = [...values];
  const shared = all.slice(0, common);
  const a = [...shared, ...all.slice(common, size)];
  const b = [...shared, ...all.slice(size)];
  return [Uint32Array.from(a).sort(), Uint32Array.from(b).sort()];
}

describe('MinHasher', () => {
  it('gives signatures of numPerm values, equal for signature(text) and signatureOfShingles(shingles(text))', () => {
    const hasher = new MinHasher({ numPerm: 96, seed: 3, shingleSize: 2 });
    const text = 'Right L5-S1 transforaminal epidural steroid injection under fluoroscopy; pain 8/10 before, 2/10 after.';
    const sig = hasher.signature(text);
    expect(sig.length).toBe(96);
    expect(Array.from(hasher.signatureOfShingles(shingles(text, { shingleSize: 2 }))), text).toEqual(Array.from(sig));
  });

  it('depends on the seed and is the same for two hashers with the same options', () => {
    const text = 'Cervical radiofrequency ablation at C5 and C6 medial branches.';
    expect(Array.from(new MinHasher().signature(text))).toEqual(Array.from(new MinHasher({ seed: 1 }).signature(text)));
    expect(MinHasher.similarity(new MinHasher({ seed: 1 }).signature(text), new MinHasher({ seed: 2 }).signature(text))).toBeLessThan(0.2);
  });

  it('estimates 1 for two notes without words and 0 for an empty note against a non-empty one', () => {
    const hasher = new MinHasher();
    expect(MinHasher.similarity(hasher.signature(''), hasher.signature('...'))).toBe(1);
    expect(MinHasher.similarity(hasher.signature(''), hasher.signature('pain in the back'))).toBe(0);
    expect(MinHasher.similarity(hasher.signature('Refused.'), hasher.signature('refused'))).toBe(1);
  });

  it('gives similarity(x, x) = 1 for any text (property)', () => {
    const hasher = new MinHasher({ numPerm: 32 });
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(MinHasher.similarity(hasher.signature(text), hasher.signature(text))).toBe(1);
      }),
    );
  });

  it('has unbiased estimates: over 1,000 random pairs the RMSE stays within √(J(1−J)/numPerm) × 1.1', () => {
    const random = rng(2024);
    const numPerm = 128;
    const hasher = new MinHasher({ numPerm });
    let squared = 0;
    let errorSum = 0;
    let variance = 0;
    const pairs = 1000;
    for (let p = 0; p < pairs; p++) {
      const [a, b] = pairWithOverlap(random);
      const exact = jaccard(a, b);
      const est = MinHasher.similarity(hasher.signatureOfShingles(a), hasher.signatureOfShingles(b));
      squared += (est - exact) ** 2;
      errorSum += est - exact;
      variance += (exact * (1 - exact)) / numPerm;
    }
    const rmse = Math.sqrt(squared / pairs);
    const bound = Math.sqrt(variance / pairs) * 1.1;
    expect(rmse, `RMSE ${rmse.toFixed(4)} vs bound ${bound.toFixed(4)}`).toBeLessThanOrEqual(bound);
    // Bias: the mean error is within four standard errors of zero.
    expect(Math.abs(errorSum / pairs), `mean error ${(errorSum / pairs).toFixed(5)}`).toBeLessThan((4 * bound) / Math.sqrt(pairs));
  });

  it('gives the same signatures in another process', () => {
    const texts = ['', 'Refused.', 'Bilateral L4-L5 facet joint injections, pain 7/10, relief 80% for 2 weeks.', 'Πόνος στη μέση 𝐏𝐚𝐢𝐧'];
    const hasher = new MinHasher({ numPerm: 64, seed: 7 });
    const here = texts.map((t) => Array.from(hasher.signature(t)));
    const entry = process.env.NOTELINT_DIST
      ? pathToFileURL(fileURLToPath(new URL(distEntry, import.meta.url))).href
      : pathToFileURL(fileURLToPath(new URL('../../src/similarity/index.ts', import.meta.url))).href;
    const child = fileURLToPath(new URL('./child-signatures.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', child, entry, JSON.stringify(texts)], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(here);
  });

  it('rejects bad options and mismatched signatures with clear errors', () => {
    expect(() => new MinHasher({ numPerm: 0 })).toThrow(/MinHasher: options\.numPerm must be an integer from 1 to 65536, got 0/);
    expect(() => new MinHasher({ seed: -1 })).toThrow(/options\.seed/);
    expect(() => new MinHasher().signature(null as unknown as string)).toThrow(/MinHasher\.signature: text must be a string, got null/);
    expect(() => MinHasher.similarity(new Uint32Array(64), new Uint32Array(128))).toThrow(/same non-zero length.*64 and 128/);
  });
});
