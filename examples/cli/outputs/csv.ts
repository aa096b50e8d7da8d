import type { Writable } from 'node:stream';
import { listRules } from '../../../src/index.js';
import { write } from '../io.js';
import { noteRecords, type ReportWriter } from './index.js';

// RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes.
export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per note: ids, completeness, similarity, finding counts by severity, then one count column per rule. */
export function csvWriter(stream: Writable): ReportWriter {
  // Every rule gets a column, also those turned off, so files from different presets line up.
  const rules = listRules().map((r) => r.id);
  const fixed = ['patientId', 'noteId', 'date', 'source', 'line', 'completeness', 'similarityToPrevious', 'copiedFraction', 'specificity', 'errors', 'warnings', 'infos'];
  let started = false;
  return {
    async writePatient(result) {
      let out = '';
      if (!started) {
        out += `${[...fixed, ...rules].map(csvField).join(',')}\n`;
        started = true;
      }
      for (const r of noteRecords(result)) {
        const bySeverity = (s: string) => r.findings.filter((f) => f.severity === s).length;
        const byRule = rules.map((id) => r.findings.filter((f) => f.ruleId === id).length);
        const row = [r.patientId, r.noteId, r.date, r.source, r.line, r.completeness, r.similarityToPrevious, r.copiedFraction, r.specificity, bySeverity('error'), bySeverity('warning'), bySeverity('info'), ...byRule];
        out += `${row.map(csvField).join(',')}\n`;
      }
      await write(stream, out);
    },
    async end() {
      if (!started) await write(stream, `${[...fixed, ...rules].map(csvField).join(',')}\n`);
    },
  };
}
