import { z } from 'zod';
import { CARE_PLAN_ELEMENTS, type CarePlanElement } from '../../facts.js';
import type { NoteRule } from '../types.js';
import { evidenceOf } from '../types.js';
import { chronicCareBilling } from './billed.js';

export interface ChronicCarePlanOptions {
  /** Elements whose absence is reported (default: pain-scale, goals, medication-management, care-coordination). */
  required: CarePlanElement[];
  /** Elements named in `data.recommendedMissing` when a finding is reported (default: behavioral-health, strengths). */
  recommended: CarePlanElement[];
}

/**
 * `chronic-pain-management/care-plan`: a G3002/G3003 note whose person-centered care plan lacks required elements.
 *
 * @example
 * chronicCarePlan.check({ note, prior: [] }, { required: ['pain-scale', 'goals', 'medication-management', 'care-coordination'], recommended: ['behavioral-health', 'strengths'] });
 * // [{ noteId: 'n1', message: 'The chronic pain care plan lacks 2 required element(s): goals, care-coordination.', data: { missing: ['goals', 'care-coordination'], ... } }]
 */
export const chronicCarePlan: NoteRule<ChronicCarePlanOptions> = {
  id: 'chronic-pain-management/care-plan',
  scope: 'note',
  meta: {
    description: 'A chronic pain management note (G3002/G3003) whose person-centered care plan lacks required elements.',
    defaultSeverity: 'warning',
    docs: [
      'CMS describes G3002/G3003 as including a person-centered plan of care: a validated pain scale (PEG,',
      'BPI, PROMIS), functional goals, medication management, and coordination with other care, with the',
      'patient\'s strengths and behavioral health recommended. A reviewer who finds no care plan elements in a',
      'G3002/G3003 note treats the service as an ordinary visit. The rule reads the codes from the claim or the',
      'text and flags the note when any `required` element is absent (`data.missing`), naming the absent',
      '`recommended` elements too (`data.recommendedMissing`); recommended elements alone never raise a finding.',
      'Avoided false positives: notes that bill neither code are not checked; "goal directed" thought process,',
      'a PEG feeding tube and another clinician\'s past prescriptions are not care plan elements (the care-plan',
      'extractor excludes them). Options: `required`, `recommended` (element ids); payers differ.',
    ].join(' '),
    options: z
      .object({
        required: z.array(z.enum(CARE_PLAN_ELEMENTS)).default(['pain-scale', 'goals', 'medication-management', 'care-coordination']),
        recommended: z.array(z.enum(CARE_PLAN_ELEMENTS)).default(['behavioral-health', 'strengths']),
      })
      .strict(),
  },
  check({ note }, { required, recommended }) {
    const billing = chronicCareBilling(note);
    if (!billing) return [];
    const present = new Set(note.facts.carePlan.map((e) => e.element));
    const missing = required.filter((e) => !present.has(e));
    if (!missing.length) return [];
    const recommendedMissing = recommended.filter((e) => !present.has(e) && !required.includes(e));
    return [
      {
        noteId: note.id,
        message: `The chronic pain care plan lacks ${String(missing.length)} required element(s): ${missing.join(', ')}.`,
        evidence: evidenceOf(note.id, [...note.facts.carePlan, ...billing.spans]),
        data: { codes: billing.codes, missing, recommendedMissing, present: CARE_PLAN_ELEMENTS.filter((e) => present.has(e)) },
      },
    ];
  },
};
