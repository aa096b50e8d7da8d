// Runs the CLI in-process with in-memory streams.
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { run } from '../../examples/cli/program.js';

export const FIXTURES = 'tests/cli/fixtures';
export const fixture = (name: string) => `${FIXTURES}/${name}`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs `notelint argv`. `analyze` runs in the calling thread unless the test passes --workers: from the
 * TypeScript sources each worker loads tsx and the library (seconds on a shared 2-core runner), and the
 * tests of a worker run (workers.test.ts, dist.test.ts) prove it writes the same bytes.
 */
export async function runCli(argv: string[], stdin = ''): Promise<CliResult> {
  const out = collect();
  const err = collect();
  if (argv[0] === 'analyze' && !argv.includes('--workers')) argv = [...argv, '--workers', '1'];
  const code = await run(argv, { stdin: Readable.from([stdin]), stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

export const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The error records of a stderr that also holds the summary: the lines that are JSON objects. */
export const errorRecords = (stderr: string) => jsonLines(stderr.split('\n').filter((l) => l.startsWith('{')).join('\n'));

/** Every note text of a JSONL fixture, to check that none of it leaks. */
export function noteTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        const v = JSON.parse(l) as { text?: unknown };
        return typeof v.text === 'string' ? [v.text] : [];
      } catch {
        return [];
      }
    });
}

/** Fails when any 16-character window of a note text (at a step of 8) appears in `output`. */
export function leakedText(output: string, texts: readonly string[]): string | undefined {
  for (const text of texts) {
    for (let i = 0; i + 16 <= text.length; i += 8) {
      const window = text.slice(i, i + 16);
      if (output.includes(window)) return window;
    }
  }
  return undefined;
}
