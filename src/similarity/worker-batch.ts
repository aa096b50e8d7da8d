// The signature work of findNearDuplicates, shared by the calling thread (workers: 0) and the worker threads,
// so both produce the same bytes and the output does not depend on options.workers.
import { bandKeysInto } from './lsh.js';
import { MinHasher } from './minhash.js';
import { shingles } from './shingles.js';

/** What a signer needs: plain numbers and booleans, so it crosses to a worker thread as workerData. */
export interface SignSettings {
  numPerm: number;
  seed: number;
  shingleSize: number;
  maskNumbers: boolean;
  bands: number;
  rows: number;
  /** Keep each note's shingle set (for exact Jaccard) instead of its signature. */
  verify: boolean;
}

/**
 * Parts of the 32-bit hash space counted per shingle set (by the top 5 bits of each hash). Two sets share at
 * most Σ min(countA, countB) over the parts, a bound on the Jaccard similarity that rules out most
 * candidates for 32 bytes a note, before walking the sets.
 */
export const SKETCH_PARTS = 32;
const SKETCH_SHIFT = 27;
/** A part count at this value means "this many or more": the bound is then not used for the note. */
export const SKETCH_SATURATED = 255;

/**
 * The signed form of a batch of notes, packed in typed arrays (transferable between threads): `keys` holds
 * `bands` LSH bucket keys per note; `data` the notes' shingle sets (verify) or signatures, one after the
 * other; `lengths` the length of each note's part of `data`; `sketch`, when verifying, SKETCH_PARTS
 * counts per note (empty otherwise).
 */
export interface SignedBatch {
  keys: Uint32Array<ArrayBuffer>;
  data: Uint32Array<ArrayBuffer>;
  lengths: Uint32Array<ArrayBuffer>;
  sketch: Uint8Array<ArrayBuffer>;
}

/** Main thread → worker: a batch of texts, numbered in input order. */
export interface SignRequest {
  seq: number;
  texts: string[];
}

/** Worker → main thread: the signed batch, or the error's name and message (never a text). */
export type SignReply = { seq: number; ok: true; batch: SignedBatch } | { seq: number; ok: false; error: string };

/**
 * Signs batches of texts. Sets are copied into one growing buffer per batch, so a batch is three
 * allocations however many notes it holds.
 */
export class BatchSigner {
  readonly #settings: SignSettings;
  readonly #hasher: MinHasher;
  readonly #shingleOptions: { shingleSize: number; maskNumbers: boolean };
  #data = new Uint32Array(1 << 16);

  constructor(settings: SignSettings) {
    this.#settings = settings;
    const { numPerm, seed, shingleSize, maskNumbers } = settings;
    this.#hasher = new MinHasher({ numPerm, seed, shingleSize, maskNumbers });
    this.#shingleOptions = { shingleSize, maskNumbers };
  }

  sign(texts: readonly string[]): SignedBatch {
    const { bands, rows, verify, numPerm } = this.#settings;
    const count = texts.length;
    const keys = new Uint32Array(count * bands);
    const lengths = new Uint32Array(count);
    const sketch = new Uint8Array(verify ? count * SKETCH_PARTS : 0);
    let used = 0;
    for (let i = 0; i < count; i++) {
      const text = texts[i] as string;
      let signature: Uint32Array;
      let part: Uint32Array;
      if (verify) {
        part = shingles(text, this.#shingleOptions);
        signature = this.#hasher.signatureOfShingles(part);
      } else {
        signature = this.#hasher.signature(text);
        part = signature;
      }
      bandKeysInto(signature, bands, rows, keys, i * bands);
      if (used + part.length > this.#data.length) {
        let size = this.#data.length * 2;
        while (size < used + part.length) size *= 2;
        const grown = new Uint32Array(size);
        grown.set(this.#data.subarray(0, used));
        this.#data = grown;
      }
      this.#data.set(part, used);
      used += part.length;
      lengths[i] = verify ? part.length : numPerm;
      if (verify) {
        const at = i * SKETCH_PARTS;
        for (let p = 0; p < part.length; p++) {
          const q = at + ((part[p] as number) >>> SKETCH_SHIFT);
          if ((sketch[q] as number) < SKETCH_SATURATED) sketch[q] = (sketch[q] as number) + 1;
        }
      }
    }
    return { keys, data: this.#data.slice(0, used), lengths, sketch };
  }
}

/** An error's name and message for the main thread: engine and notelint messages never quote note text. */
export function describeWorkerError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${error === null ? 'null' : typeof error}`;
}
