// Report writers: one record per note, written as each patient is done, so output streams with the input.
import type { Writable } from 'node:stream';
import type { Finding, HistoryReport } from '../../../src/index.js';
import type { Position } from '../notes.js';
import { csvWriter } from './csv.js';
import { htmlWriter } from './html.js';
import { jsonlWriter } from './jsonl.js';
import { sarifWriter } from './sarif.js';

/** One patient analyzed: the library's report and where each note came from. */
export interface PatientResult {
  patientId: string;
  report: HistoryReport;
  positions: ReadonlyMap<string, Position>;
  /** Each note's text by id: only the HTML report shows it (its purpose); no other output may. */
  texts: ReadonlyMap<string, string>;
}

/** A writer gets the whole result (the HTML report will need the facts and the evidence), and decides what to keep. */
export interface ReportWriter {
  writePatient(result: PatientResult): Promise<void>;
  end(): Promise<void>;
}

/**
 * The per-note record of the JSONL and CSV reports: counts and scores, the findings with their evidence as
 * offsets. No note text and no fact text.
 */
export interface NoteRecord {
  patientId: string;
  noteId: string;
  date: string;
  source: string;
  line: number;
  completeness: number;
  similarityToPrevious: number | null;
  maxSimilarityToPrior: number | null;
  mostSimilarPriorId: string | null;
  copiedFraction: number;
  specificity: number;
  /** Facts found, by kind (painScores, reliefs, functional, therapy, ...). */
  facts: Record<string, number>;
  findings: Finding[];
}

export function noteRecords(result: PatientResult): NoteRecord[] {
  return result.report.notes.map((entry) => {
    const at = result.positions.get(entry.id) ?? { source: '', line: 0 };
    return {
      patientId: result.patientId,
      noteId: entry.id,
      date: entry.date,
      source: at.source,
      line: at.line,
      completeness: entry.report.completeness,
      similarityToPrevious: entry.similarityToPrevious,
      maxSimilarityToPrior: entry.maxSimilarityToPrior,
      mostSimilarPriorId: entry.mostSimilarPriorId,
      copiedFraction: entry.copiedFraction,
      specificity: entry.specificity.score,
      facts: Object.fromEntries(Object.entries(entry.report.facts).map(([kind, list]) => [kind, Array.isArray(list) ? list.length : 0])),
      findings: entry.report.findings,
    };
  });
}

export const OUTPUT_FORMATS = ['jsonl', 'csv', 'sarif', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function reportWriter(format: OutputFormat, stream: Writable): ReportWriter {
  if (format === 'csv') return csvWriter(stream);
  if (format === 'sarif') return sarifWriter(stream);
  if (format === 'html') return htmlWriter(stream);
  return jsonlWriter(stream);
}
