// Worker threads for `notelint analyze --workers N`. A patient is the unit of work (analyzeHistory needs
// all of a patient's notes), sent to the least busy worker; replies come back in any order and the caller
// writes them in the order it submitted them, so the output does not depend on the number of workers.
import { Worker } from 'node:worker_threads';
import { analyzeHistory, type HistoryNote, type HistoryOptions, type HistoryReport } from '../../src/index.js';
// On Node 20 a TypeScript worker must register tsx from inside the thread (nodejs/node#47747).
import { typescriptBootstrap } from '../../src/similarity/worker-pool.js';

/** A patient to analyze, numbered so the reply finds its caller. */
export interface AnalyzeRequest {
  seq: number;
  notes: HistoryNote[];
}

/** The report, or the name of the error analyzeHistory threw (never its message: it could hold input). */
export type AnalyzeReply = { seq: number; ok: true; report: HistoryReport } | { seq: number; ok: false; name: string };

/** What analyzing one patient gave: its report, or the name of the error (the notes are then rejected). */
export type AnalyzeOutcome = { report: HistoryReport } | { failed: string };

/** Analyzes one patient in the calling thread: what `--workers 1` runs, and what a worker runs. */
export function analyzeHere(notes: readonly HistoryNote[], options: HistoryOptions): AnalyzeOutcome {
  try {
    return { report: analyzeHistory(notes, options) };
  } catch (error) {
    return { failed: error instanceof Error ? error.name : typeof error };
  }
}

/**
 * The worker script: examples/cli/analyze-worker.ts from the TypeScript sources (tsx, vitest), else
 * dist/cli-worker.js beside the bundle (dist/cli.js) that inlined this module.
 */
function workerScript(): { url: URL; typescript: boolean } {
  const path = import.meta.url.replace(/[?#].*$/, '');
  if (/\.[cm]?ts$/.test(path)) return { url: new URL('./analyze-worker.ts', path), typescript: true };
  return { url: new URL('./cli-worker.js', path), typescript: false };
}


interface Pending {
  resolve: (outcome: AnalyzeOutcome) => void;
  reject: (error: Error) => void;
  worker: number;
}

const noop = (): void => undefined;

/** A fixed set of analysis workers. Always {@link AnalyzePool.close} it, also after an error. */
export class AnalyzePool {
  readonly #workers: Worker[] = [];
  readonly #busy: number[] = [];
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  #failure: Error | undefined;
  #closing = false;

  /**
   * Starts `count` workers analyzing with `options` (plain JSON data: it is copied to each thread).
   * `script` replaces the worker script (tests start one that fails).
   */
  constructor(count: number, options: HistoryOptions, script: { url: URL; typescript: boolean } = workerScript()) {
    for (let i = 0; i < count; i++) {
      const worker = script.typescript
        ? new Worker(typescriptBootstrap(script.url), { eval: true, workerData: options })
        : new Worker(script.url, { workerData: options });
      worker.on('message', (reply: AnalyzeReply) => {
        this.#reply(reply);
      });
      // The error's name only: a worker's message is not checked for input text.
      worker.on('error', (error: unknown) => {
        this.#fail(`an analysis worker failed (${error instanceof Error ? error.name : typeof error})`);
      });
      worker.on('messageerror', () => {
        this.#fail('an analysis worker sent a message that could not be read');
      });
      worker.on('exit', (code: number) => {
        if (!this.#closing) this.#fail(`an analysis worker stopped unexpectedly (exit code ${code})`);
      });
      this.#workers.push(worker);
      this.#busy.push(0);
    }
  }

  /** Patients sent and not yet answered. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /**
   * Sends one patient's notes to the least busy worker. The promise rejects when any worker fails: the run
   * cannot write its output in order without that patient.
   */
  analyze(notes: HistoryNote[]): Promise<AnalyzeOutcome> {
    if (this.#failure) return Promise.reject(this.#failure);
    const seq = this.#seq++;
    let worker = 0;
    for (let i = 1; i < this.#busy.length; i++) if ((this.#busy[i] ?? 0) < (this.#busy[worker] ?? 0)) worker = i;
    const promise = new Promise<AnalyzeOutcome>((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject, worker });
    });
    // A failure may reject a patient before the caller awaits it; the caller awaits it in order, or closes.
    promise.catch(noop);
    this.#busy[worker] = (this.#busy[worker] ?? 0) + 1;
    (this.#workers[worker] as Worker).postMessage({ seq, notes } satisfies AnalyzeRequest);
    return promise;
  }

  /** Terminates every worker and waits until they have exited. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#fail('the analysis workers were closed');
  }

  #reply(reply: AnalyzeReply): void {
    const pending = this.#pending.get(reply.seq);
    if (pending === undefined) return;
    this.#pending.delete(reply.seq);
    this.#busy[pending.worker] = (this.#busy[pending.worker] ?? 1) - 1;
    pending.resolve(reply.ok ? { report: reply.report } : { failed: reply.name });
  }

  #fail(detail: string): void {
    this.#failure ??= new Error(`notelint: ${detail}`);
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
  }
}
