import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorRecords, fixture, jsonLines, leakedText, noteTexts, runCli } from './helpers.js';

const CSV_COLUMNS = 'id=NoteID,patientId=MRN,date=DOS,text=Body,procedure=Proc,cpt=CPT';
// What must not depend on the input format: the analysis of the same note.
const core = (r: Record<string, unknown>) => ({ noteId: r.noteId, completeness: r.completeness, facts: r.facts, findings: r.findings, similarityToPrevious: r.similarityToPrevious });
const byId = (records: Record<string, unknown>[]) => new Map(records.map((r) => [String(r.noteId), core(r)]));

describe('CSV input', () => {
  it('maps the export\'s column names with --columns and reads quoted text with newlines and commas', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', fixture('notes.csv'), '--columns', CSV_COLUMNS]);
    expect(code, stderr).toBe(0);
    const csv = jsonLines(stdout);
    const json = byId(jsonLines((await runCli(['analyze', fixture('notes.jsonl'), '--quiet'])).stdout));
    expect(csv.map((r) => r.noteId)).toEqual(['n-101', 'n-102', 'n-103', 'n-201', 'n-301']);
    // The JSONL fixture adds an authorization to n-202 only, which the CSV lacks; every other note reads the same.
    for (const r of csv) expect(core(r), String(r.noteId)).toEqual(json.get(String(r.noteId)));
  });

  it('reads the CPT column as a list of codes', async () => {
    const csv = jsonLines((await runCli(['analyze', fixture('notes.csv'), '--quiet', '--columns', CSV_COLUMNS])).stdout);
    const withCodes = jsonLines((await runCli(['analyze', fixture('notes.jsonl'), '--quiet'])).stdout);
    expect(csv.find((r) => r.noteId === 'n-101')?.findings).toEqual(withCodes.find((r) => r.noteId === 'n-101')?.findings);
  });

  it('rejects a row with the wrong number of cells, a non-ISO date and an empty text, and keeps the rest', async () => {
    const { stdout, stderr } = await runCli(['analyze', fixture('bad.csv')]);
    expect(errorRecords(stderr).map((e) => [e.line, e.id ?? null, String(e.reason).split(' ')[0]])).toEqual([
      [3, null, 'malformed'],
      [4, 'c-3', 'date'],
      [5, 'c-4', 'text:'],
    ]);
    expect(jsonLines(stdout).map((r) => r.noteId)).toEqual(['c-1', 'c-5']);
    expect(stderr).toMatch(/5 notes read = 2 reported \+ 3 rejected/);
    expect(stderr, 'csv-parse messages are not passed on').not.toMatch(/Pain 4\/10|extra-cell/);
  });

  it('reads CSV from stdin with --input-format csv', async () => {
    const { code, stdout } = await runCli(['analyze', '-', '--quiet', '--input-format', 'csv', '--columns', CSV_COLUMNS], readFileSync(fixture('notes.csv'), 'utf8'));
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toHaveLength(5);
  });
});

describe('FHIR input', () => {
  it('reads a Bundle: inline base64, a url to a Binary listed later, a text/plain beside a PDF, context.period.start', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', fixture('bundle.json')]);
    expect(code, stderr).toBe(0);
    const fhir = jsonLines(stdout);
    const json = byId(jsonLines((await runCli(['analyze', fixture('notes.jsonl'), '--quiet'])).stdout));
    expect(fhir.map((r) => r.noteId).sort()).toEqual(['n-101', 'n-102', 'n-103', 'n-201', 'n-301']);
    for (const r of fhir) expect(core(r), String(r.noteId)).toEqual(json.get(String(r.noteId)));
    expect(new Set(fhir.map((r) => r.patientId)), 'subject.reference is the patient').toEqual(new Set(['Patient/p-1', 'Patient/p-2', 'Patient/p-3']));
    expect(fhir.find((r) => r.noteId === 'n-102')?.date, 'from context.period.start').toBe('2025-04-11');
  });

  it('reads FHIR NDJSON with the Binary after its DocumentReference', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', fixture('resources.ndjson')]);
    expect(code, stderr).toBe(0);
    expect(jsonLines(stdout).map((r) => [r.noteId, r.patientId, r.line])).toEqual([['n-101', 'Patient/p-1', 1]]);
  });

  it('writes an error record for a PDF, bad base64, bad UTF-8, a missing Binary, a partial date, a retracted document', async () => {
    const { stdout, stderr } = await runCli(['analyze', fixture('bundle-bad.json')]);
    const reasons = new Map(errorRecords(stderr).map((e) => [typeof e.id === 'string' ? e.id : `entry ${String(e.line)}`, String(e.reason)]));
    expect(reasons.get('f-pdf')).toMatch(/no text\/plain attachment \(found application\/pdf\)/);
    expect(reasons.get('f-b64')).toMatch(/data: not valid base64/);
    expect(reasons.get('f-utf8')).toMatch(/not decodable as utf-8/);
    expect(reasons.get('f-url')).toMatch(/url: no Binary/);
    expect(reasons.get('f-date')).toMatch(/^date must be an ISO 8601 date/);
    expect(reasons.get('f-retracted')).toMatch(/entered-in-error/);
    expect(reasons.get('entry 8')).toMatch(/entry: not a JSON object/);
    expect(jsonLines(stdout).map((r) => r.noteId)).toEqual(['f-ok']);
    expect(stderr).toMatch(/8 notes read = 1 reported \+ 7 rejected/);
    expect(leakedText(stderr, ['Lumbar radiculopathy, pain 6/10', 'Entered on the wrong chart']), stderr).toBeUndefined();
  });

  it('writes one error record for a file that is not JSON', async () => {
    const { code, stderr } = await runCli(['analyze', '-', '--input-format', 'fhir'], '{"resourceType": "Bundle", "entry": [');
    expect(code).toBe(0);
    expect(errorRecords(stderr)).toEqual([{ source: '-', line: 1, reason: 'malformed JSON (expected a FHIR Bundle)' }]);
  });

  it('prints no note text from any fixture on stderr', async () => {
    const texts = noteTexts(fixture('notes.jsonl'));
    for (const file of ['bundle.json', 'resources.ndjson', 'notes.csv']) {
      const { stderr } = await runCli(['analyze', fixture(file), '--columns', file.endsWith('.csv') ? CSV_COLUMNS : 'id=id']);
      expect(leakedText(stderr, texts), `${file}: ${stderr}`).toBeUndefined();
    }
  });
});
