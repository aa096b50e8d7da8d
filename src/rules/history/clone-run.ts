import { z } from 'zod';
import type { HistoryRule, RawFinding } from '../types.js';

/**
 * `history/clone-run`: consecutive visits that are all near-identical to each other.
 *
 * @example
 * cloneRun.checkHistory(context, { minRun: 3, threshold: 0.85 }); // [{ noteId: 'visit-5', data: { length: 3, ... } }]
 */
export const cloneRun: HistoryRule<{ minRun: number; threshold: number }> = {
  id: 'history/clone-run',
  scope: 'history',
  meta: {
    description: 'Consecutive visits whose notes are pairwise near-identical (a run of cloned notes).',
    defaultSeverity: 'error',
    docs: [
      'Algorithmic payer reviews look for runs of near-identical notes for one patient (commonly five in a row)',
      'and put every claim of the run at risk at once. A run is a stretch of consecutive visits in which every',
      'two notes, not only neighbours, are at least `threshold` similar (default 0.85): a slow drift where each',
      'note copies the last but the first and last differ is not a run. The finding sits on the last note of',
      'each maximal run; `relatedNoteIds` are the others and `data.length` the run length. Options: `minRun`',
      '(default 3; use 5 for the payer pattern) and `threshold`.',
    ].join(' '),
    options: z.object({ minRun: z.number().int().min(2).default(3), threshold: z.number().gt(0).lte(1).default(0.85) }).strict(),
  },
  checkHistory({ notes, similarity }, { minRun, threshold }) {
    const findings: RawFinding[] = [];
    // start[j]: first note of the longest run ending at j in which every pair is at or above the threshold.
    // The run ending at j-1 is already pairwise similar, so only j against it needs checking.
    let start = 0;
    const starts: number[] = [];
    for (let j = 0; j < notes.length; j++) {
      let s = j === 0 ? 0 : Math.max(start, 0);
      for (let k = j - 1; k >= s; k--) {
        const sim = similarity(j, k);
        if (sim === undefined || sim < threshold) {
          s = k + 1;
          break;
        }
      }
      start = s;
      starts.push(s);
    }
    for (let j = 0; j < notes.length; j++) {
      const s = starts[j] as number;
      const length = j - s + 1;
      // Maximal: the next visit does not extend this run (it starts later, or there is none).
      const maximal = j === notes.length - 1 || (starts[j + 1] as number) > s;
      if (length < minRun || !maximal) continue;
      const run = notes.slice(s, j + 1);
      let min = 1;
      for (let a = s; a <= j; a++) for (let b = a + 1; b <= j; b++) min = Math.min(min, similarity(a, b) ?? 0);
      const last = run[run.length - 1] as (typeof notes)[number];
      findings.push({
        noteId: last.id,
        message: `Visits ${s + 1} to ${j + 1} of this patient (${length} in a row) are pairwise at least ${Math.round(min * 100)}% identical; payers review such runs as cloned documentation.`,
        relatedNoteIds: run.slice(0, -1).map((n) => n.id),
        data: { length, minSimilarity: min, threshold, firstNoteId: (run[0] as { id: string }).id, dates: run.map((n) => n.date) },
      });
    }
    return findings;
  },
};
