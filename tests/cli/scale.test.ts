// Issue 5, scale: worker threads, the on-disk spill for unsorted input, progress on a terminal, the summary.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateHistories } from '../../corpora/histories/generate.js';
import { MemoryGrouper, SpillGrouper, type PatientGroup } from '../../examples/cli/grouping.js';
import type { CliNote } from '../../examples/cli/notes.js';
import { run } from '../../examples/cli/program.js';
import { Progress } from '../../examples/cli/progress.js';
import { AnalyzePool } from '../../examples/cli/workers.js';
import { errorRecords, fixture, jsonLines, runCli } from './helpers.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

// A generated archive exported by date: each patient's notes spread through the file (unsorted input).
function archive(patients = 12): string {
  const lines = generateHistories({ seed: 5, patients, minVisits: 2, maxVisits: 6 })
    .flatMap((h) => h.notes)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map(({ id, patientId, date, text, procedure }) => JSON.stringify({ id, patientId, date, text, procedure }));
  const file = join(tmp('notelint-scale-'), 'archive.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function cliNotes(file: string): CliNote[] {
  return generateHistories({ seed: 5, patients: 12, minVisits: 2, maxVisits: 6 })
    .flatMap((h) => h.notes)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map(({ id, patientId, date, text }, i) => ({ at: { source: file, line: i + 1 }, note: { id, patientId, date, text } }));
}

async function collectGroups(groups: AsyncIterable<PatientGroup>): Promise<PatientGroup[]> {
  const out: PatientGroup[] = [];
  for await (const g of groups) out.push(g);
  return out;
}


describe('--workers N', () => {
  it('writes the same bytes with 2 worker threads as in the calling thread, for jsonl and csv', async () => {
    const file = archive();
    for (const format of ['jsonl', 'csv']) {
      const one = await runCli(['analyze', file, '--format', format, '--workers', '1']);
      const two = await runCli(['analyze', file, '--format', format, '--workers', '2']);
      expect([one.code, two.code], `${format}: ${two.stderr}`).toEqual([0, 0]);
      expect(one.stdout.split('\n').length, `${format} has a line per note`).toBeGreaterThan(30);
      expect(two.stdout, `${format} with --workers 2`).toBe(one.stdout);
      expect(two.stderr, format).toMatch(/2 worker threads/);
      expect(one.stderr, format).toMatch(/1 thread/);
    }
  });

  it('rejects a --workers that is not a whole number (exit 2)', async () => {
    for (const bad of ['-1', 'two', '1.5']) {
      const { code, stderr } = await runCli(['analyze', fixture('notes.jsonl'), '--workers', bad]);
      expect([code, stderr], bad).toEqual([2, expect.stringContaining('--workers: expected a whole number')]);
    }
  });

  it('fails every waiting patient with a clear error when a worker dies, and terminates the workers', async () => {
    const script = join(tmp('notelint-worker-'), 'broken.mjs');
    writeFileSync(script, "throw new TypeError('worker cannot start');\n");
    const pool = new AnalyzePool(2, {}, { url: pathToFileURL(script), typescript: false });
    try {
      const outcome = pool.analyze([{ id: 'a', patientId: 'p', date: '2024-01-01', text: 'Lumbar pain 6/10.' }]);
      await expect(outcome).rejects.toThrow(/^notelint: an analysis worker failed \(TypeError\)$/);
      expect(pool.inFlight, 'no patient left waiting').toBe(0);
      await expect(pool.analyze([]), 'a failed pool takes no more work').rejects.toThrow(/analysis worker/);
    } finally {
      await pool.close();
    }
  });
});

describe('SpillGrouper (unsorted input, bounded memory)', () => {
  it('spills to several run files under a small budget and yields the same groups as the in-memory grouping', async () => {
    const notes = cliNotes('archive.jsonl');
    const dir = tmp('notelint-spill-test-');
    let runs = -1;
    const spilled = await collectGroups(new SpillGrouper({ memoryBytes: 20_000, tmpDir: dir, onSpilled: (n) => { runs = n; } }).groups(Readable.from(notes)));
    const memory = await collectGroups(new MemoryGrouper().groups(Readable.from(notes)));
    expect(runs, 'the budget forced spilling').toBeGreaterThan(2);
    expect(memory.length, 'several patients').toBe(12);
    expect(spilled).toEqual(memory);
    expect(readdirSync(dir), 'temporary run files removed').toEqual([]);
  });

  it('does not touch the disk when the notes fit in the budget', async () => {
    const dir = tmp('notelint-spill-test-');
    let runs = -1;
    const groups = await collectGroups(new SpillGrouper({ memoryBytes: 2 ** 30, tmpDir: dir, onSpilled: (n) => { runs = n; } }).groups(Readable.from(cliNotes('a'))));
    expect([runs, groups.length, readdirSync(dir)]).toEqual([0, 12, []]);
  });

  it('removes its files when the consumer stops early and when the input fails', async () => {
    const dir = tmp('notelint-spill-test-');
    for await (const group of new SpillGrouper({ memoryBytes: 5_000, tmpDir: dir }).groups(Readable.from(cliNotes('a')))) {
      expect(group.notes.length).toBeGreaterThan(0);
      break;
    }
    expect(readdirSync(dir), 'after an early stop').toEqual([]);
    async function* failing(): AsyncIterable<CliNote> {
      yield* cliNotes('a');
      await Promise.resolve();
      throw new Error('read failed');
    }
    await expect(collectGroups(new SpillGrouper({ memoryBytes: 5_000, tmpDir: dir }).groups(failing()))).rejects.toThrow('read failed');
    expect(readdirSync(dir), 'after a failed input').toEqual([]);
  });

  it('gives the same report with --memory-mb 0.01 (spilling) as with the default budget, and says it spilled', async () => {
    const file = archive();
    const small = await runCli(['analyze', file, '--memory-mb', '0.01']);
    const large = await runCli(['analyze', file]);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stdout).toBe(large.stdout);
    expect(small.stderr).toMatch(/spilled to \d+ temporary run files \(removed\)/);
    expect(large.stderr).not.toMatch(/spilled/);
  });

  it('rejects a --memory-mb that is not a positive number (exit 2)', async () => {
    for (const bad of ['0', '-5', 'lots']) {
      const { code, stderr } = await runCli(['analyze', fixture('notes.jsonl'), '--memory-mb', bad]);
      expect([code, stderr], bad).toEqual([2, expect.stringContaining('--memory-mb: expected a positive number')]);
    }
  });
});

/** Runs the CLI with a stderr that says it is (or is not) a terminal. */
async function runWithStderr(argv: string[], isTTY: boolean): Promise<{ code: number; stderr: string }> {
  const err = new PassThrough();
  Object.assign(err, { isTTY });
  const chunks: Buffer[] = [];
  err.on('data', (c: Buffer) => chunks.push(c));
  const code = await run(argv, { stdin: Readable.from(['']), stdout: new PassThrough().resume(), stderr: err });
  return { code, stderr: Buffer.concat(chunks).toString('utf8') };
}

describe('progress and summary on stderr', () => {
  it('draws a progress line on a terminal and erases it before the summary', async () => {
    const { code, stderr } = await runWithStderr(['analyze', archive(), '--workers', '1'], true);
    expect(code).toBe(0);
    // The terminal's erase-to-end-of-line (ESC [ K), spelled out so the patterns hold no control character.
    const shown = stderr.replaceAll('\u001b[K', '<EL>');
    expect(shown).toMatch(/^\r(notelint: \d+ notes {2}\d+ patients {2}[\d,]+ notes\/s {2}\d+% ETA \d+:\d\d)<EL>/);
    expect(shown).toMatch(/\r<EL>notelint: \d+ notes read/);
  });

  it('draws no progress when stderr is not a terminal, nor with --quiet on a terminal', async () => {
    const piped = await runWithStderr(['analyze', fixture('notes.jsonl'), '--workers', '1'], false);
    expect(piped.stderr).toMatch(/^notelint: 6 notes read/);
    expect(piped.stderr).not.toContain('\r');
    expect(await runWithStderr(['analyze', fixture('notes.jsonl'), '--workers', '1', '--quiet'], true)).toEqual({ code: 0, stderr: '' });
  });

  it('redraws at most 4 times a second and estimates the time left from the bytes read', () => {
    const out: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => out.push(c.toString('utf8')));
    let t = 0;
    const progress = new Progress(stream, 1000, () => t);
    const input = Object.assign(new PassThrough(), { bytesRead: 250 });
    progress.opened(input);
    t = 10_000;
    progress.update({ reported: 100, rejected: 0, patients: 5 });
    t = 10_100;
    progress.update({ reported: 110, rejected: 0, patients: 6 });
    stream.end();
    // 250 of 1000 bytes in 10 s: 30 s to go.
    expect(progress.line({ reported: 100, rejected: 0, patients: 5 }, 10_000)).toBe('notelint: 100 notes  5 patients  10 notes/s  25% ETA 0:30');
    expect(out.join('').split('\r').length - 1, 'the second update came 100 ms later: not drawn').toBe(1);
  });

  it('sums findings by rule and severity in the summary to the findings of the report, and counts rejected records', async () => {
    const { stdout, stderr } = await runCli(['analyze', fixture('bad.jsonl')]);
    const findings = jsonLines(stdout).flatMap((r) => r.findings as { ruleId: string; severity: string }[]);
    expect(findings.length, 'the fixture has findings').toBeGreaterThan(0);
    const rejected = errorRecords(stderr).length;
    expect(stderr).toContain(`${jsonLines(stdout).length + rejected} notes read = ${jsonLines(stdout).length} reported + ${rejected} rejected`);
    const table = new Map<string, number[]>();
    for (const m of stderr.matchAll(/^ +(\d+) +(\d+) +(\d+) +(\d+) {2}(\S+)$/gm)) table.set(m[5] ?? '', [m[1], m[2], m[3], m[4]].map(Number));
    const expected = new Map<string, number[]>();
    for (const f of findings) {
      const row = expected.get(f.ruleId) ?? [0, 0, 0, 0];
      row[0] = (row[0] ?? 0) + 1;
      const col = ['error', 'warning', 'info'].indexOf(f.severity) + 1;
      row[col] = (row[col] ?? 0) + 1;
      expected.set(f.ruleId, row);
    }
    expect(table, stderr).toEqual(expected);
    expect(stderr).toMatch(/\d+ patients, \d+ errors, \d+ warnings, \d+ infos, [\d.]+ s \([\d,]+ notes\/s\)/);
  });
});
