import { z } from 'zod';
import type { NoteRule } from '../types.js';
import { modalityName, priorNotesOption, trialEvidence, trialsOf } from './trials.js';

interface Options {
  includePriorNotes: boolean;
}

/**
 * `conservative-therapy/undated`: trials of conservative therapy with neither a duration nor dates.
 *
 * @example
 * conservativeTherapyUndated.check({ note, prior: [] }, { includePriorNotes: true });
 * // [{ noteId: 'n1', message: 'No trial of conservative therapy (physical therapy, nsaid) has a duration or dates ...', data: { trials: 2, modalities: ['physical-therapy', 'nsaid'] } }]
 */
export const conservativeTherapyUndated: NoteRule<Options> = {
  id: 'conservative-therapy/undated',
  scope: 'note',
  meta: {
    description: 'Conservative therapy documented without any duration or dates, so its length cannot be checked.',
    defaultSeverity: 'warning',
    docs: [
      'Coverage policies set a minimum length of conservative care before an injection (LCD L39240: 4 weeks',
      'for epidural steroid injections; L38773/L38801: pain of at least 3 months despite conservative care for',
      'facet interventions), so a reviewer must be able to read how long it lasted. Flagged: a procedure note',
      'whose documented trials (this note and, with `includePriorNotes`, the patient\'s earlier notes) all lack',
      'both a duration ("6 weeks of PT", "for 2 months") and dates ("from March to May 2025"). Avoided false',
      'positives: one dated trial is enough, because the length of conservative care is read from the longest',
      'documented course, not from every item of a medication list; the duration of the pain itself ("back',
      'pain for 6 months") is not the therapy\'s and does not count either way; a visit count alone ("12 PT',
      'visits") is not a duration. Notes without a procedure today or without any trial are not checked.',
    ].join(' '),
    options: z.object(priorNotesOption).strict(),
  },
  check(context, { includePriorNotes }) {
    const { note } = context;
    if (note.performed.length === 0) return [];
    const trials = trialsOf(context, includePriorNotes);
    if (trials.length === 0 || trials.some((t) => t.fact.durationWeeks !== undefined || t.fact.dates !== undefined)) return [];
    const modalities = [...new Set(trials.map((t) => t.fact.modality))];
    return [
      {
        noteId: note.id,
        message: `No trial of conservative therapy (${modalities.map(modalityName).join(', ')}) has a duration or dates; state how long each was tried.`,
        ...trialEvidence(note.id, trials),
        data: { trials: trials.length, modalities },
      },
    ];
  },
};
