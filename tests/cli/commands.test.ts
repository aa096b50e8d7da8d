import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRules } from '../../src/index.js';
import packageJson from '../../package.json';
import { errorRecords, fixture, jsonLines, leakedText, noteTexts, runCli } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'notelint-cli-'));

describe('notelint rules', () => {
  it('lists every rule with its scope, default severity and description as a table', async () => {
    const { code, stdout } = await runCli(['rules']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(listRules().length + 1);
    for (const r of listRules()) {
      const line = lines.find((l) => l.startsWith(`${r.id} `));
      expect(line, r.id).toMatch(new RegExp(`\\s${r.scope}\\s+${r.defaultSeverity}\\s`));
      expect(line, r.id).toContain(r.description);
    }
  });

  it('prints JSON with --json', async () => {
    const { stdout } = await runCli(['rules', '--json']);
    expect((JSON.parse(stdout) as { id: string }[]).map((r) => r.id)).toEqual(listRules().map((r) => r.id));
  });
});

describe('notelint --help and --version', () => {
  it('prints the version of the package', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it.each(['analyze', 'rules', 'duplicates', 'demo'])('prints help for %s and exits 0', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: notelint ${command}`);
  });

  it('states the memory bound of unsorted input and the worker default in analyze --help', async () => {
    const { stdout } = await runCli(['analyze', '--help']);
    expect(stdout).toMatch(/up to --memory-mb of notes[\s\S]*run files in the temporary\s+directory/);
    expect(stdout).toMatch(/--workers <n>[\s\S]*\(default: "\d+"\)/);
  });
});

describe('notelint duplicates', () => {
  it('finds the copied visit as a pair and a cluster', async () => {
    const { code, stdout, stderr } = await runCli(['duplicates', fixture('notes.jsonl')]);
    expect(code, stderr).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines).toEqual([
      { type: 'pair', a: 'n-102', b: 'n-103', similarity: 1 },
      { type: 'cluster', ids: ['n-102', 'n-103'] },
    ]);
    expect(stderr).toMatch(/6 notes read = 6 compared \+ 0 rejected; 1 pairs in 1 clusters/);
  });

  it('finds pairs across patients and across input files, and applies --threshold', async () => {
    const dir = tmp();
    const copy = join(dir, 'other-clinic.jsonl');
    const n101 = jsonLines(readFileSync(fixture('notes.jsonl'), 'utf8')).find((n) => n.id === 'n-101')!;
    // Another patient's note copied from n-101 with one sentence added: similar, not identical.
    const text = `${String(n101.text)}\nDiscussed weight loss and a walking program at length today.`;
    writeFileSync(copy, `${JSON.stringify({ ...n101, id: 'other-7', patientId: 'q-7', text })}\n`);
    const pairs = async (threshold: string) =>
      jsonLines((await runCli(['duplicates', fixture('notes.jsonl'), copy, '--quiet', '--threshold', threshold])).stdout).filter((l) => l.type === 'pair');
    const loose = await pairs('0.5');
    const cross = loose.find((p) => p.a === 'n-101' && p.b === 'other-7');
    expect(loose.map((p) => `${String(p.a)}~${String(p.b)}`).sort()).toEqual(['n-101~other-7', 'n-102~n-103']);
    const similarity = Number(cross?.similarity);
    expect(similarity, 'the added sentence lowers the similarity').toBeLessThan(1);
    expect((await pairs(String(Math.min(1, similarity + 0.01)))).map((p) => `${String(p.a)}~${String(p.b)}`), `threshold above ${similarity}`).toEqual(['n-102~n-103']);
  });

  it('needs only id and text, rejects the rest with error records and no text, and exits 3 with --strict', async () => {
    const { code, stdout, stderr } = await runCli(['duplicates', fixture('bad.jsonl'), '--strict']);
    expect(code).toBe(3);
    // bad.jsonl: a malformed line, a record without text, a non-object, and n-301 twice; no patient or date check here.
    expect(errorRecords(stderr).map((e) => e.line)).toEqual([2, 3, 5, 8]);
    expect(jsonLines(stdout)).toEqual([]);
    expect(leakedText(stderr, noteTexts(fixture('bad.jsonl'))), stderr).toBeUndefined();
  });

  it('reads CSV with only id and text columns', async () => {
    const { code, stderr } = await runCli(['duplicates', fixture('notes.csv'), '--columns', 'id=NoteID,text=Body']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/5 notes read = 5 compared/);
  });

  it.each([['0'], ['1.5'], ['often']])('exits 2 for --threshold %s', async (threshold) => {
    const { code, stderr } = await runCli(['duplicates', fixture('notes.jsonl'), '--threshold', threshold]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--threshold/);
  });

  it('exits 2 for a missing input', async () => {
    expect((await runCli(['duplicates', fixture('none.jsonl')])).code).toBe(2);
  });
});

describe('notelint demo', () => {
  it('analyzes the generated histories (seed 1) into a JSONL report and prints a summary', async () => {
    const file = join(tmp(), 'report.jsonl');
    const { code, stderr } = await runCli(['demo', '--patients', '3', '--out', file]);
    expect(code, stderr).toBe(0);
    const records = jsonLines(readFileSync(file, 'utf8'));
    expect(records.length).toBeGreaterThan(6);
    expect(new Set(records.map((r) => r.patientId))).toEqual(new Set(['P0001', 'P0002', 'P0003']));
    expect(stderr).toMatch(new RegExp(`${records.length} notes read = ${records.length} reported \\+ 0 rejected`));
    expect(stderr).toContain(`report written to ${file}`);
  });

  it('exits 2 for --patients 0', async () => {
    expect((await runCli(['demo', '--patients', '0'])).code).toBe(2);
  });
});
