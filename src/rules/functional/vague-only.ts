import { z } from 'zod';
import { evidenceOf, type NoteRule } from '../types.js';

const NO_OPTIONS = z.object({}).strict();

/**
 * `functional/vague-only`: the note claims improvement only in vague words ("doing better", "function
 * improved") and never says what the patient can now do.
 *
 * @example
 * functionalVagueOnly.check({ note, prior: [] }, {});
 * // [{ noteId: 'n1', message: 'Improvement is claimed only in vague terms (2 statements) ...', data: { vagueClaims: 2 } }]
 */
export const functionalVagueOnly: NoteRule<z.infer<typeof NO_OPTIONS>> = {
  id: 'functional/vague-only',
  scope: 'note',
  meta: {
    description: 'Improvement claimed only in vague language ("doing better"), with no measurable functional gain.',
    defaultSeverity: 'warning',
    docs: [
      'A repeat injection or ablation is covered when the earlier one brought documented, measurable',
      'improvement (LCD L39240: 50% relief or functional improvement for 3 months; L38773/L38801 for facet',
      'interventions), and reviewers reject "doing much better" or "function improved" as unverifiable.',
      'Flagged: a note with at least one improvement claim that names no activity, measure, device or scale',
      '("feels better", "ADLs are increased", "more active") and no specific improvement ("can now walk 20',
      'minutes", "returned to work full duty", "ODI 48% to 22%"). Avoided false positives: a denied',
      'improvement ("no functional improvement") is not a claim; a note with no improvement claim at all is not',
      'flagged; "tolerated the procedure well" is not a functional claim; one specific statement anywhere in the',
      'note clears it. Pain relief in percent does not make a functional claim specific: the finding asks for',
      'the activity that improved. Applies to every note, not only procedure notes: follow-up visits are where',
      'improvement is claimed.',
    ].join(' '),
    options: NO_OPTIONS,
  },
  check({ note }) {
    const functional = note.facts.functional;
    if (functional.some((s) => s.kind === 'improvement' && s.specific && !s.negated)) return [];
    const vague = functional.filter((s) => !s.negated && (s.kind === 'vague' || (s.kind === 'improvement' && !s.specific)));
    if (vague.length === 0) return [];
    return [
      {
        noteId: note.id,
        message: `Improvement is claimed only in vague terms (${vague.length} statement${vague.length === 1 ? '' : 's'}); say what the patient can now do and how much (activity, distance, time, work status or a scale score).`,
        evidence: evidenceOf(note.id, vague),
        data: { vagueClaims: vague.length },
      },
    ];
  },
};
