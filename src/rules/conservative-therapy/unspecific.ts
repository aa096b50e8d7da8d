import { z } from 'zod';
import type { NoteRule } from '../types.js';
import { priorNotesOption, trialEvidence, trialsOf } from './trials.js';

interface Options {
  includePriorNotes: boolean;
}

/**
 * `conservative-therapy/unspecific`: conservative therapy documented only as a generic phrase, no modality.
 *
 * @example
 * conservativeTherapyUnspecific.check({ note, prior: [] }, { includePriorNotes: true });
 * // [{ noteId: 'n1', message: 'Conservative therapy is documented only generically (1 mention) ...', data: { mentions: 1 } }]
 */
export const conservativeTherapyUnspecific: NoteRule<Options> = {
  id: 'conservative-therapy/unspecific',
  scope: 'note',
  meta: {
    description: 'Conservative therapy documented only as "failed conservative therapy", without naming a single modality.',
    defaultSeverity: 'warning',
    docs: [
      'Reviewers read "failed conservative management" as boilerplate: LCD L39240 (epidural steroid injections)',
      'and L38773/L38801 (facet interventions) ask which noninvasive care was tried (physical therapy, home',
      'exercise, medications, chiropractic, ...), and a generic phrase alone is a common reason for denial.',
      'Flagged: a procedure note whose documented trials of conservative therapy (this note and, with',
      '`includePriorNotes`, the patient\'s earlier notes) are all generic. Avoided false positives: a generic',
      'phrase followed by the therapies it covers ("failed conservative care including PT and naproxen") names',
      'modalities and is not flagged; a named drug counts as a modality; a note with no conservative therapy',
      'at all is left to `conservative-therapy/missing`; notes without a procedure today are not checked.',
    ].join(' '),
    options: z.object(priorNotesOption).strict(),
  },
  check(context, { includePriorNotes }) {
    const { note } = context;
    if (note.performed.length === 0) return [];
    const trials = trialsOf(context, includePriorNotes);
    if (trials.length === 0 || trials.some((t) => t.fact.modality !== 'unspecified')) return [];
    return [
      {
        noteId: note.id,
        message: `Conservative therapy is documented only generically (${trials.length} mention${trials.length === 1 ? '' : 's'}); name the modalities tried (physical therapy, home exercise, medications, ...).`,
        ...trialEvidence(note.id, trials),
        data: { mentions: trials.length },
      },
    ];
  },
};
