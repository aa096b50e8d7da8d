// "Why this procedure, why this patient, why today": the six answers a reviewer looks for in a note, as
// a 0-100 score. Shared by `NoteReport.completeness` and the `medical-necessity/incomplete` rule.
import type { NoteState } from '../rules/types.js';

export const NECESSITY_ELEMENTS = ['diagnosis', 'duration', 'failed-conservative-therapy', 'functional-impact', 'concordant-imaging', 'plan'] as const;
export type NecessityCheck = (typeof NECESSITY_ELEMENTS)[number];

/** Which of the six elements a note documents, with the evidence of each one found. */
export function necessityElements(note: NoteState): Map<NecessityCheck, { start: number; end: number }[]> {
  const f = note.facts;
  const found = new Map<NecessityCheck, { start: number; end: number }[]>();
  const add = (k: NecessityCheck, spans: { span: { start: number; end: number } }[]) => {
    if (spans.length) found.set(k, spans.map((s) => s.span));
  };
  add('diagnosis', f.necessity.filter((e) => e.element === 'diagnosis' && !e.negated));
  add('duration', f.necessity.filter((e) => e.element === 'symptom-duration' && !e.negated));
  add('failed-conservative-therapy', f.therapy.filter((t) => t.status === 'tried' || t.status === 'current'));
  add('functional-impact', [
    ...f.necessity.filter((e) => e.element === 'functional-impact' && !e.negated),
    ...f.functional.filter((s) => s.kind === 'limitation' && !s.negated),
  ]);
  // Concordant: an imaging finding at a level treated today (the same segment, or a root or vertebra at
  // one of its ends); without levels treated, any positive finding.
  const treated = note.performed.flatMap((p) => p.levels);
  const concordant = (levels: readonly string[] | undefined) =>
    treated.length === 0 || (levels ?? []).some((l) => treated.some((t) => sameLevel(l, t)));
  add('concordant-imaging', f.necessity.filter((e) => e.element === 'imaging-finding' && !e.negated && concordant(e.levels)));
  const plan = f.procedures.filter((p) => p.status === 'performed' || p.status === 'planned');
  if (plan.length) add('plan', plan);
  else {
    const section = note.doc.sections.find((s) => s.category === 'plan' && s.span.end - s.span.start > 20);
    if (section) found.set('plan', [section.span]);
  }
  return found;
}

// Procedures diagnosed by examination, not by imaging: trigger points, peripheral nerves and the SI joint
// (provocation tests). Asking their notes for concordant imaging would flag correct documentation.
const CLINICAL_DIAGNOSIS: ReadonlySet<string> = new Set(['trigger-point-injection', 'peripheral-nerve-block', 'si-joint-injection']);

/**
 * The elements a reviewer expects of this note: all six, without imaging when every procedure is diagnosed clinically.
 *
 * @example
 * applicableElements(triggerPointNote); // ['diagnosis', 'duration', 'failed-conservative-therapy', 'functional-impact', 'plan']
 */
export function applicableElements(note: NoteState): NecessityCheck[] {
  const clinical = note.performed.length > 0 && note.performed.every((p) => CLINICAL_DIAGNOSIS.has(p.type));
  return NECESSITY_ELEMENTS.filter((e) => !(clinical && e === 'concordant-imaging'));
}

/**
 * The 0-100 completeness of a note (the share of the applicable elements it documents) and the elements it lacks.
 *
 * @example
 * completenessOf(state); // { score: 67, missing: ['duration', 'concordant-imaging'], applicable: [...6 elements] }
 */
export function completenessOf(note: NoteState): { score: number; missing: NecessityCheck[]; applicable: NecessityCheck[] } {
  const found = necessityElements(note);
  const applicable = applicableElements(note);
  const missing = applicable.filter((e) => !found.has(e));
  return { score: Math.round((100 * (applicable.length - missing.length)) / applicable.length), missing, applicable };
}

/** 'L4-5' → ['L4', 'L5']; 'L5-S1' → ['L5', 'S1']; 'L4' → ['L4']. */
function endpoints(level: string): string[] {
  const m = /^([CTLS])(\d{1,2})(?:-([CTLS])?(\d{1,2}))?$/i.exec(level);
  if (!m) return [level];
  const a = `${(m[1] ?? '').toUpperCase()}${m[2] ?? ''}`;
  return m[4] === undefined ? [a] : [a, `${(m[3] ?? m[1] ?? '').toUpperCase()}${m[4]}`];
}

/** Two levels name the same place: equal, or one is a single level at an end of the other segment. */
export function sameLevel(a: string, b: string): boolean {
  if (a.toUpperCase() === b.toUpperCase()) return true;
  const ea = endpoints(a);
  const eb = endpoints(b);
  if (ea.length === 1) return eb.includes(ea[0] ?? '');
  if (eb.length === 1) return ea.includes(eb[0] ?? '');
  return false;
}
