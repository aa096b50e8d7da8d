// analyzeHistory: one patient's notes, in date order, each prepared once, its facts extracted once, compared
// with every earlier note, and the history rules run over the result.
import type { Finding } from '../findings.js';
import { prepare } from '../pipeline/prepare.js';
import { cloneRun } from '../rules/history/clone-run.js';
import { clonedNote } from '../rules/history/cloned-note.js';
import { documentationDecay } from '../rules/history/documentation-decay.js';
import type { HistoryContext, HistoryNoteState, HistoryRule, RawFinding } from '../rules/types.js';
import { compareHistory, type CopiedSpan } from './compare.js';
import { validateNotes, validateOptions, type HistoryNote, type HistoryOptions } from './input.js';
import { measureSpecificity, type Specificity } from './specificity.js';

/**
 * One note of a history report: its similarity to the patient's earlier notes and how specific it is.
 *
 * @example
 * {
 *   id: 'visit-4', date: '2025-09-12', tokens: 412,
 *   similarityToPrevious: 0.97, maxSimilarityToPrior: 0.97, mostSimilarPriorId: 'visit-3',
 *   copiedFraction: 0.98, copiedSpans: [{ start: 0, end: 2310, fromNoteId: 'visit-3' }],
 *   specificity: { painScores: 2, reliefs: 1, specificFunctional: 0, vagueFunctional: 1, therapyMentions: 1, datedTherapy: 0, score: 0.5 },
 * }
 */
export interface NoteHistoryEntry {
  id: string;
  date: string;
  /** Words in the note (numbers and dates count once each when masked). */
  tokens: number;
  /** Exact Jaccard similarity of the shingle sets with the previous note; null for the first note. */
  similarityToPrevious: number | null;
  /** Highest similarity to any earlier note; null for the first note. */
  maxSimilarityToPrior: number | null;
  mostSimilarPriorId: string | null;
  /** Share of this note's distinct shingles already present in earlier notes of the patient, 0..1. */
  copiedFraction: number;
  /** Passages (at least `minCopiedWords` words) found in an earlier note, with the note they are attributed to. */
  copiedSpans: CopiedSpan[];
  specificity: Specificity;
}

/**
 * The result of {@link analyzeHistory}.
 *
 * @example
 * { patientId: 'p-17', notes: [entry1, entry2], findings: [{ ruleId: 'history/cloned-note', ... }] }
 */
export interface HistoryReport {
  patientId: string;
  /** One entry per note, in date order (ties in input order). */
  notes: NoteHistoryEntry[];
  /** Findings in note order, then rule order. */
  findings: Finding[];
}

// The rules run here, in report order.
const HISTORY_RULES = [clonedNote, cloneRun, documentationDecay] as HistoryRule<unknown>[];

/**
 * Compares each note of one patient with the patient's earlier notes and reports cloned notes, runs of
 * clones and documentation decay. Notes are validated (zod): all must share one `patientId`, ids must be
 * unique, dates must be ISO 8601; an invalid note is a TypeError naming its index, id and field (never
 * its text). Notes are ordered by date, ties by input order.
 *
 * Similarity is the exact Jaccard similarity of word 3-gram shingle sets with numbers and dates masked
 * (see `shingles` in `notelint/similarity`). Every pair of notes is compared; a patient with more than
 * 200 notes goes through an LSH index, which skips pairs below about 0.5 similarity.
 *
 * @example
 * const report = analyzeHistory([
 *   { id: 'v1', patientId: 'p1', date: '2025-01-10', text: firstNote, procedure: 'lumbar-tfesi' },
 *   { id: 'v2', patientId: 'p1', date: '2025-04-11', text: secondNote, procedure: 'lumbar-tfesi' },
 * ]);
 * report.notes[1].similarityToPrevious; // 0.93
 * report.findings.map((f) => f.ruleId); // ['history/cloned-note']
 */
export function analyzeHistory(notes: readonly HistoryNote[], options?: HistoryOptions): HistoryReport {
  const ordered = validateNotes(notes);
  const o = validateOptions(options);
  const comparison = compareHistory(ordered, o);
  const states: HistoryNoteState[] = ordered.map((note, i) => {
    const doc = prepare(note.text);
    const { facts, specificity } = measureSpecificity(doc);
    return {
      id: note.id,
      date: note.date,
      time: note.time,
      text: note.text,
      procedure: note.procedure,
      doc,
      facts,
      specificity,
      comparison: comparison.notes[i] as HistoryNoteState['comparison'],
    };
  });
  const context: HistoryContext = { notes: states, similarity: comparison.similarity };
  const ruleOptions: Record<string, unknown> = {
    [clonedNote.id]: { threshold: o.cloneThreshold },
    [cloneRun.id]: { threshold: o.cloneThreshold, minRun: o.minRun },
    [documentationDecay.id]: {},
  };
  const byNote = new Map<string, Finding[]>();
  for (const rule of HISTORY_RULES) {
    const ruleOpts = rule.meta.options.parse(ruleOptions[rule.id] ?? {});
    for (const raw of rule.checkHistory(context, ruleOpts)) {
      const finding = stamp(rule, raw);
      const list = byNote.get(finding.noteId);
      if (list) list.push(finding);
      else byNote.set(finding.noteId, [finding]);
    }
  }
  return {
    patientId: (ordered[0] as { patientId: string }).patientId,
    notes: states.map((s) => ({ id: s.id, date: s.date, ...s.comparison, specificity: s.specificity })),
    findings: states.flatMap((s) => byNote.get(s.id) ?? []),
  };
}

function stamp(rule: HistoryRule<unknown>, raw: RawFinding): Finding {
  // Key order fixed for stable JSON output.
  const finding: Finding = { ruleId: rule.id, severity: rule.meta.defaultSeverity, message: raw.message, noteId: raw.noteId };
  if (raw.relatedNoteIds) finding.relatedNoteIds = raw.relatedNoteIds;
  if (raw.evidence) finding.evidence = raw.evidence;
  if (raw.data) finding.data = raw.data;
  return finding;
}
