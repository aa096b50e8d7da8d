// analyzeNote: one note, every fact, every note rule.
import { z } from 'zod';
import { resolveRules } from '../config.js';
import { RuleOptionsSchema } from '../rule-settings.js';
import type { Finding } from '../findings.js';
import { NoteInputSchema, type NoteInput } from '../history/input.js';
import { completenessOf } from './completeness.js';
import type { NoteFacts } from './facts.js';
import { buildNoteState, runNoteRules } from './run.js';

/**
 * Options of `analyzeNote`: a preset and per-rule settings.
 *
 * @example
 * { preset: 'esi-lcd', rules: { 'functional/vague-only': 'off', 'conservative-therapy/too-short': ['error', { minWeeks: 6 }] } }
 */
export const NoteOptionsSchema = z.object(RuleOptionsSchema).strict();
export type NoteOptions = z.input<typeof NoteOptionsSchema>;

/**
 * What `analyzeNote` returns: the facts, the findings and the medical-necessity completeness (0-100).
 *
 * @example
 * { noteId: 'n1', facts: { painScores: [...], procedures: [...], ... }, findings: [{ ruleId: 'pain-score/missing-post', ... }], completeness: 83 }
 */
export interface NoteReport {
  noteId: string;
  facts: NoteFacts;
  findings: Finding[];
  /** Share of "why this procedure, why this patient, why today" documented, 0-100 (see `medical-necessity/incomplete`). */
  completeness: number;
}

const FN = 'analyzeNote';

export function zodMessage(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      const message = i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}` : i.message;
      return message.startsWith('must') ? `${path} ${message}` : `${path}: ${message}`;
    })
    .join('; ');
}

/**
 * Checks one note: extracts every fact from one prepared document and runs every note rule of the preset
 * (rules that need the patient's earlier notes see none; use `analyzeHistory` for those). The note is
 * validated (zod); errors name the field and never quote the text.
 *
 * @example
 * const report = analyzeNote({ id: 'n1', text: noteText, cpt: ['64483'] }, { preset: 'esi-lcd' });
 * report.findings.map((f) => f.ruleId); // ['pain-score/missing-post', 'imaging/guidance-undocumented']
 * report.completeness; // 67
 */
export function analyzeNote(note: NoteInput, options?: NoteOptions): NoteReport {
  const parsed = NoteInputSchema.safeParse(note);
  if (!parsed.success) {
    const raw: unknown = note;
    const rawId = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    const id = typeof rawId === 'string' ? ` (id ${JSON.stringify(rawId)})` : '';
    throw new TypeError(`notelint.${FN}: note${id}: ${zodMessage(parsed.error, '')}`, { cause: parsed.error });
  }
  const o = NoteOptionsSchema.safeParse(options ?? {});
  if (!o.success) throw new TypeError(`notelint.${FN}: ${zodMessage(o.error, 'options')}`, { cause: o.error });
  const active = resolveRules(FN, o.data.preset, o.data.rules);
  const state = buildNoteState(parsed.data);
  return { noteId: state.id, facts: state.facts, findings: runNoteRules(state, [], active), completeness: completenessOf(state).score };
}
