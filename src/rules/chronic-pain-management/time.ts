import { z } from 'zod';
import type { NoteRule } from '../types.js';
import { evidenceOf } from '../types.js';
import { chronicCareBilling } from './billed.js';

export interface ChronicCareTimeOptions {
  /** Minutes G3002 needs (default 30). */
  baseMinutes: number;
  /** Minutes each G3003 unit adds (default 15, a full increment). */
  addOnMinutes: number;
}

/**
 * `chronic-pain-management/time`: a G3002/G3003 note without a time attestation that covers what it bills.
 *
 * @example
 * chronicCareTime.check({ note, prior: [] }, { baseMinutes: 30, addOnMinutes: 15 });
 * // [{ noteId: 'n1', message: 'G3002, G3003 x1 need 45 minutes of documented time; 35 are documented.', data: { requiredMinutes: 45, documentedMinutes: 35, ... } }]
 */
export const chronicCareTime: NoteRule<ChronicCareTimeOptions> = {
  id: 'chronic-pain-management/time',
  scope: 'note',
  meta: {
    description: 'A chronic pain management note (G3002/G3003) without a time attestation covering the minutes billed.',
    defaultSeverity: 'error',
    docs: [
      'G3002 (chronic pain management, first 30 minutes in the month) and G3003 (each additional 15 minutes)',
      'are time-based: CMS pays them only when the clinician\'s time is documented, and an auditor recovers',
      'the payment when it is not. The rule reads the codes from the claim (`cpt`) or from the text, counts',
      'G3003 units from the claim\'s repeats or the units written with the code, and flags the note when no time',
      'is attested (`data.kind` "missing") or the attested time is below 30 minutes plus 15 per G3003 unit',
      '("short"). The documented time is the largest total time stated, or else the largest single statement:',
      'parts are not added up, because counseling time is usually part of the face-to-face time. Avoided false',
      'positives: procedure, fluoroscopy, observation and symptom durations are not visit time (the time',
      'extractor excludes them), a range counts its lower bound only against the threshold, and notes that bill',
      'neither code are not checked. Options: `baseMinutes` (30), `addOnMinutes` (15); payers differ.',
    ].join(' '),
    options: z
      .object({ baseMinutes: z.number().int().positive().default(30), addOnMinutes: z.number().int().positive().default(15) })
      .strict(),
  },
  check({ note }, { baseMinutes, addOnMinutes }) {
    const billing = chronicCareBilling(note);
    if (!billing) return [];
    const required = baseMinutes + addOnMinutes * billing.g3003Units;
    const billed = `${billing.codes.includes('G3002') ? 'G3002' : ''}${billing.g3003Units ? `${billing.codes.includes('G3002') ? ', ' : ''}G3003 x${String(billing.g3003Units)}` : ''}`;
    const times = note.facts.time;
    const totals = times.filter((t) => t.kind === 'total');
    const counted = totals.length ? totals : times;
    const best = counted.reduce<(typeof times)[number] | undefined>((a, t) => (a === undefined || t.minutes > a.minutes ? t : a), undefined);
    const data = { codes: billing.codes, g3003Units: billing.g3003Units, requiredMinutes: required };
    if (!best) {
      return [{ noteId: note.id, message: `${billed} billed but no time is documented; ${String(required)} minutes are needed.`, evidence: evidenceOf(note.id, billing.spans), data: { kind: 'missing', ...data, documentedMinutes: 0 } }];
    }
    if (best.minutes >= required) return [];
    return [
      {
        noteId: note.id,
        message: `${billed} need ${String(required)} minutes of documented time; ${String(best.minutes)} are documented.`,
        evidence: evidenceOf(note.id, [best, ...billing.spans]),
        data: { kind: 'short', ...data, documentedMinutes: best.minutes },
      },
    ];
  },
};
