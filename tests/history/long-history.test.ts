import { describe, expect, it } from 'vitest';
import lib from '../lib.js';
import { jaccard, nearDuplicateCorpus, shingles } from '../similarity/lib.js';

const { analyzeHistory } = lib;

describe('analyzeHistory on a history longer than 200 notes (LSH path)', () => {
  it('finds the same cloned notes as comparing every pair exactly', () => {
    // 45 families of 6 notes (270 notes): near-copies at 0-12 % of words changed, so similarities span the
    // threshold; shuffled so copies are spread over the history.
    const corpus = nearDuplicateCorpus(45, 5, 7);
    const order = corpus.map((_, i) => (i * 97) % corpus.length);
    const notes = order.map((k, i) => ({
      id: corpus[k]!.id,
      patientId: 'p',
      date: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
      text: corpus[k]!.text,
    }));
    const report = analyzeHistory(notes);
    const sets = notes.map((n) => shingles(n.text));
    const expected: string[] = [];
    for (let i = 1; i < notes.length; i++) {
      for (let j = 0; j < i; j++) {
        if (jaccard(sets[i]!, sets[j]!) >= 0.85) {
          expected.push(notes[i]!.id);
          break;
        }
      }
    }
    expect(expected.length, 'the corpus has clones to find').toBeGreaterThan(50);
    const found = report.findings.filter((f) => f.ruleId === 'history/cloned-note').map((f) => f.noteId);
    expect(found).toEqual(expected);
    // Every note's best prior is exact when it is at or above the LSH floor.
    for (let i = 1; i < notes.length; i++) {
      let best = 0;
      for (let j = 0; j < i; j++) best = Math.max(best, jaccard(sets[i]!, sets[j]!));
      const entry = report.notes[i]!;
      if (best >= 0.6) expect(entry.maxSimilarityToPrior, notes[i]!.id).toBeCloseTo(best, 12);
      expect(entry.similarityToPrevious, notes[i]!.id).toBeCloseTo(jaccard(sets[i]!, sets[i - 1]!), 12);
    }
  });
});
