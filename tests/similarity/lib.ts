// The similarity tests import the engine through this file, so the same suite runs against the sources
// (default) and, with NOTELINT_DIST=1, against the built subpath entry dist/similarity.js.
import type * as Sim from '../../src/similarity/index.js';

export const distEntry = '../../dist/similarity.js';
const sim: typeof Sim = process.env.NOTELINT_DIST ? ((await import(distEntry)) as typeof Sim) : await import('../../src/similarity/index.js');

export default sim;
export const { shingles, jaccard, MinHasher, LshIndex, optimalBandsRows, findNearDuplicates, clusterNearDuplicates } = sim;

/** A seeded PRNG (mulberry32) so generated corpora are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary of distinct made-up letter-only words, so shingles never collide by chance of wording. */
export function vocabulary(size: number, random: () => number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const len = 4 + Math.floor(random() * 6);
    for (let i = 0; i < len; i++) w += letters.charAt(Math.floor(random() * 26));
    words.add(w);
  }
  return [...words];
}

/**
 * A generated corpus of near-duplicates: `families` base notes of 120 to 300 words, each followed by
 * `variants` copies with a share of words replaced (0 to 12 %), so pair similarities span the whole range.
 */
export function nearDuplicateCorpus(families: number, variants: number, seed: number): { id: string; text: string }[] {
  const random = rng(seed);
  const vocab = vocabulary(3000, random);
  const pick = () => vocab[Math.floor(random() * vocab.length)]!;
  const out: { id: string; text: string }[] = [];
  for (let f = 0; f < families; f++) {
    const len = 120 + Math.floor(random() * 180);
    const base = Array.from({ length: len }, pick);
    out.push({ id: `f${f}-0`, text: base.join(' ') });
    for (let v = 1; v <= variants; v++) {
      const rate = random() * 0.12;
      const copy = base.map((w) => (random() < rate ? pick() : w));
      out.push({ id: `f${f}-${v}`, text: copy.join(' ') });
    }
  }
  return out;
}
