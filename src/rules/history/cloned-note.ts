import { z } from 'zod';
import type { HistoryRule } from '../types.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * `history/cloned-note`: a note nearly identical to an earlier note of the same patient.
 *
 * @example
 * clonedNote.checkHistory(context, { threshold: 0.85 }); // [{ noteId: 'visit-4', relatedNoteIds: ['visit-3'], ... }]
 */
export const clonedNote: HistoryRule<{ threshold: number }> = {
  id: 'history/cloned-note',
  scope: 'history',
  meta: {
    description: 'A note nearly identical to an earlier note of the same patient (copy-forward documentation).',
    defaultSeverity: 'warning',
    docs: [
      'Payers and auditors treat a note that repeats an earlier visit word for word as cloned documentation: it',
      'does not show what was assessed and decided at this visit, and every claim that relies on it is at risk.',
      'Similarity is the exact Jaccard similarity of the notes\' word 3-gram sets, with every number and date',
      'masked, so a note that only changes the date, the pain scores and the vitals is still a clone.',
      'The evidence is the copied passages of the later note. Avoided false positives: shared phrasing shorter',
      'than 8 words is not reported as a copied passage, and templated procedure paragraphs alone rarely reach',
      'the threshold because the rest of a genuine note differs. Option: `threshold` (default 0.85).',
    ].join(' '),
    options: z.object({ threshold: z.number().gt(0).lte(1).default(0.85) }).strict(),
  },
  checkHistory({ notes, similarity }, { threshold }) {
    const findings = [];
    for (let i = 1; i < notes.length; i++) {
      const note = notes[i];
      if (!note || (note.comparison.maxSimilarityToPrior ?? 0) < threshold) continue;
      const related: { id: string; similarity: number }[] = [];
      for (let j = 0; j < i; j++) {
        const s = similarity(i, j);
        if (s !== undefined && s >= threshold) related.push({ id: (notes[j] as { id: string }).id, similarity: s });
      }
      // Most similar first: the note it was most likely copied from leads.
      related.sort((a, b) => b.similarity - a.similarity);
      const relatedIds = new Set(related.map((r) => r.id));
      const top = related[0] as { id: string; similarity: number };
      findings.push({
        noteId: note.id,
        message: `Note is ${pct(top.similarity)} identical to an earlier note of this patient (threshold ${pct(threshold)}); it may be read as cloned documentation.`,
        relatedNoteIds: related.map((r) => r.id),
        evidence: note.comparison.copiedSpans.filter((s) => relatedIds.has(s.fromNoteId)).map((s) => ({ noteId: note.id, start: s.start, end: s.end })),
        data: { similarity: top.similarity, threshold, copiedFraction: note.comparison.copiedFraction, similarities: related },
      });
    }
    return findings;
  },
};
