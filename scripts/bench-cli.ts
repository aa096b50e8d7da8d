/**
 * `npm run bench:cli [-- --count N] [-- --source] [-- --keep]`: the CLI end to end. Streams N (default 1,000,000)
 * generated ~2 KB notes from generateNotes, sorted by patient, to a temporary JSONL file, then runs
 * `notelint analyze FILE --sorted --quiet --format jsonl --out /dev/null` with `--workers 1` and `--workers 2`
 * (only the default when the CLI has no --workers) and prints wall time, notes/s and peak RSS of each run.
 * Runs the built `dist/cli.js` (`npm run build` first), or the source through tsx with `--source`.
 * A benchmark, never a CI test.
 *
 * Each run is its own process, so its peak RSS is its own: a preloaded hook reports
 * process.resourceUsage().maxRSS (which covers the worker threads, they share the process) at exit.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { generateNotes } from '../corpora/histories/generate.js';

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const count = Number(argValue('--count') ?? 1_000_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${argValue('--count') ?? ''}`);
const source = process.argv.includes('--source');
const keep = process.argv.includes('--keep');
const seed = 1;

const dir = mkdtempSync(join(os.tmpdir(), 'notelint-bench-cli-'));
const notesFile = join(dir, 'notes.jsonl');
// CommonJS so `--require` loads it before either an ESM bin or tsx's loader; fd 2 is the child's stderr,
// which --quiet leaves empty otherwise.
const rssHook = join(dir, 'rss-hook.cjs');
writeFileSync(rssHook, "process.on('exit', () => { require('node:fs').writeSync(2, `\\nbench-cli-rss-kb ${process.resourceUsage().maxRSS}\\n`); });\n");

/** generateNotes yields each patient's history in date order, patient after patient: input `--sorted` accepts. */
async function writeNotes(): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const out = createWriteStream(notesFile);
  let chunk = '';
  for (const n of generateNotes({ count, seed })) {
    chunk += `${JSON.stringify({ id: n.id, patientId: n.patientId, date: n.date, procedure: n.procedure, text: n.text })}\n`;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { seconds: (performance.now() - t0) / 1000, bytes: statSync(notesFile).size };
}

const cli = source ? ['--import', 'tsx', 'examples/cli/main.ts'] : ['dist/cli.js'];
if (!source && !existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first, or pass --source');

interface RunResult {
  workers: string;
  code: number;
  seconds: number;
  peakRssMb: number;
  stderr: string;
}

async function runCli(workers: string | undefined): Promise<RunResult> {
  const args = [...cli, 'analyze', notesFile, '--sorted', '--quiet', '--format', 'jsonl', '--out', '/dev/null', ...(workers === undefined ? [] : ['--workers', workers])];
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', rssHook, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    // Keep the tail only: the hook's line is last, and an error report must not grow without bound.
    stderr = (stderr + s).slice(-4096);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  const seconds = (performance.now() - t0) / 1000;
  const rss = /bench-cli-rss-kb (\d+)/.exec(stderr);
  return { workers: workers ?? 'default', code: code ?? -1, seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, stderr: stderr.replace(/\n?bench-cli-rss-kb \d+\n?/, '').trim() };
}

const help = execFileSync(process.execPath, [...cli, 'analyze', '--help'], { encoding: 'utf8' });
const hasWorkers = help.includes('--workers');
const cpus = os.cpus();
console.log(
  `notelint bench:cli: ${source ? 'tsx examples/cli/main.ts' : 'node dist/cli.js'} analyze --sorted over ${count.toLocaleString('en-US')} generated notes ` +
    `(generateNotes seed ${seed}), node ${process.version}, ${cpus[0]?.model ?? '?'} x${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM`,
);
try {
  const written = await writeNotes();
  console.log(`wrote ${notesFile}: ${(written.bytes / 2 ** 20).toFixed(0)} MB in ${written.seconds.toFixed(1)} s`);
  if (!hasWorkers) console.log('this CLI has no --workers option: one run with the default');
  for (const workers of hasWorkers ? ['1', '2'] : [undefined]) {
    const r = await runCli(workers);
    const status = r.code === 0 ? '' : `  FAILED (exit ${r.code}): ${r.stderr.split('\n').slice(-3).join(' | ')}`;
    console.log(
      `workers ${r.workers.padEnd(7)}: ${r.seconds.toFixed(1).padStart(7)} s wall  ${(count / r.seconds).toFixed(0).padStart(6)} notes/s  ` +
        `peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB${status}`,
    );
  }
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
