import { z } from 'zod';
import type { NoteRule } from '../types.js';
import { modalityName, priorNotesOption, trialEvidence, trialsOf } from './trials.js';

interface Options {
  includePriorNotes: boolean;
}

/**
 * `conservative-therapy/outcome-missing`: conservative therapy documented without what came of it.
 *
 * @example
 * conservativeTherapyOutcomeMissing.check({ note, prior: [] }, { includePriorNotes: true });
 * // [{ noteId: 'n1', message: 'No trial of conservative therapy (physical therapy) states its result ...', data: { trials: 1, modalities: ['physical-therapy'] } }]
 */
export const conservativeTherapyOutcomeMissing: NoteRule<Options> = {
  id: 'conservative-therapy/outcome-missing',
  scope: 'note',
  meta: {
    description: 'Conservative therapy documented without its result (failed, partial, helped, not tolerated).',
    defaultSeverity: 'warning',
    docs: [
      'An injection is covered after conservative care has failed (LCD L39240 for epidural steroid injections,',
      'L38773/L38801 for facet interventions): "completed 6 weeks of PT" does not say that it failed, and a',
      'reviewer cannot infer it. Flagged: a procedure note whose documented trials (this note and, with',
      '`includePriorNotes`, the patient\'s earlier notes) never state a result: no failure, partial or no',
      'relief, benefit, or intolerance. An outcome written as unknown ("unclear whether it helped") is not a',
      'result. Avoided false positives: one trial with its result is enough (a medication list under a',
      'documented failed course of therapy is not flagged item by item); notes without a procedure today or',
      'without any trial are not checked (see `conservative-therapy/missing`). Payers differ; configurable.',
    ].join(' '),
    options: z.object(priorNotesOption).strict(),
  },
  check(context, { includePriorNotes }) {
    const { note } = context;
    if (note.performed.length === 0) return [];
    const trials = trialsOf(context, includePriorNotes);
    if (trials.length === 0 || trials.some((t) => t.fact.outcome !== undefined && t.fact.outcome !== 'unknown')) return [];
    const modalities = [...new Set(trials.map((t) => t.fact.modality))];
    return [
      {
        noteId: note.id,
        message: `No trial of conservative therapy (${modalities.map(modalityName).join(', ')}) states its result; document whether it failed, helped partly or was not tolerated.`,
        ...trialEvidence(note.id, trials),
        data: { trials: trials.length, modalities },
      },
    ];
  },
};
