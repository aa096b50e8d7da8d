import { z } from 'zod';
import { DECAY_ELEMENTS, presentElements, type DecayElement } from '../../history/specificity.js';
import type { HistoryNoteState, HistoryRule, RawFinding } from '../types.js';

const ELEMENT_NAMES: Record<DecayElement, string> = {
  'pain-scores': 'pain scores',
  relief: 'relief from the last procedure',
  'specific-functional': 'specific functional status',
  'dated-therapy': 'dated conservative therapy',
};

interface DecayOptions {
  minVisits: number;
  minScoreDrop: number;
  minLengthDrop: number;
}

/**
 * `history/documentation-decay`: repeat visits whose notes say less and less about the patient.
 *
 * @example
 * documentationDecay.checkHistory(context, { minVisits: 3, minScoreDrop: 0.15, minLengthDrop: 0.15 });
 */
export const documentationDecay: HistoryRule<DecayOptions> = {
  id: 'history/documentation-decay',
  scope: 'history',
  meta: {
    description: 'Specificity that falls across repeat visits: facts documented earlier go missing, or the notes thin out.',
    defaultSeverity: 'warning',
    docs: [
      'A first note is usually thorough; by the sixth visit it often no longer says why this procedure, for',
      'this patient, today, and a reviewer reading the latest claim sees only that note. Each note is compared',
      'with all earlier notes of the patient. A note is flagged when (a) elements documented in an earlier visit (pain scores, relief',
      'from the last procedure, specific functional status, dated conservative therapy) are missing from it and',
      'from the visit before it, and its specificity score is at least `minScoreDrop` below the best earlier',
      'visit; or (b) over the last `minVisits` visits (default 3) both the specificity score and the note length',
      'fell at every visit, by at least `minScoreDrop` (default 0.15) and `minLengthDrop` (default 15%) in all.',
      'Avoided false positives: one visit that omits an element is not decay (it must be missing twice running),',
      'and a note that drops an element but is as specific overall is not flagged. `data` names the lost',
      'elements and gives the score and length trend; evidence points at vague functional statements, if any.',
    ].join(' '),
    options: z
      .object({
        minVisits: z.number().int().min(3).default(3),
        minScoreDrop: z.number().gt(0).lte(1).default(0.15),
        minLengthDrop: z.number().gt(0).lt(1).default(0.15),
      })
      .strict(),
  },
  checkHistory({ notes }, options) {
    const findings: RawFinding[] = [];
    for (let t = 2; t < notes.length; t++) {
      const finding = decayAt(notes, t, options);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function decayAt(group: readonly HistoryNoteState[], t: number, o: DecayOptions): RawFinding | undefined {
  const note = group[t] as HistoryNoteState;
  const previous = group[t - 1] as HistoryNoteState;
  const score = note.specificity.score;
  const now = presentElements(note.specificity);
  const before = presentElements(previous.specificity);

  // (a) elements lost: documented in some visit before the previous one, missing now and at the previous visit.
  let best = group[0] as HistoryNoteState;
  const earlier = new Set<DecayElement>();
  for (let j = 0; j < t - 1; j++) {
    const g = group[j] as HistoryNoteState;
    for (const e of presentElements(g.specificity)) earlier.add(e);
    if (g.specificity.score > best.specificity.score) best = g;
  }
  const lost = DECAY_ELEMENTS.filter((e) => earlier.has(e) && !now.has(e) && !before.has(e));
  const lostDecay = lost.length > 0 && best.specificity.score - score >= o.minScoreDrop;

  // (b) a steady fall of score and length over the last minVisits visits.
  let trend = false;
  if (t + 1 >= o.minVisits) {
    const window = group.slice(t + 1 - o.minVisits, t + 1);
    let falling = true;
    for (let k = 1; k < window.length; k++) {
      const a = window[k - 1] as HistoryNoteState;
      const b = window[k] as HistoryNoteState;
      if (!(b.specificity.score < a.specificity.score && b.comparison.tokens < a.comparison.tokens)) falling = false;
    }
    const first = window[0] as HistoryNoteState;
    trend =
      falling &&
      first.specificity.score - score >= o.minScoreDrop &&
      note.comparison.tokens <= first.comparison.tokens * (1 - o.minLengthDrop);
  }
  if (!lostDecay && !trend) return undefined;

  const upTo = group.slice(0, t + 1);
  const names = lost.map((e) => ELEMENT_NAMES[e]);
  const parts: string[] = [];
  if (lostDecay) parts.push(`${names.join(', ')} documented at an earlier visit ${lost.length === 1 ? 'is' : 'are'} missing from this note and the previous one`);
  if (trend) parts.push(`specificity and length fell at each of the last ${o.minVisits} visits`);
  return {
    noteId: note.id,
    message: `Documentation has thinned across repeat visits: ${parts.join('; ')} (specificity ${best.specificity.score.toFixed(2)} at best, ${score.toFixed(2)} now).`,
    relatedNoteIds: upTo.slice(0, -1).map((n) => n.id),
    evidence: note.facts.functional
      .filter((f) => f.kind === 'vague' || !f.specific)
      .map((f) => ({ noteId: note.id, start: f.span.start, end: f.span.end })),
    data: {
      lostElements: lostDecay ? lost : [],
      trend: trend ? 'falling' : 'none',
      baselineNoteId: best.id,
      baselineScore: best.specificity.score,
      score,
      specificityTrend: upTo.map((n) => n.specificity.score),
      tokenTrend: upTo.map((n) => n.comparison.tokens),
      procedure: note.procedure ?? null,
    },
  };
}
