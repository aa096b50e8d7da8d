import { z } from 'zod';
import { evidenceOf, type NoteRule } from '../types.js';
import { priorNotesOption, trialsOf } from './trials.js';

interface Options {
  includePriorNotes: boolean;
}

/**
 * `conservative-therapy/missing`: a procedure note with no documented trial of conservative therapy.
 *
 * @example
 * conservativeTherapyMissing.check({ note, prior: [] }, { includePriorNotes: true });
 * // [{ noteId: 'n1', message: 'Procedure note (transforaminal-esi) documents no trial of conservative therapy ...', data: { procedures: ['transforaminal-esi'] } }]
 */
export const conservativeTherapyMissing: NoteRule<Options> = {
  id: 'conservative-therapy/missing',
  scope: 'note',
  meta: {
    description: 'A procedure note with no documented trial of conservative therapy (physical therapy, medication, exercise, ...).',
    defaultSeverity: 'error',
    docs: [
      'Payers cover spinal injections, facet interventions and ablations only after conservative care has been',
      'tried (Medicare LCD L39240 for epidural steroid injections, L38773/L38801 for facet interventions), and a',
      'claim whose record never mentions it is denied as not medically necessary. Flagged: a note that documents',
      'a procedure done at this visit (in its text, its CPT codes or its `procedure` field) while neither it nor',
      'the patient\'s earlier notes (`includePriorNotes`, default true) mention any conservative therapy the',
      'patient has had or is having, generic ("failed conservative care") or specific. Avoided false positives:',
      'notes without a procedure today (consults, follow-ups) are never flagged, and the earlier consult that',
      'documented the therapy counts. Not counted as a trial: therapy that is only planned, declined or denied,',
      'drugs given during the procedure, labs (PT/INR) and radiation or chemotherapy. Payers differ; the',
      'option is configurable.',
    ].join(' '),
    options: z.object(priorNotesOption).strict(),
  },
  check(context, { includePriorNotes }) {
    const { note } = context;
    if (note.performed.length === 0 || trialsOf(context, includePriorNotes).length > 0) return [];
    const procedures = [...new Set(note.performed.map((p) => p.type))];
    return [
      {
        noteId: note.id,
        message: `Procedure note (${procedures.join(', ')}) documents no trial of conservative therapy${includePriorNotes ? ', nor do the patient\'s earlier notes' : ''}; state which therapies were tried, for how long and with what result.`,
        evidence: evidenceOf(note.id, note.performed.flatMap((p) => (p.span ? [{ span: p.span }] : []))),
        data: { procedures },
      },
    ];
  },
};
