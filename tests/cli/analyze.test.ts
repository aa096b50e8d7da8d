import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorRecords, fixture, jsonLines, leakedText, noteTexts, runCli } from './helpers.js';

const NOTES = fixture('notes.jsonl');
const tmp = () => mkdtempSync(join(tmpdir(), 'notelint-cli-'));

describe('notelint analyze, JSONL in and out', () => {
  it('writes one record per note, patients in first-appearance order and notes in date order', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', NOTES]);
    expect(code, stderr).toBe(0);
    const records = jsonLines(stdout);
    expect(records.map((r) => `${String(r.patientId)}/${String(r.noteId)}`)).toEqual(['p-1/n-101', 'p-1/n-102', 'p-1/n-103', 'p-2/n-201', 'p-2/n-202', 'p-3/n-301']);
    const dates = records.filter((r) => r.patientId === 'p-1').map((r) => String(r.date));
    expect(dates, 'p-1 dates').toEqual([...dates].sort());
  });

  it('reports the copied third visit of p-1 as a clone of the second, with its line in the input', async () => {
    const records = jsonLines((await runCli(['analyze', NOTES])).stdout);
    const copy = records.find((r) => r.noteId === 'n-103');
    expect(copy?.line, 'n-103 is on line 5 of notes.jsonl').toBe(5);
    expect(copy?.similarityToPrevious, 'n-103 copies n-102').toBe(1);
    expect((copy?.findings as { ruleId: string }[]).map((f) => f.ruleId)).toContain('history/cloned-note');
  });

  it('says in the summary that notes read = reported + rejected, and prints no note text', async () => {
    const { stderr } = await runCli(['analyze', NOTES]);
    expect(stderr).toMatch(/6 notes read = 6 reported \+ 0 rejected/);
    expect(leakedText(stderr, noteTexts(NOTES)), stderr).toBeUndefined();
  });

  it('prints nothing on stderr with --quiet and writes the report to --out', async () => {
    const file = join(tmp(), 'report.jsonl');
    const { code, stdout, stderr } = await runCli(['analyze', NOTES, '--quiet', '--out', file]);
    expect([code, stdout, stderr]).toEqual([0, '', '']);
    expect(jsonLines(readFileSync(file, 'utf8'))).toHaveLength(6);
  });

  it('reads stdin for -', async () => {
    const { code, stdout } = await runCli(['analyze', '-', '--quiet'], readFileSync(NOTES, 'utf8'));
    expect(code).toBe(0);
    expect(jsonLines(stdout).map((r) => r.source)).toEqual(Array(6).fill('-'));
  });

  it('streams input sorted by patient with --sorted and gives the same records as the in-memory grouping', async () => {
    const lines = readFileSync(NOTES, 'utf8').trim().split('\n');
    const patientOf = (line: string) => (JSON.parse(line) as { patientId: string }).patientId;
    const sorted = [...lines].sort((a, b) => patientOf(a).localeCompare(patientOf(b)));
    const a = jsonLines((await runCli(['analyze', '-', '--quiet'], sorted.join('\n'))).stdout);
    const b = jsonLines((await runCli(['analyze', '-', '--quiet', '--sorted'], sorted.join('\n'))).stdout);
    expect(b).toEqual(a);
  });

  it('rejects, with --sorted, a note of a patient whose notes already ended', async () => {
    const { stdout, stderr } = await runCli(['analyze', NOTES, '--sorted']);
    const errors = errorRecords(stderr);
    // notes.jsonl interleaves p-1, p-2, p-1, p-3, p-1, p-2: lines 3, 5 and 6 come back to a finished patient.
    expect(errors.map((e) => e.line)).toEqual([3, 5, 6]);
    expect(errors.every((e) => /patientId: .*not grouped by patient/.test(String(e.reason))), stderr).toBe(true);
    expect(jsonLines(stdout)).toHaveLength(3);
    expect(stderr).toMatch(/6 notes read = 3 reported \+ 3 rejected/);
  });
});

describe('notelint analyze, bad input', () => {
  it('writes one error record per bad line naming the field, and goes on', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', fixture('bad.jsonl')]);
    expect(code).toBe(0);
    const errors = errorRecords(stderr);
    expect(errors.map((e) => [e.line, e.id ?? null, e.reason])).toEqual([
      [2, null, 'malformed JSON'],
      [3, 'x-2', 'text: missing'],
      [4, 'x-3', expect.stringMatching(/^date must be an ISO 8601 date/)],
      [5, null, 'not a JSON object'],
      [7, 'x-4', expect.stringMatching(/^cpt\.0 must be 5-character/)],
      [8, 'n-301', expect.stringMatching(/^id: duplicates the id of the patient's note at .*bad\.jsonl line 1$/)],
    ]);
    expect(jsonLines(stdout).map((r) => r.noteId)).toEqual(['n-301', 'x-5']);
    expect(stderr).toMatch(/8 notes read = 2 reported \+ 6 rejected/);
  });

  it('never prints the text of a bad record, even of a malformed line', async () => {
    const { stderr } = await runCli(['analyze', fixture('bad.jsonl')]);
    expect(leakedText(stderr, [...noteTexts(fixture('bad.jsonl')), 'Pain 7/10 in the low back']), stderr).toBeUndefined();
  });

  it('sends error records to --errors and exits 3 with --strict', async () => {
    const file = join(tmp(), 'errors.jsonl');
    const { code, stderr } = await runCli(['analyze', fixture('bad.jsonl'), '--strict', '--errors', file]);
    expect(code).toBe(3);
    expect(errorRecords(stderr), 'no error records on stderr').toEqual([]);
    expect(jsonLines(readFileSync(file, 'utf8'))).toHaveLength(6);
  });

  it('exits 3, not 1, when --strict rejects records and findings reach --fail-on', async () => {
    const { code, stdout } = await runCli(['analyze', fixture('bad.jsonl'), '--strict', '--fail-on', 'info', '--quiet', '--errors', join(tmp(), 'e.jsonl')]);
    expect(jsonLines(stdout).flatMap((r) => r.findings as unknown[]).length, 'bad.jsonl has findings').toBeGreaterThan(0);
    expect(code).toBe(3);
  });

  it('exits 1 when a finding is at or above --fail-on, 0 when none is', async () => {
    expect((await runCli(['analyze', NOTES, '--quiet', '--fail-on', 'error'])).code, 'notes.jsonl has errors').toBe(1);
    // n-301 of bad.jsonl has a warning only; x-5 nothing at error level.
    const onlyWarnings = await runCli(['analyze', fixture('bad.jsonl'), '--quiet', '--errors', join(tmp(), 'e.jsonl'), '--fail-on', 'error']);
    const severities = jsonLines(onlyWarnings.stdout).flatMap((r) => (r.findings as { severity: string }[]).map((f) => f.severity));
    expect(onlyWarnings.code, `severities ${severities.join(',')}`).toBe(severities.includes('error') ? 1 : 0);
    expect((await runCli(['analyze', fixture('bad.jsonl'), '--quiet', '--errors', join(tmp(), 'e.jsonl'), '--fail-on', 'info'])).code).toBe(severities.length > 0 ? 1 : 0);
  });

  it.each([
    [['analyze', 'tests/cli/fixtures/no-such-file.jsonl'], /cannot read .*no-such-file\.jsonl: ENOENT/],
    [['analyze', 'tests/cli/fixtures'], /not a file/],
    [['analyze', NOTES, '--shard', '0/2'], /--shard: expected I\/N/],
    [['analyze', NOTES, '--shard', '3/2'], /--shard/],
    [['analyze', NOTES, '--format', 'xml'], /--format/],
    [['analyze', NOTES, '--fail-on', 'fatal'], /--fail-on/],
    [['analyze', NOTES, '--preset', 'strictest'], /preset "strictest" is not a preset/],
    [['analyze', NOTES, '--config', fixture('config-bad.json')], /unknown rule id "no-such\/rule"/],
    [['analyze', NOTES, '--config', fixture('missing.json')], /cannot read/],
    [['analyze', fixture('notes.csv'), '--columns', 'noteId=NoteID'], /--columns: unknown field "noteId"/],
    [['analyze', fixture('notes.csv')], /CSV header has no column "id" \(id\)/],
    [['analyze', '-', '-'], /stdin/],
    [['analyze', NOTES, '--out', 'tests/cli/fixtures/no-such-dir/report.jsonl'], /cannot write .*no-such-dir\/report\.jsonl: ENOENT/],
    [['analyze', NOTES, '--errors', 'tests/cli/fixtures/no-such-dir/errors.jsonl'], /cannot write/],
    [['analyze'], /missing required argument/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on a usage error or unreadable input: %j', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout, 'no report').toBe('');
  });

  it('applies --config (preset, rule settings, clone threshold)', async () => {
    const off = jsonLines((await runCli(['analyze', NOTES, '--quiet', '--config', fixture('config.json')])).stdout);
    const on = jsonLines((await runCli(['analyze', NOTES, '--quiet'])).stdout);
    const rules = (rs: Record<string, unknown>[]) => rs.flatMap((r) => (r.findings as { ruleId: string }[]).map((f) => f.ruleId));
    expect(rules(on), 'default preset').toContain('functional/vague-only');
    expect(rules(off), 'config turns functional/vague-only off').not.toContain('functional/vague-only');
  });
});

describe('notelint analyze, report formats', () => {
  it('writes CSV with a header, one row per note, a column per rule and counts that match the JSONL findings', async () => {
    const csv = (await runCli(['analyze', NOTES, '--quiet', '--format', 'csv'])).stdout.trim().split('\n');
    const json = jsonLines((await runCli(['analyze', NOTES, '--quiet'])).stdout);
    const header = (csv[0] ?? '').split(',');
    expect(header.slice(0, 6)).toEqual(['patientId', 'noteId', 'date', 'source', 'line', 'completeness']);
    expect(csv).toHaveLength(json.length + 1);
    const cloneColumn = header.indexOf('history/cloned-note');
    expect(cloneColumn, header.join(',')).toBeGreaterThan(0);
    csv.slice(1).forEach((row, i) => {
      const cells = row.split(',');
      const record = json[i] as { noteId: string; completeness: number; findings: { ruleId: string }[] };
      expect(cells[1], row).toBe(record.noteId);
      expect(Number(cells[5]), row).toBe(record.completeness);
      expect(Number(cells[cloneColumn]), row).toBe(record.findings.filter((f) => f.ruleId === 'history/cloned-note').length);
    });
  });

  it('writes SARIF 2.1.0 with one result per finding, the rule index and the note as a logical location', async () => {
    const sarif = JSON.parse((await runCli(['analyze', NOTES, '--quiet', '--format', 'sarif'])).stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
    };
    const json = jsonLines((await runCli(['analyze', NOTES, '--quiet'])).stdout);
    const findings = json.flatMap((r) => r.findings as { ruleId: string; noteId: string }[]);
    const run = sarif.runs[0]!;
    expect(sarif.version).toBe('2.1.0');
    expect(run.results.map((r) => r.ruleId)).toEqual(findings.map((f) => f.ruleId));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId).toBe(r.ruleId);
    const clone = run.results.find((r) => r.ruleId === 'history/cloned-note');
    expect(clone?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe('p-1/n-103');
    expect(clone?.locations[0]?.physicalLocation.region.startLine, 'n-103 is line 5').toBe(5);
  });

  it('writes valid empty reports when every record is rejected', async () => {
    const input = '{"id":"x"}\n';
    for (const format of ['jsonl', 'csv', 'sarif']) {
      const { code, stdout, stderr } = await runCli(['analyze', '-', '--format', format], input);
      expect(code, format).toBe(0);
      expect(stderr, format).toMatch(/1 notes read = 0 reported \+ 1 rejected/);
      if (format === 'sarif') expect((JSON.parse(stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results, format).toEqual([]);
      if (format === 'csv') expect(stdout.trim().split('\n'), format).toHaveLength(1);
      if (format === 'jsonl') expect(stdout, format).toBe('');
    }
  });
});
