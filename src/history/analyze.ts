// analyzeHistory: one patient's notes, in date order, each prepared once, its facts extracted once,
// compared with every earlier note; every note rule runs with the earlier notes as context, then the
// history rules run over the whole.
import { resolveRules } from '../config.js';
import type { Finding } from '../findings.js';
import { completenessOf } from '../analyze/completeness.js';
import type { NoteReport } from '../analyze/note.js';
import { buildNoteState, runNoteRules, stamp } from '../analyze/run.js';
import type { HistoryContext, HistoryNoteState } from '../rules/types.js';
import { compareHistory, type CopiedSpan } from './compare.js';
import { validateNotes, validateOptions, type HistoryNote, type HistoryOptions } from './input.js';
import type { Specificity } from './specificity.js';

/**
 * One note of a history report: its similarity to the patient's earlier notes, how specific it is, and
 * its full note report.
 *
 * @example
 * {
 *   id: 'visit-4', date: '2025-09-12', tokens: 412,
 *   similarityToPrevious: 0.97, maxSimilarityToPrior: 0.97, mostSimilarPriorId: 'visit-3',
 *   copiedFraction: 0.98, copiedSpans: [{ start: 0, end: 2310, fromNoteId: 'visit-3' }],
 *   specificity: { painScores: 2, reliefs: 1, specificFunctional: 0, vagueFunctional: 1, therapyMentions: 1, datedTherapy: 0, score: 0.5 },
 *   report: { noteId: 'visit-4', facts: { ... }, findings: [ ... ], completeness: 83 },
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
  /** The note's facts, its findings (note and history rules) and its completeness. */
  report: NoteReport;
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
  /** Every finding, in note order, then rule order. */
  findings: Finding[];
}

const FN = 'analyzeHistory';

/**
 * Checks one patient's notes: every note rule on each note (with the patient's earlier notes as context,
 * so repeat-procedure, interval and baseline rules can see them), and the history rules: cloned notes,
 * runs of clones and documentation decay. Notes are validated (zod): all must share one `patientId`, ids
 * must be unique, dates must be ISO 8601; an invalid note is a TypeError naming its index, id and field
 * (never its text). Notes are ordered by date, ties by input order.
 *
 * Similarity is the exact Jaccard similarity of word 3-gram shingle sets with numbers and dates masked
 * (see `shingles` in `notelint/similarity`). Every pair of notes is compared; a patient with more than
 * 200 notes goes through an LSH index, which skips pairs below about 0.5 similarity.
 *
 * @example
 * const report = analyzeHistory([
 *   { id: 'v1', patientId: 'p1', date: '2025-01-10', text: firstNote, procedure: 'transforaminal-esi' },
 *   { id: 'v2', patientId: 'p1', date: '2025-04-11', text: secondNote, procedure: 'transforaminal-esi' },
 * ], { preset: 'esi-lcd', minRun: 5 });
 * report.notes[1].similarityToPrevious; // 0.93
 * report.findings.map((f) => f.ruleId); // ['history/cloned-note', ...]
 */
export function analyzeHistory(notes: readonly HistoryNote[], options?: HistoryOptions): HistoryReport {
  const ordered = validateNotes(notes);
  const o = validateOptions(options);
  const shorthand = (values: Record<string, number | undefined>) =>
    Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined));
  const active = resolveRules(FN, o.preset, o.rules, {
    'history/cloned-note': shorthand({ threshold: o.cloneThreshold }),
    'history/clone-run': shorthand({ threshold: o.cloneThreshold, minRun: o.minRun }),
  });
  const comparison = compareHistory(ordered, o);
  const states: HistoryNoteState[] = ordered.map((note, i) => ({
    ...buildNoteState(note),
    date: note.date,
    time: note.time,
    comparison: comparison.notes[i] as HistoryNoteState['comparison'],
  }));
  const byNote = new Map<string, Finding[]>(states.map((s, i) => [s.id, runNoteRules(s, states.slice(0, i), active)]));
  const context: HistoryContext = { notes: states, similarity: comparison.similarity };
  for (const a of active) {
    if (a.rule.scope !== 'history') continue;
    for (const raw of a.rule.checkHistory(context, a.options)) byNote.get(raw.noteId)?.push(stamp(a, raw));
  }
  const entries = states.map((s): NoteHistoryEntry => {
    const findings = byNote.get(s.id) ?? [];
    return {
      id: s.id,
      date: s.date,
      ...s.comparison,
      specificity: s.specificity,
      report: { noteId: s.id, facts: s.facts, findings, completeness: completenessOf(s).score },
    };
  });
  return {
    patientId: (ordered[0] as { patientId: string }).patientId,
    notes: entries,
    findings: entries.flatMap((e) => e.report.findings),
  };
}
