// The bin as users get it: dist/cli.js in a child process, after `npm run build` (CI: npm run test:dist).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { errorRecords, fixture, jsonLines, leakedText, noteTexts, runCli } from './helpers.js';

const BIN = 'dist/cli.js';
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!process.env.NOTELINT_DIST)('dist/cli.js (built bin)', () => {
  it('is the package bin, starts with #!/usr/bin/env node and is executable', () => {
    expect(packageJson.bin.notelint).toBe('./dist/cli.js');
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => { accessSync(BIN, constants.X_OK); }).not.toThrow();
  });

  it('writes the same report as the in-process CLI, from stdin to stdout', async () => {
    const input = readFileSync(fixture('notes.jsonl'), 'utf8');
    const child = cli(['analyze', '-', '--quiet'], input);
    expect(child.status, child.stderr).toBe(0);
    expect(jsonLines(child.stdout)).toEqual(jsonLines((await runCli(['analyze', '-', '--quiet'], input)).stdout));
  });

  it('analyzes in worker threads (dist/cli-worker.js) and writes the same bytes as in one thread', () => {
    const input = readFileSync(fixture('notes.jsonl'), 'utf8');
    const one = cli(['analyze', '-', '--format', 'csv', '--workers', '1'], input);
    const two = cli(['analyze', '-', '--format', 'csv', '--workers', '2'], input);
    expect([one.status, two.status], two.stderr).toEqual([0, 0]);
    expect(two.stderr).toMatch(/2 worker threads/);
    expect(two.stdout).toBe(one.stdout);
  });

  it('exits 3 with --strict on bad records, writes them to stderr without note text', () => {
    const child = cli(['analyze', fixture('bad.jsonl'), '--strict']);
    expect(child.status).toBe(3);
    expect(errorRecords(child.stderr)).toHaveLength(6);
    expect(leakedText(child.stderr, noteTexts(fixture('bad.jsonl'))), child.stderr).toBeUndefined();
  });

  it('exits 2 on a usage error and 0 for --version', () => {
    expect(cli(['analyze', fixture('none.jsonl')]).status).toBe(2);
    const version = cli(['--version']);
    expect([version.status, version.stdout.trim()]).toEqual([0, packageJson.version]);
  });
});
