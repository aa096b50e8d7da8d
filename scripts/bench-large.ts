/**
 * `npm run bench:large [-- --count N] [-- --only workers,verify]`: findNearDuplicates over N (default
 * 1,000,000) generated ~2 KB notes streamed from generateNotes, for workers 0 and 1 and verify false and
 * true. Prints wall time, notes/s, peak RSS and pairs per run, and the machine. A benchmark, never a CI test.
 *
 * Each run is its own child process: process.resourceUsage().maxRSS is the peak of a whole process, so runs
 * sharing one would report the largest run's peak for all of them.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateNotes } from '../corpora/histories/generate.js';
import { findNearDuplicates } from '../src/similarity/index.js';

const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 2048;

interface RunResult {
  workers: number;
  verify: boolean;
  count: number;
  seconds: number;
  pairs: number;
  peakRssMb: number;
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const count = Number(argValue('--count') ?? 1_000_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${argValue('--count') ?? ''}`);
const seed = 1;

/** The notes as findNearDuplicates reads them: only id and text, so the generator's labels are not kept. */
function* records(n: number): Generator<{ id: string; text: string }> {
  for (const note of generateNotes({ count: n, seed })) yield { id: note.id, text: note.text };
}

async function runOne(workers: number, verify: boolean): Promise<RunResult> {
  const t0 = performance.now();
  const pairs = await findNearDuplicates(records(count), { workers, verify });
  const seconds = (performance.now() - t0) / 1000;
  // maxRSS is in kilobytes.
  return { workers, verify, count, seconds, pairs: pairs.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function generateOnly(): number {
  const t0 = performance.now();
  let chars = 0;
  for (const r of records(count)) chars += r.text.length;
  if (chars === 0) throw new Error('the generator produced no text');
  return (performance.now() - t0) / 1000;
}

const only = argValue('--only');
if (only !== undefined) {
  // Child: one configuration, one JSON line on stdout.
  const [w, v] = only.split(',');
  const result = await runOne(Number(w), v === 'true');
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const cpus = os.cpus();
  console.log(
    `notelint bench:large: findNearDuplicates over ${count.toLocaleString('en-US')} generated notes (generateNotes seed ${seed}), ` +
      `node ${process.version}, ${cpus[0]?.model ?? '?'} x${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM`,
  );
  const generateSeconds = generateOnly();
  console.log(`generating the notes alone (on the calling thread in every run): ${generateSeconds.toFixed(1)} s, ${(count / generateSeconds).toFixed(0)} notes/s`);
  const script = fileURLToPath(import.meta.url);
  for (const verify of [false, true]) {
    for (const workers of [0, 1]) {
      let out: string;
      try {
        out = execFileSync(process.execPath, [...process.execArgv, script, '--count', String(count), '--only', `${workers},${verify}`], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1 << 20,
        });
      } catch (error) {
        console.log(`verify ${String(verify).padEnd(5)} workers ${workers}: FAILED (${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)})`);
        continue;
      }
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as RunResult;
      const met = r.seconds <= TARGET_SECONDS && r.peakRssMb < TARGET_RSS_MB;
      console.log(
        `verify ${String(verify).padEnd(5)} workers ${workers}: ${r.seconds.toFixed(1).padStart(6)} s wall  ${(count / r.seconds).toFixed(0).padStart(6)} notes/s  ` +
          `peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB  ${r.pairs.toLocaleString('en-US').padStart(9)} pairs  ` +
          `target (<= ${TARGET_SECONDS} s, < ${TARGET_RSS_MB} MB): ${met ? 'met' : 'NOT met'}`,
      );
    }
  }
}
