// What a rule is: an id, its meta (what it checks, why, its default severity and options) and a check
// that returns findings. Severity is applied by the runner from the configuration, so a rule never
// decides how much its own finding matters.
import type { z } from 'zod';
import type { Finding, Severity } from '../findings.js';
import type { NoteFacts, PerformedProcedure } from '../analyze/facts.js';
import type { HistoryComparison, NoteComparison } from '../history/compare.js';
import type { Authorization } from '../history/input.js';
import type { Specificity } from '../history/specificity.js';
import type { PreparedDocument } from '../pipeline/prepare.js';

/**
 * A rule's description for users and tools (`listRules()`).
 *
 * @example
 * { description: 'A note nearly identical to an earlier note of the same patient.', defaultSeverity: 'warning', docs: '...', options: z.object({}) }
 */
export interface RuleMeta<O> {
  /** One line: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  /** Why payers care, what exactly is flagged, and the false positives the rule avoids. */
  docs: string;
  /** The rule's options, validated with zod (strict; defaults filled). */
  options: z.ZodType<O>;
}

/** One note as the rules see it: validated, prepared once, its facts extracted once. */
export interface NoteState {
  id: string;
  patientId: string | undefined;
  date: string | undefined;
  /** Milliseconds since the epoch of `date`. */
  time: number | undefined;
  text: string;
  procedure: string | undefined;
  cpt: string[];
  authorization: Authorization | undefined;
  doc: PreparedDocument;
  facts: NoteFacts;
  /** Procedures done at this visit (text, claim codes, `procedure` field); empty for a visit without one. */
  performed: PerformedProcedure[];
  specificity: Specificity;
}

/** A note of a history: it has a date, and its comparison with the earlier notes. */
export interface HistoryNoteState extends NoteState {
  date: string;
  time: number;
  comparison: NoteComparison;
}

/** What a note rule sees: the note and the patient's earlier notes (oldest first; none in `analyzeNote`). */
export interface NoteContext {
  note: NoteState;
  prior: readonly NoteState[];
}

/** A patient's notes in date order and the similarity of any two of them. */
export interface HistoryContext {
  notes: readonly HistoryNoteState[];
  similarity: HistoryComparison['similarity'];
}

/** A finding before the runner stamps the rule id and the configured severity. */
export type RawFinding = Omit<Finding, 'ruleId' | 'severity'>;

/** A rule over one note (with the patient's earlier notes as context). */
export interface NoteRule<O> {
  id: string;
  scope: 'note';
  meta: RuleMeta<O>;
  check(context: NoteContext, options: O): RawFinding[];
}

/** A rule over a whole patient history. */
export interface HistoryRule<O> {
  id: string;
  scope: 'history';
  meta: RuleMeta<O>;
  checkHistory(context: HistoryContext, options: O): RawFinding[];
}

export type AnyRule = NoteRule<unknown> | HistoryRule<unknown>;

/** Evidence entries for facts of one note. */
export function evidenceOf(noteId: string, spans: readonly { span: { start: number; end: number } }[]): { noteId: string; start: number; end: number }[] {
  return spans.map((f) => ({ noteId, start: f.span.start, end: f.span.end }));
}
