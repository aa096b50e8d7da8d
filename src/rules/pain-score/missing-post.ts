import { evidenceOf, type NoteRule } from '../types.js';
import { scoredOptions, scoredProcedures, scoresAroundProcedure, type ScoredOptions } from './timing.js';

/**
 * `pain-score/missing-post`: a procedure note without a pain score taken after the procedure.
 *
 * @example
 * missingPost.check({ note, prior: [] }, { procedures: ['medial-branch-block'] });
 * // [{ noteId: 'n1', message: 'medial-branch-block documented without a post-procedure pain score ...', data: { procedures: ['medial-branch-block'], preScores: 1, postScores: 0 } }]
 */
export const missingPost: NoteRule<ScoredOptions> = {
  id: 'pain-score/missing-post',
  scope: 'note',
  meta: {
    description: 'An injection or ablation note without a pain score taken after the procedure.',
    defaultSeverity: 'error',
    docs: [
      'The post-procedure score is the immediate result of an injection: for a diagnostic medial branch block',
      'it is the whole result (Medicare LCDs L38773/L38801 require 80% relief from each of two blocks before',
      'radiofrequency ablation), and for an epidural it is the first evidence that the level treated is the pain',
      'generator. Flagged: a note documenting an injection or ablation done today (epidural, facet, medial',
      'branch, radiofrequency ablation, SI joint, trigger point, or a billed peripheral block) with no observed',
      '0-10 score after it. A score the extractor marks "post" counts; so does an undated one in a post-procedure',
      'or recovery section, or written after the last mention of the procedure done. Avoided false positives:',
      'notes with nothing performed today, an intake score written before the procedure (it is the pre score,',
      'not the response), goal scores, and peripheral blocks given as anesthesia in operative notes. Option',
      '`procedures`: the procedure types that need the score.',
    ].join(' '),
    options: scoredOptions,
  },
  check({ note }, { procedures }) {
    const done = scoredProcedures(note, procedures);
    if (done.length === 0) return [];
    const { pre, post } = scoresAroundProcedure(note);
    if (post.length > 0) return [];
    const types = [...new Set(done.map((p) => p.type))];
    return [
      {
        noteId: note.id,
        message: `${types.join(', ')} documented without a post-procedure pain score: the immediate response is not recorded.`,
        evidence: evidenceOf(note.id, done.filter((p): p is typeof p & { span: { start: number; end: number } } => p.span !== undefined)),
        data: { procedures: types, preScores: pre.length, postScores: 0 },
      },
    ];
  },
};
