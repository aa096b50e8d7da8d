import { z } from 'zod';
import type { PainRelief } from '../../facts.js';
import { evidenceOf, type NoteRule, type NoteState } from '../types.js';
import { earlierSessions, statedPriorSessions, todayGroups } from './sessions.js';

const options = z
  .object({
    /** Least relief, in percent, the previous session must have given (0: any stated percent). */
    minPercent: z.number().min(0).max(100).default(0),
    /** Least duration of that relief, in weeks (0: a duration must be stated, of any length). */
    minWeeks: z.number().min(0).default(0),
    /** Least relief from a diagnostic medial branch block before a second block; its duration is hours, not asked. */
    diagnosticMinPercent: z.number().min(0).max(100).default(0),
  })
  .strict();
type Options = z.infer<typeof options>;

// Relief hoped for ("repeat if she gets 50% relief") is not a response. The test is the wording, not the
// section: a "Follow-up:" header counts as a plan section, and follow-up visits are where relief is reported.
const relievedHere = (note: NoteState) =>
  note.facts.reliefs.filter((r) => !note.doc.assertionsAt(r.span).some((a) => a.direction !== 'SECTION' && a.category === 'hypothetical'));

/**
 * `repeat-procedure/response-undocumented`: a repeat procedure without the relief the previous one gave.
 *
 * @example
 * responseUndocumented.check({ note, prior }, { minPercent: 50, minWeeks: 13, diagnosticMinPercent: 80 });
 * // [{ noteId: 'visit-3', relatedNoteIds: ['visit-1'], message: 'Repeat esi (lumbar) ...', data: { family: 'esi', best: { percent: 30, durationWeeks: 4 } } }]
 */
export const responseUndocumented: NoteRule<Options> = {
  id: 'repeat-procedure/response-undocumented',
  scope: 'note',
  meta: {
    description: 'A repeat procedure whose note does not document the relief (percent and duration) the previous one gave.',
    defaultSeverity: 'error',
    docs: [
      'Payers pay for a repeat injection or ablation only when the previous one worked: Medicare LCD L39240',
      '(epidural steroid injections) asks for at least 50% relief or functional improvement lasting at least',
      '3 months, and L38773/L38801 (facet interventions) ask for 80% relief from a diagnostic medial branch block',
      'and 50% relief for 6 months before a repeat ablation. Flagged: a procedure done today whose family (all',
      'epidurals count as one; facet injections and medial branch blocks as one) and region (cervical/thoracic',
      'or lumbar/sacral, as the LCDs count them) was done before, known from the patient\'s earlier notes or',
      'from this note ("s/p L5-S1 TFESI"), when neither this note nor a follow-up note since the last session',
      'states a relief with a percent and a duration meeting the thresholds. By default any percent with any',
      'duration is enough; the esi-lcd preset asks 50% for 13 weeks and 80% for a diagnostic block (whose',
      'relief is counted without a duration). Payers differ; every threshold is configurable. Avoided false',
      'positives: a first procedure, an earlier procedure of another family or region, relief stated as a plan',
      'or goal.',
    ].join(' '),
    options,
  },
  check({ note, prior }, { minPercent, minWeeks, diagnosticMinPercent }) {
    const out = [];
    for (const group of todayGroups(note)) {
      const sessions = earlierSessions(group, prior);
      const stated = statedPriorSessions(group, note);
      if (sessions.length === 0 && stated.length === 0) continue;
      const last = sessions.at(-1);
      const diagnostic = group.types.every((t) => t === 'medial-branch-block');
      // A diagnostic block's response is read during the anesthetic's hours, so the block note itself holds it.
      const since = last ? prior.filter((n) => n === last.note ? diagnostic : (n.time ?? 0) > (last.note.time ?? 0)) : [];
      const reliefs: PainRelief[] = [...since.flatMap(relievedHere), ...relievedHere(note)];
      const needPercent = diagnostic ? diagnosticMinPercent : minPercent;
      const meets = (r: PainRelief) => r.percent >= needPercent && (diagnostic || (r.durationWeeks !== undefined && r.durationWeeks >= minWeeks));
      if (reliefs.some(meets)) continue;
      const best = [...reliefs].sort((a, b) => b.percent - a.percent)[0];
      const region = group.region ? ` (${group.region})` : '';
      const threshold = `${String(needPercent)}%${diagnostic ? '' : ` for ${String(minWeeks)} weeks`}`;
      const missing =
        reliefs.length === 0
          ? 'no relief from the previous session is documented'
          : !diagnostic && reliefs.every((r) => r.durationWeeks === undefined)
            ? 'the relief from the previous session is stated without how long it lasted'
            : `the documented relief (best ${String(best?.percent ?? 0)}%${best?.durationWeeks !== undefined ? ` for ${String(Math.round(best.durationWeeks))} weeks` : ''}) does not meet ${threshold}`;
      out.push({
        noteId: note.id,
        ...(last ? { relatedNoteIds: [last.note.id] } : {}),
        message: `Repeat ${group.family}${region}: ${missing}.`,
        evidence: evidenceOf(note.id, [...group.procedures.flatMap((p) => (p.span ? [{ span: p.span }] : [])), ...stated, ...relievedHere(note)]),
        data: {
          family: group.family,
          ...(group.region ? { region: group.region } : {}),
          previousNoteId: last?.note.id,
          statedPrior: stated.length,
          reliefs: reliefs.length,
          ...(best ? { best: { percent: best.percent, ...(best.durationWeeks !== undefined ? { durationWeeks: best.durationWeeks } : {}) } } : {}),
          required: { percent: needPercent, ...(diagnostic ? {} : { weeks: minWeeks }) },
        },
      });
    }
    return out;
  },
};
