import { z } from 'zod';
import { procedureFamily, type PerformedProcedure } from '../../analyze/facts.js';
import { evidenceOf, type NoteRule, type NoteState } from '../types.js';

const NO_OPTIONS = z.object({}).strict();

/** The same family in the same region; a procedure known only by its code or name may have no region. */
function sameProcedure(a: PerformedProcedure, b: PerformedProcedure): boolean {
  return procedureFamily(a.type) === procedureFamily(b.type) && (a.region === undefined || b.region === undefined || a.region === b.region);
}

/** A documented functional limitation: a restriction statement or a functional-impact element, not denied. */
function baselineOf(n: NoteState): { span: { start: number; end: number } }[] {
  return [...n.facts.functional.filter((s) => s.kind === 'limitation' && !s.negated), ...n.facts.necessity.filter((e) => e.element === 'functional-impact' && !e.negated)];
}

/**
 * `functional/no-baseline`: a first procedure with no functional limitation documented before it.
 *
 * @example
 * functionalNoBaseline.check({ note, prior: [] }, {});
 * // [{ noteId: 'n1', message: 'First medial-branch-block (lumbar) with no functional limitation documented ...', data: { procedures: ['medial-branch-block'] } }]
 */
export const functionalNoBaseline: NoteRule<z.infer<typeof NO_OPTIONS>> = {
  id: 'functional/no-baseline',
  scope: 'note',
  meta: {
    description: 'A first procedure of its kind with no functional limitation documented before it, so later improvement cannot be shown.',
    defaultSeverity: 'warning',
    docs: [
      'Facet interventions are covered for pain "that causes functional deficit" (LCD L38773/L38801), and every',
      'repeat procedure must show improvement against a baseline (L39240 for epidural steroid injections): a',
      'note that never says what the patient could not do leaves nothing to measure the result against.',
      'Flagged: a note with a first procedure, one whose family (epidural injections together; medial branch',
      'blocks and facet injections together; otherwise the type) and region the patient has not had in an',
      'earlier note, when neither this note nor an earlier note of the patient documents a functional',
      'limitation ("cannot sit longer than 20 minutes", "pain interferes with work", "difficulty sleeping").',
      'A vague limitation counts as a baseline here. Avoided false positives: repeat procedures are judged by',
      'the baseline rule of their first one, a baseline in an earlier note counts, denied limitations',
      '("denies difficulty walking") and goals do not, and notes without a procedure today are not checked.',
      'A disability score written alone ("ODI 44%") is not read as a limitation yet. Payers differ.',
    ].join(' '),
    options: NO_OPTIONS,
  },
  check({ note, prior }) {
    if (note.performed.length === 0) return [];
    const first = note.performed.filter((p) => !prior.some((n) => n.performed.some((q) => sameProcedure(p, q))));
    if (first.length === 0) return [];
    if (baselineOf(note).length > 0 || prior.some((n) => baselineOf(n).length > 0)) return [];
    const procedures = [...new Set(first.map((p) => p.type))];
    const regions = [...new Set(first.flatMap((p) => (p.region ? [p.region] : [])))];
    return [
      {
        noteId: note.id,
        message: `First ${procedures.join(', ')}${regions.length ? ` (${regions.join(', ')})` : ''} with no functional limitation documented in this or an earlier note; state what the pain keeps the patient from doing, with a measure.`,
        evidence: evidenceOf(note.id, first.flatMap((p) => (p.span ? [{ span: p.span }] : []))),
        data: { procedures, regions },
      },
    ];
  },
};
