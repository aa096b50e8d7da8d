// Progress of `notelint analyze` on stderr, for a person watching a terminal: one line rewritten in place
// (\r), at most 4 times a second, so a pipe or a log file never gets it.
import type { ReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

/** What the line shows: notes and patients done so far. */
export interface ProgressCounts {
  reported: number;
  rejected: number;
  patients: number;
}

const INTERVAL_MS = 250;

/**
 * A progress line: `12,345 notes  678 patients  4,321 notes/s  37% ETA 0:42`. The ETA comes from the bytes
 * read of the input files against their total size; without a known size (stdin) there is none.
 */
export class Progress {
  #last = -Infinity;
  #shown = false;
  #current: Readable | undefined;
  #doneBytes = 0;
  readonly #start: number;

  constructor(
    private readonly stream: Writable,
    /** The input files' total size in bytes, when every input is a file. */
    private readonly totalBytes: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#start = now();
  }

  /** True when `stream` is a terminal: only then is there progress (also not with --quiet). */
  static wanted(stream: Writable): boolean {
    return (stream as Writable & { isTTY?: boolean }).isTTY === true;
  }

  /** An input opened: the bytes of the previous ones are done. */
  opened(stream: Readable): void {
    this.#doneBytes += this.#bytesOf(this.#current);
    this.#current = stream;
  }

  /** Redraws the line if the last draw is 250 ms old. */
  update(counts: ProgressCounts): void {
    const t = this.now();
    if (t - this.#last < INTERVAL_MS) return;
    this.#last = t;
    this.stream.write(`\r${this.line(counts, t)}\x1b[K`);
    this.#shown = true;
  }

  /** Erases the line, before the summary. */
  clear(): void {
    if (this.#shown) this.stream.write('\r\x1b[K');
    this.#shown = false;
  }

  line(counts: ProgressCounts, t = this.now()): string {
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    const seconds = Math.max((t - this.#start) / 1000, 1e-3);
    const notes = counts.reported + counts.rejected;
    let line = `notelint: ${n(notes)} notes  ${n(counts.patients)} patients  ${n(notes / seconds)} notes/s`;
    const read = this.#doneBytes + this.#bytesOf(this.#current);
    if (this.totalBytes !== undefined && this.totalBytes > 0 && read > 0) {
      const fraction = Math.min(read / this.totalBytes, 1);
      line += `  ${Math.floor(fraction * 100)}% ETA ${clock((seconds * (1 - fraction)) / fraction)}`;
    }
    return line;
  }

  #bytesOf(stream: Readable | undefined): number {
    const bytes = (stream as ReadStream | undefined)?.bytesRead;
    return typeof bytes === 'number' ? bytes : 0;
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
