// SARIF 2.1.0, so code-scanning style viewers list the findings. A note is a logical location (patient /
// note id); the physical location is the input file and the note's line, and the evidence offsets into the
// note text go in the result's properties (SARIF regions count in the file, not in a decoded note).
import type { Writable } from 'node:stream';
import { listRules, type Severity } from '../../../src/index.js';
import packageJson from '../../../package.json';
import { write } from '../io.js';
import type { ReportWriter } from './index.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifWriter(stream: Writable): ReportWriter {
  const rules = listRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const driver = {
    name: 'notelint',
    version: packageJson.version,
    informationUri: 'https://www.npmjs.com/package/notelint',
    rules: rules.map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: r.docs },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: { scope: r.scope },
    })),
  };
  const head = `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":${JSON.stringify({ driver })},"columnKind":"utf16CodeUnits","results":[`;
  let first = true;
  let started = false;
  const start = async () => {
    if (!started) await write(stream, head);
    started = true;
  };
  return {
    async writePatient(result) {
      await start();
      let out = '';
      for (const f of result.report.findings) {
        const at = result.positions.get(f.noteId);
        const physical = at ? { artifactLocation: { uri: at.source === '-' ? 'stdin' : at.source }, ...(at.unit === 'entry' ? {} : { region: { startLine: at.line } }) } : undefined;
        const sarif = {
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? -1,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              ...(physical ? { physicalLocation: physical } : {}),
              logicalLocations: [{ name: f.noteId, fullyQualifiedName: `${result.patientId}/${f.noteId}`, kind: 'note' }],
            },
          ],
          ...(f.relatedNoteIds ? { relatedLocations: f.relatedNoteIds.map((id, i) => ({ id: i, logicalLocations: [{ fullyQualifiedName: `${result.patientId}/${id}`, kind: 'note' }] })) } : {}),
          properties: { patientId: result.patientId, noteId: f.noteId, evidence: f.evidence ?? [], ...(f.data ? { data: f.data } : {}) },
        };
        out += `${first ? '' : ','}\n${JSON.stringify(sarif)}`;
        first = false;
      }
      await write(stream, out);
    },
    async end() {
      await start();
      await write(stream, '\n]}]}\n');
    },
  };
}
