import { evidenceOf, type NoteRule } from '../types.js';
import { scoredOptions, scoredProcedures, scoresAroundProcedure, type ScoredOptions } from './timing.js';

/**
 * `pain-score/missing-pre`: a procedure note without a pain score taken before the procedure.
 *
 * @example
 * missingPre.check({ note, prior: [] }, { procedures: ['transforaminal-esi'] });
 * // [{ noteId: 'n1', message: 'transforaminal-esi documented without a pre-procedure pain score ...', data: { procedures: ['transforaminal-esi'], postScores: 1 } }]
 */
export const missingPre: NoteRule<ScoredOptions> = {
  id: 'pain-score/missing-pre',
  scope: 'note',
  meta: {
    description: 'An injection or ablation note without a pain score taken before the procedure.',
    defaultSeverity: 'error',
    docs: [
      'A reviewer judges an injection by the change it made: without a baseline score the immediate response',
      '(and, for a diagnostic medial branch block, the 80% relief that qualifies the patient for ablation) cannot',
      'be computed, and a later repeat cannot show its relief. Flagged: a note documenting an injection or',
      'ablation done today (epidural, facet, medial branch, radiofrequency ablation, SI joint, trigger point, or',
      'a billed peripheral block) with no observed 0-10 score before it. A score the extractor marks "pre" counts;',
      'so does an undated one in the history, review of systems or exam, or anywhere before the last mention of',
      'the procedure done. Avoided false positives: consultations and follow-ups that only plan or recall a',
      'procedure (nothing performed), goal scores ("goal 3/10"), scores in past-history or medication sections,',
      'and peripheral blocks given as anesthesia in operative notes. Option `procedures`: the procedure types',
      'that need the score.',
    ].join(' '),
    options: scoredOptions,
  },
  check({ note }, { procedures }) {
    const done = scoredProcedures(note, procedures);
    if (done.length === 0) return [];
    const { pre, post } = scoresAroundProcedure(note);
    if (pre.length > 0) return [];
    const types = [...new Set(done.map((p) => p.type))];
    return [
      {
        noteId: note.id,
        message: `${types.join(', ')} documented without a pre-procedure pain score: the response to the procedure cannot be measured.`,
        evidence: evidenceOf(note.id, done.filter((p): p is typeof p & { span: { start: number; end: number } } => p.span !== undefined)),
        data: { procedures: types, preScores: 0, postScores: post.length },
      },
    ];
  },
};
