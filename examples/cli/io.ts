// Streams and files of one CLI run. Everything goes through a CliIO, so the tests run the CLI in-process.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

/** The streams a run reads and writes: process.stdin/stdout/stderr in the bin, in-memory streams in tests. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** A usage error or unreadable input: the run stops with exit code 2 and this message (never note text). */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** One rejected input record. `reason` names fields, never their values. */
export interface ErrorRecord {
  source: string;
  /** The line in the file (JSONL, NDJSON, CSV: the record's last line), or the entry number in a FHIR Bundle. */
  line: number;
  id?: string;
  reason: string;
}

/** Writes a chunk and waits for the stream to drain when its buffer is full, so a slow pipe bounds memory. */
export async function write(stream: Writable, chunk: string): Promise<void> {
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    stream.once('drain', done);
    stream.once('error', done);
  });
}

/** An output: a file (created, closed by `close`) or the stream given (left open). */
export interface Output {
  stream: Writable;
  close(): Promise<void>;
}

/** Opens the file before any input is read, so an unwritable path is a usage error (exit 2), not a lost report. */
export async function openOutput(file: string | undefined, fallback: Writable): Promise<Output> {
  if (file === undefined || file === '-') return { stream: fallback, close: () => Promise.resolve() };
  const stream = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => { resolve(); });
    stream.once('error', (error: NodeJS.ErrnoException) => { reject(new CliUsageError(`cannot write ${file}: ${error.code ?? 'error'}`)); });
  });
  return {
    stream,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => { if (error) reject(error); else resolve(); });
      });
    },
  };
}

/** Checks every input before anything is read, so a misspelt path is a usage error (exit 2), not a half run. */
export async function checkInputs(inputs: readonly string[]): Promise<void> {
  if (inputs.filter((i) => i === '-').length > 1) throw new CliUsageError('stdin (-) can be read once only');
  for (const input of inputs) {
    if (input === '-') continue;
    const info = await stat(input).catch((error: unknown) => {
      throw new CliUsageError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    });
    if (!info.isFile()) throw new CliUsageError(`cannot read ${input}: not a file`);
  }
}

export function openInput(input: string, io: CliIO): Readable {
  return input === '-' ? io.stdin : createReadStream(input);
}

/** Error records go to `--errors FILE`, or to stderr, one JSON object a line. */
export class ErrorSink {
  count = 0;
  constructor(private readonly stream: Writable) {}
  async add(record: ErrorRecord): Promise<void> {
    this.count++;
    await write(this.stream, `${JSON.stringify(record)}\n`);
  }
}
