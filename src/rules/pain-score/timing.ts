// When a pain score was taken relative to today's procedure, and which procedures need the pair. Shared
// by `pain-score/missing-pre` and `pain-score/missing-post`.
import { z } from 'zod';
import type { PerformedProcedure } from '../../analyze/facts.js';
import { lookupCode } from '../../extract/procedures.js';
import { PROCEDURE_TYPES, type PainScore, type ProcedureType } from '../../facts.js';
import type { NoteState } from '../types.js';

/** Injections and ablations: the immediate response is the result a reviewer reads (diagnostic blocks above all). */
export const SCORED_PROCEDURES: readonly ProcedureType[] = [
  'interlaminar-esi',
  'transforaminal-esi',
  'caudal-esi',
  'esi-unspecified',
  'facet-joint-injection',
  'medial-branch-block',
  'radiofrequency-ablation',
  'si-joint-injection',
  'trigger-point-injection',
  'peripheral-nerve-block',
];

export const scoredOptions = z
  .object({ procedures: z.array(z.enum(PROCEDURE_TYPES)).default([...SCORED_PROCEDURES]) })
  .strict();
export type ScoredOptions = z.infer<typeof scoredOptions>;

/**
 * Today's procedures that need a pre- and a post-procedure score. A peripheral nerve block named only in
 * the text is left out: in operative notes it is the surgeon's anesthesia (an ilioinguinal block during a
 * hernia repair), not a pain procedure; billed (a block code on the claim or written in the note, or the
 * `procedure` field), it counts, even when the text names it too ("Suprascapular nerve block (64418)").
 * A block given as the surgery's anesthesia is not among `note.performed` at all.
 */
export function scoredProcedures(note: NoteState, types: readonly ProcedureType[]): PerformedProcedure[] {
  const billedBlock = [...note.cpt, ...note.facts.codes.map((c) => c.code)].some((c) => lookupCode(c)?.type === 'peripheral-nerve-block');
  return note.performed.filter((p) => types.includes(p.type) && (p.type !== 'peripheral-nerve-block' || p.source !== 'text' || billedBlock));
}

// Scores in these sections describe another time or person (a past history, a medication list), not today.
const OTHER_TIME = new Set(['past-history', 'family-history', 'social-history', 'allergies', 'medications']);
// Sections a note writes before it does the procedure: their undated scores are the intake (pre) score.
const BEFORE = new Set(['hpi', 'review-of-systems', 'exam', 'pre-procedure']);

/**
 * This visit's observed scores, split into before and after the procedure. A score the extractor dated
 * ('pre'/'post') keeps its timing. An undated one is read from where it stands: in the history, review of
 * systems or exam it is the intake score; in a post-procedure or recovery section it is the response;
 * elsewhere it is before or after the last text mention of the procedure done (a note that names the
 * procedure only in its claim has no "after": its undated scores are intake scores).
 */
export function scoresAroundProcedure(note: NoteState): { pre: PainScore[]; post: PainScore[] } {
  const pre: PainScore[] = [];
  const post: PainScore[] = [];
  const mentions = note.performed.flatMap((p) => (p.span ? [p.span] : []));
  const act = mentions.length ? mentions.reduce((a, b) => (b.start > a.start ? b : a)) : undefined;
  for (const s of note.facts.painScores) {
    if (s.kind === 'goal') continue;
    const category = note.doc.sectionAt(s.span.start)?.category ?? 'other';
    if (OTHER_TIME.has(category)) continue;
    if (s.timing === 'pre') pre.push(s);
    else if (s.timing === 'post') post.push(s);
    else if (category === 'post-procedure') post.push(s);
    else if (BEFORE.has(category) || act === undefined || s.span.start < act.start) pre.push(s);
    else if (s.span.start >= act.end) post.push(s);
  }
  return { pre, post };
}
