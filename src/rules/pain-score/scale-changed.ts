import { z } from 'zod';
import verbalData from '../../../lexicons/pain-verbal-ratings.json';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField } from '../../lexicon.js';
import { evidenceOf, type NoteRule, type NoteState } from '../types.js';

// Intensity in words ("pain is moderate"): a rating, but on no 0-10 scale a change can be computed on.
const verbalRatings = loadLexicon(
  'pain-verbal-ratings',
  verbalData,
  z.object({ ...entryBase, ...termsField }).refine(needsTerms, 'an entry needs terms or a pattern').refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
const verbalMatcher = new TermMatcher(verbalRatings.entries);

type Scale = 'nrs' | 'vas' | 'numeric' | 'verbal';
// Scores there belong to another time or person.
const OTHER_TIME = new Set(['past-history', 'family-history', 'social-history', 'allergies', 'medications']);

/** The scales a note rates pain on, with the evidence. Words count only when no number is given. */
export function painScalesOf(note: NoteState): { scales: Set<Scale>; spans: { span: { start: number; end: number } }[] } {
  const scales = new Set<Scale>();
  const spans: { span: { start: number; end: number } }[] = [];
  for (const s of note.facts.painScores) {
    if (s.kind === 'goal' || OTHER_TIME.has(note.doc.sectionAt(s.span.start)?.category ?? '')) continue;
    scales.add(s.scale === 'unspecified' ? 'numeric' : s.scale);
    spans.push(s);
  }
  if (scales.size > 0) return { scales, spans };
  for (const m of verbalMatcher.matches(note.doc.lower, note.doc.tokens)) {
    if (OTHER_TIME.has(note.doc.sectionAt(m.start)?.category ?? '')) continue;
    const span = { start: m.start, end: m.end };
    // A section's own mood (a "Follow-up:" header reads as a plan) does not void a rating in it.
    if (note.doc.assertionsAt(span).some((a) => a.direction !== 'SECTION' && a.category !== 'possible')) continue;
    scales.add('verbal');
    spans.push({ span });
  }
  return { scales, spans };
}

const numeric = (s: Set<Scale>) => s.has('nrs') || s.has('vas') || s.has('numeric');
// NRS and VAS are different instruments; an unnamed "x/10" is read as either.
const named = (s: Set<Scale>) => new Set([...s].filter((x) => x === 'nrs' || x === 'vas'));
const label = (s: Set<Scale>) => [...s].sort().join('+');

/**
 * `pain-score/scale-changed`: pain rated on a different scale from the patient's baseline.
 *
 * @example
 * scaleChanged.check({ note, prior }, {});
 * // [{ noteId: 'visit-2', relatedNoteIds: ['visit-1'], message: 'Pain rated verbal here but numeric at baseline ...', data: { baseline: 'numeric', current: 'verbal' } }]
 */
export const scaleChanged: NoteRule<Record<string, never>> = {
  id: 'pain-score/scale-changed',
  scope: 'note',
  meta: {
    description: "Pain rated on a different scale from the patient's baseline note, so the change cannot be computed.",
    defaultSeverity: 'warning',
    docs: [
      'Relief is judged as a change on one scale: "50% relief" from an injection means the same instrument read',
      'before and after. A follow-up that rates pain in words ("pain is moderate") after a baseline of 8/10, or',
      'on a VAS after a baseline NRS, leaves the reviewer unable to compute the response that a repeat procedure',
      'needs. Flagged: a note whose pain ratings use another scale than the earliest earlier note of the patient',
      'that rated pain: numbers against words, or NRS against VAS when both notes name their scale. Avoided',
      'false positives: an unnamed "7/10" matches either NRS or VAS; words count only in a note that gives no',
      'number (a note with "severe pain, 8/10" rates numerically); goal scores, negated or historical words and',
      'past-history sections are ignored; a note without any rating, or without an earlier rated note, is not',
      'compared (analyzeNote sees no earlier notes).',
    ].join(' '),
    options: z.object({}).strict(),
  },
  check({ note, prior }) {
    if (prior.length === 0) return [];
    const current = painScalesOf(note);
    if (current.scales.size === 0) return [];
    let baseline: { note: NoteState; scales: Set<Scale> } | undefined;
    for (const p of prior) {
      const s = painScalesOf(p);
      if (s.scales.size > 0) {
        baseline = { note: p, scales: s.scales };
        break;
      }
    }
    if (!baseline) return [];
    const b = baseline.scales;
    const c = current.scales;
    const nb = named(b);
    const nc = named(c);
    const changed = numeric(b) !== numeric(c) || (nb.size > 0 && nc.size > 0 && ![...nc].some((x) => nb.has(x)));
    if (!changed) return [];
    return [
      {
        noteId: note.id,
        relatedNoteIds: [baseline.note.id],
        message: `Pain rated ${label(c)} in this note but ${label(b)} at the baseline note: the change in pain cannot be computed.`,
        evidence: evidenceOf(note.id, current.spans),
        data: { baseline: label(b), current: label(c), baselineNoteId: baseline.note.id },
      },
    ];
  },
};
