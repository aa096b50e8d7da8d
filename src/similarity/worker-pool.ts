// Worker threads for findNearDuplicates({ workers }). Batches go out in input order, round robin, and come
// back (possibly out of order across workers) into numbered slots that the caller takes in order, so the
// output does not depend on the number of workers. node:worker_threads is imported dynamically, only when
// workers are asked for, so the similarity subpath still bundles for a browser.
import { describeWorkerError, type SignReply, type SignRequest, type SignSettings, type SignedBatch } from './worker-batch.js';

type Worker = import('node:worker_threads').Worker;

interface Slot {
  promise: Promise<SignedBatch>;
  resolve: (batch: SignedBatch) => void;
  reject: (error: Error) => void;
  first: number;
  count: number;
  // A slot leaves the map once it is both taken and settled: until its reply, a failure must still be able to
  // reject a batch the caller is awaiting.
  taken: boolean;
  settled: boolean;
}

/** How to start a worker: its script, and whether it is TypeScript to load through tsx. */
export interface WorkerScript {
  url: URL;
  typescript?: boolean;
}

/**
 * The worker script next to this module: src/similarity/worker.ts when running from the TypeScript sources
 * (vitest, tsx), else the built entry beside the bundle that inlined this module (dist/similarity-worker.js
 * for dist/similarity.js, .cjs for the CommonJS build, whose import.meta.url is tsup's shim).
 */
export function defaultWorkerScript(): WorkerScript {
  const path = import.meta.url.replace(/[?#].*$/, '');
  if (/\.[cm]?ts$/.test(path)) return { url: new URL('./worker.ts', path), typescript: true };
  return { url: new URL(path.endsWith('.cjs') ? './similarity-worker.cjs' : './similarity-worker.js', path) };
}

/**
 * A TypeScript worker registers tsx from inside the thread, then imports the script: on Node 20 a worker
 * ignores loader hooks given as `execArgv: ['--import', 'tsx']` (nodejs/node#47747) and fails on ".ts".
 */
export function typescriptBootstrap(url: URL): string {
  return `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
}

const noop = (): void => undefined;

/** A fixed set of signature workers. Always {@link SignaturePool.close} it, also after an error. */
export class SignaturePool {
  readonly #fn: string;
  readonly #workers: Worker[];
  readonly #slots = new Map<number, Slot>();
  #submitted = 0;
  #taken = 0;
  #failure: Error | undefined;
  #closing = false;
  #running: number;

  private constructor(fn: string, workers: Worker[]) {
    this.#fn = fn;
    this.#workers = workers;
    this.#running = workers.length;
    for (const worker of workers) {
      worker.on('message', (reply: SignReply) => {
        this.#reply(reply);
      });
      worker.on('error', (error: unknown) => {
        this.#fail(`a signature worker failed: ${describeWorkerError(error)}`);
      });
      worker.on('messageerror', () => {
        this.#fail('a signature worker sent a message that could not be read');
      });
      worker.on('exit', (code: number) => {
        this.#running--;
        if (!this.#closing) this.#fail(`a signature worker stopped unexpectedly (exit code ${code})`);
      });
    }
  }

  /** Starts `count` workers signing with `settings`. */
  static async start(fn: string, count: number, settings: SignSettings, script: WorkerScript = defaultWorkerScript()): Promise<SignaturePool> {
    const { Worker } = await import('node:worker_threads');
    const workers: Worker[] = [];
    for (let i = 0; i < count; i++) {
      workers.push(
        script.typescript === true
          ? new Worker(typescriptBootstrap(script.url), { eval: true, workerData: settings })
          : new Worker(script.url, { workerData: settings }),
      );
    }
    return new SignaturePool(fn, workers);
  }

  /** Batches sent and not yet taken. */
  get inFlight(): number {
    return this.#submitted - this.#taken;
  }

  /** Workers not yet exited (0 once {@link SignaturePool.close} has resolved). */
  get running(): number {
    return this.#running;
  }

  /** Sends the next batch (records[first] onwards) to a worker. Throws the pool's failure, if any. */
  submit(texts: string[], first: number): void {
    if (this.#failure) throw this.#failure;
    const seq = this.#submitted++;
    let resolve: (batch: SignedBatch) => void = noop;
    let reject: (error: Error) => void = noop;
    const promise = new Promise<SignedBatch>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A failure may reject a slot before the caller awaits it; it is awaited later (or the pool is closed).
    promise.catch(noop);
    this.#slots.set(seq, { promise, resolve, reject, first, count: texts.length, taken: false, settled: false });
    const request: SignRequest = { seq, texts };
    (this.#workers[seq % this.#workers.length] as Worker).postMessage(request);
  }

  /** The oldest batch not yet taken, signed: batches are taken in the order they were submitted. */
  take(): Promise<SignedBatch> {
    const seq = this.#taken;
    const slot = this.#slots.get(seq);
    if (slot === undefined) return Promise.reject(this.#failure ?? new Error(`notelint.${this.#fn}: no signature batch in flight`));
    this.#taken++;
    slot.taken = true;
    if (slot.settled) this.#slots.delete(seq);
    return slot.promise;
  }

  /** Terminates every worker and waits until they have exited. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#fail('the signature workers were closed');
  }

  #reply(reply: SignReply): void {
    const slot = this.#slots.get(reply.seq);
    if (slot === undefined) return;
    if (reply.ok) {
      slot.settled = true;
      if (slot.taken) this.#slots.delete(reply.seq);
      slot.resolve(reply.batch);
    } else {
      const last = slot.first + slot.count - 1;
      this.#fail(`a signature worker failed on records[${slot.first}..${last}]: ${reply.error}`);
    }
  }

  #fail(detail: string): void {
    this.#failure ??= new Error(`notelint.${this.#fn}: ${detail}`);
    for (const slot of this.#slots.values()) slot.reject(this.#failure);
    this.#slots.clear();
  }
}
