// What a rule is: an id, its meta (what it checks, why, its default severity and options) and a check
// that returns findings. Severity is applied by the runner from the configuration, so a rule never
// decides how much its own finding matters.
import type { z } from 'zod';
import type { Finding, Severity } from '../findings.js';
import type { HistoryComparison, NoteComparison } from '../history/compare.js';
import type { NoteFacts, Specificity } from '../history/specificity.js';
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

/** One note of a history as the rules see it: validated, prepared once, its facts extracted once. */
export interface HistoryNoteState {
  id: string;
  date: string;
  time: number;
  text: string;
  procedure: string | undefined;
  doc: PreparedDocument;
  facts: NoteFacts;
  specificity: Specificity;
  comparison: NoteComparison;
}

/** A patient's notes in date order and the similarity of any two of them. */
export interface HistoryContext {
  notes: readonly HistoryNoteState[];
  similarity: HistoryComparison['similarity'];
}

/** A finding before the runner stamps the rule id and the configured severity. */
export type RawFinding = Omit<Finding, 'ruleId' | 'severity'>;

/** A rule over a whole patient history. */
export interface HistoryRule<O> {
  id: string;
  meta: RuleMeta<O>;
  checkHistory(context: HistoryContext, options: O): RawFinding[];
}
