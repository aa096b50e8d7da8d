import { z } from 'zod';
import { PROCEDURE_TYPES, type ProcedureType } from '../../facts.js';
import { evidenceOf, type NoteRule } from '../types.js';

// Spinal procedures whose target is a level: the reviewer checks that the level billed is the level seen.
const LEVELLED: ReadonlySet<ProcedureType> = new Set([
  'interlaminar-esi',
  'transforaminal-esi',
  'caudal-esi',
  'esi-unspecified',
  'facet-joint-injection',
  'medial-branch-block',
  'radiofrequency-ablation',
  'scs-trial',
  'scs-implant',
  'vertebroplasty',
  'kyphoplasty',
]);
const GUIDED: ProcedureType[] = [...LEVELLED, 'si-joint-injection'];

const options = z
  .object({
    /** Procedure types that must be done under image guidance. */
    procedures: z.array(z.enum(PROCEDURE_TYPES)).default(GUIDED),
    /** Ask for the levels visualized (spinal procedures only). */
    requireLevels: z.boolean().default(true),
    /** Ask for a statement that images were saved to the record. */
    requireRetention: z.boolean().default(true),
  })
  .strict();
type Options = z.infer<typeof options>;

/**
 * `imaging/guidance-undocumented`: a procedure that needs image guidance without the modality, the levels
 * seen or the retention of the images.
 *
 * @example
 * guidanceUndocumented.check({ note, prior: [] }, { procedures: ['transforaminal-esi'], requireLevels: true, requireRetention: true });
 * // [{ noteId: 'n1', message: 'transforaminal-esi: image guidance documented without image retention.', data: { missing: ['retention'], modality: 'fluoroscopy' } }]
 */
export const guidanceUndocumented: NoteRule<Options> = {
  id: 'imaging/guidance-undocumented',
  scope: 'note',
  meta: {
    description: 'A spinal injection, ablation or implant without documented image guidance, levels visualized or image retention.',
    defaultSeverity: 'error',
    docs: [
      'Medicare LCDs for epidural steroid injections (L39240) and facet interventions (L38773/L38801) cover them',
      'only under fluoroscopic or CT guidance (epidurals also allow ultrasound only where stated), and auditors',
      'ask for the permanent image that shows the needle at the level billed. Flagged: a note documenting an',
      'epidural, facet injection, medial branch block, radiofrequency ablation, SI joint injection, spinal cord',
      'stimulator trial or implant, vertebroplasty or kyphoplasty done today with no guidance modality',
      '(`data.missing` holds "modality"), or with guidance but no spinal level named in its paragraph nor in',
      'the statement of the procedure done ("levels"; not asked for SI joint injections) or no statement that the',
      'images were saved ("retention").',
      'Avoided false positives: trigger point injections and peripheral blocks (done by landmark or ultrasound',
      'at the clinician\'s choice, not asked), guidance that is only planned, negated ("fluoroscopy was not',
      'used") or historical, and notes with nothing performed. Payers differ; `procedures`, `requireLevels` and',
      '`requireRetention` are configurable.',
    ].join(' '),
    options,
  },
  check({ note }, { procedures, requireLevels, requireRetention }) {
    const done = note.performed.filter((p) => procedures.includes(p.type));
    if (done.length === 0) return [];
    const types = [...new Set(done.map((p) => p.type))];
    const imaging = note.facts.imaging;
    const missing: string[] = [];
    if (imaging.length === 0) missing.push('modality');
    else {
      // Terse and template notes name the level once, on the procedure line ("Bilat lumbar MBB L34, L45, L5S1"
      // over "Fluoroscopic guidance, 22g needles to each target"): the level done under that guidance is named.
      const levelled = done.filter((p) => LEVELLED.has(p.type));
      const levelsNamed = imaging.some((g) => g.levelsVisualized.length > 0) || levelled.some((p) => p.source === 'text' && p.levels.length > 0);
      if (requireLevels && levelled.length > 0 && !levelsNamed) missing.push('levels');
      if (requireRetention && !imaging.some((g) => g.imageRetained)) missing.push('retention');
    }
    if (missing.length === 0) return [];
    const what = missing.includes('modality') ? 'no image guidance documented' : `image guidance documented without ${missing.map((m) => (m === 'levels' ? 'the levels visualized' : 'image retention')).join(' or ')}`;
    return [
      {
        noteId: note.id,
        message: `${types.join(', ')}: ${what}.`,
        evidence: evidenceOf(note.id, [...done.flatMap((p) => (p.span ? [{ span: p.span }] : [])), ...imaging]),
        data: { procedures: types, missing, ...(imaging[0] ? { modality: imaging[0].modality } : {}) },
      },
    ];
  },
};
