// Running rules: build each note's state once, run the active note rules with the patient's earlier
// notes as context, and stamp each finding with its rule id and configured severity.
import type { ActiveRule } from '../config.js';
import type { Finding } from '../findings.js';
import type { NoteInput } from '../history/input.js';
import { isoTime } from '../history/input.js';
import { specificityOf } from '../history/specificity.js';
import { prepare } from '../pipeline/prepare.js';
import type { NoteState, RawFinding } from '../rules/types.js';
import { extractAll, performedProcedures } from './facts.js';

/** Prepares a validated note and extracts every fact once. */
export function buildNoteState(note: NoteInput): NoteState {
  const doc = prepare(note.text);
  const facts = extractAll(doc);
  const cpt = (note.cpt ?? []).map((c) => c.toUpperCase());
  return {
    id: note.id,
    patientId: note.patientId,
    date: note.date,
    time: note.date === undefined ? undefined : isoTime(note.date),
    text: note.text,
    procedure: note.procedure,
    cpt,
    authorization: note.context?.authorization,
    doc,
    facts,
    performed: performedProcedures(facts, cpt, note.procedure, doc),
    specificity: specificityOf(facts),
  };
}

export function stamp(active: ActiveRule, raw: RawFinding): Finding {
  // Key order fixed for stable JSON output.
  const finding: Finding = { ruleId: active.rule.id, severity: active.severity, message: raw.message, noteId: raw.noteId };
  if (raw.relatedNoteIds) finding.relatedNoteIds = raw.relatedNoteIds;
  if (raw.evidence) finding.evidence = raw.evidence;
  if (raw.data) finding.data = raw.data;
  return finding;
}

/** The findings of the active note rules on one note. */
export function runNoteRules(note: NoteState, prior: readonly NoteState[], active: readonly ActiveRule[]): Finding[] {
  const out: Finding[] = [];
  for (const a of active) {
    if (a.rule.scope !== 'note') continue;
    for (const raw of a.rule.check({ note, prior }, a.options)) out.push(stamp(a, raw));
  }
  return out;
}
