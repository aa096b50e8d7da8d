import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaccard, shingles } from './lib.js';

function isSortedDistinct(a: Uint32Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i - 1]! >= a[i]!) return false;
  return true;
}

describe('shingles', () => {
  it('returns sorted distinct hashes, one per distinct 3-word window', () => {
    const text = 'the cat sat on the mat the cat sat on the mat';
    const s = shingles(text);
    expect(isSortedDistinct(s), text).toBe(true);
    // windows: the cat sat / cat sat on / sat on the / on the mat / the mat the / mat the cat
    expect(s.length, text).toBe(6);
  });

  it('ignores case, punctuation and spacing', () => {
    expect(jaccard(shingles('Lumbar  facet injection, right side.'), shingles('lumbar facet injection right SIDE'))).toBe(1);
  });

  it('masks numbers and dates: notes differing only in pain scores, dates and vitals are identical', () => {
    const a = 'Pain 8/10 today. Seen on 03/12/2024 after injection. BP 120/80, pulse 72. Relief 50% for 3 weeks.';
    const b = 'Pain 6/10 today. Seen on March 3, 2025 after injection. BP 135/90, pulse 88. Relief 70% for 12 weeks.';
    expect(jaccard(shingles(a), shingles(b)), `${a} | ${b}`).toBe(1);
    expect(jaccard(shingles(a, { maskNumbers: false }), shingles(b, { maskNumbers: false })), 'unmasked').toBeLessThan(0.5);
  });

  it('keeps spinal levels such as L4-L5 and C5 as words when masking numbers', () => {
    expect(jaccard(shingles('injection at L4-L5 on the right'), shingles('injection at L5-S1 on the right'))).toBeLessThan(1);
  });

  it('gives one shingle for a note shorter than the shingle size and none for a note without words', () => {
    expect(shingles('Refused.').length).toBe(1);
    expect(shingles('two words').length).toBe(1);
    expect(shingles('').length).toBe(0);
    expect(shingles(' ... --- !!! ').length).toBe(0);
  });

  it('honours shingleSize', () => {
    expect(shingles('a b c d e', { shingleSize: 1 }).length).toBe(5);
    expect(shingles('a b c d e', { shingleSize: 2 }).length).toBe(4);
    expect(shingles('a b c d e', { shingleSize: 5 }).length).toBe(1);
  });

  it('tokenizes any script: Greek, Devanagari, CJK, accented Latin and astral characters', () => {
    expect(jaccard(shingles('Πόνος στη ΜΈΣΗ μετά την ένεση'), shingles('πόνος στη μέση μετά την ένεση'))).toBe(1);
    expect(shingles('दर्द कमर में है').length).toBe(2); // vowel signs stay inside their words
    expect(shingles('腰痛 あり 注射 後').length).toBe(2);
    expect(jaccard(shingles('Ärztin sah 𝐏𝐚𝐢𝐧 heute'), shingles('ärztin sah 𝐏𝐚𝐢𝐧 heute'))).toBe(1);
    expect(shingles('pain 😀 back 😀 leg').length).toBe(1); // emoji are not word characters
  });

  it('handles a 1 MB note quickly', () => {
    const text = 'Patient reports low back pain 7/10 radiating to the left leg. '.repeat(16_500);
    const t0 = performance.now();
    const s = shingles(text);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(s.length).toBeGreaterThan(5);
  });

  it('rejects a non-string text and bad options without quoting the input', () => {
    expect(() => shingles(42 as unknown as string)).toThrow(/notelint\.shingles: text must be a string, got number/);
    expect(() => shingles('x', { shingleSize: 0 })).toThrow(/options\.shingleSize must be an integer from 1 to 64/);
    expect(() => shingles('x', { maskNumbers: 'yes' as unknown as boolean })).toThrow(/options\.maskNumbers must be a boolean/);
  });
});

describe('jaccard', () => {
  it('computes |A ∩ B| / |A ∪ B| exactly', () => {
    expect(jaccard(new Uint32Array([1, 2, 3, 4]), new Uint32Array([3, 4, 5, 6]))).toBeCloseTo(2 / 6, 12);
    expect(jaccard(shingles('left L4-L5 transforaminal epidural steroid injection'), shingles('right L4-L5 transforaminal epidural steroid injection'))).toBeCloseTo(4 / 6, 12);
  });

  it('is 1 for two empty sets (two notes without words are identical) and 0 for empty against non-empty', () => {
    expect(jaccard(shingles(''), shingles('  '))).toBe(1);
    expect(jaccard(shingles(''), shingles('pain in the back'))).toBe(0);
    expect(jaccard(shingles('pain in the back'), shingles(''))).toBe(0);
  });

  it('rejects arguments that are not shingle sets', () => {
    expect(() => jaccard([1, 2] as unknown as Uint32Array, new Uint32Array())).toThrow(/jaccard: a must be a Uint32Array/);
  });

  const set = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }).map((xs) => Uint32Array.from(xs.sort((x, y) => x - y)));

  it('is symmetric and within [0, 1] (property)', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const j = jaccard(a, b);
        expect(j).toBe(jaccard(b, a));
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('matches a set-based reference and gives 1 for a text against itself (property)', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        const sa = new Set(a);
        const inter = [...b].filter((x) => sa.has(x)).length;
        const union = new Set([...a, ...b]).size;
        expect(jaccard(a, b)).toBeCloseTo(union === 0 ? 1 : inter / union, 12);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(jaccard(shingles(text), shingles(text))).toBe(1);
      }),
    );
  });
});
