import { describe, invalidArgument } from '../errors.js';
import { falsePositiveArea } from './lsh.js';
import { checkObject, boolOption, intOption, thresholdOption } from './options.js';
import { BatchSigner, SKETCH_PARTS, SKETCH_SATURATED, type SignSettings, type SignedBatch } from './worker-batch.js';
import { SignaturePool } from './worker-pool.js';

/**
 * A note to compare: only `id` and `text` are read.
 *
 * @example
 * const record: NearDuplicateRecord = { id: 'visit-2025-03-04', text: noteText };
 */
export interface NearDuplicateRecord {
  id: string;
  text: string;
}

/**
 * A pair of notes at or above the threshold; `a` came before `b` in the input.
 *
 * @example
 * const pair: NearDuplicatePair = { a: 'visit-1', b: 'visit-2', similarity: 0.93 };
 */
export interface NearDuplicatePair {
  a: string;
  b: string;
  /** Exact Jaccard of the shingle sets when verifying (default), else the MinHash estimate. */
  similarity: number;
}

/**
 * Options of {@link findNearDuplicates}.
 *
 * @example
 * const options: FindNearDuplicatesOptions = { threshold: 0.85, verify: true };
 */
export interface FindNearDuplicatesOptions {
  /** Report pairs at or above this Jaccard similarity. Default 0.8. */
  threshold?: number;
  /** Compute the exact Jaccard of every candidate pair (keeps each note's shingle set). Default true. */
  verify?: boolean;
  /** Signature length. Default 128. */
  numPerm?: number;
  /** Hash seed. Default 1. */
  seed?: number;
  /** Words per shingle. Default 3. */
  shingleSize?: number;
  /** Replace every number and date with one placeholder token. Default true. */
  maskNumbers?: boolean;
  /**
   * Worker threads (node:worker_threads) that compute the signatures and shingle sets, 0 to 1024. Default 0:
   * everything on the calling thread. The result is the same for any number of workers. With workers the
   * input is still read on the calling thread; on an n-core machine n − 1 workers leave a core to it.
   * Node.js only (the worker script is dist/similarity-worker.js beside the bundle).
   */
  workers?: number;
}

/**
 * Bands and rows for candidate generation: a pair exactly at the threshold must become a candidate with
 * probability ≥ 0.99 (so pairs above it are missed far less often than with datasketch's balanced
 * choice, which misses about one pair in five just above the threshold), and among those settings the
 * one with the fewest false candidates wins. Verification removes the false candidates.
 */
export function recallBandsRows(threshold: number, numPerm: number): { bands: number; rows: number } {
  let best: { bands: number; rows: number } | undefined;
  let bestFp = Infinity;
  let fallback = { bands: numPerm, rows: 1 };
  let fallbackP = -1;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const p = 1 - Math.pow(1 - Math.pow(threshold, r), b);
      if (p > fallbackP) {
        fallbackP = p;
        fallback = { bands: b, rows: r };
      }
      if (p < 0.99) continue;
      const fp = falsePositiveArea(threshold, b, r);
      if (fp < bestFp) {
        bestFp = fp;
        best = { bands: b, rows: r };
      }
    }
  }
  return best ?? fallback;
}

function isIterable(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  if (x === null || typeof x !== 'object') return false;
  const o = x as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof o[Symbol.iterator] === 'function' || typeof o[Symbol.asyncIterator] === 'function';
}

const FN = 'findNearDuplicates';

// Texts are signed in batches of at most this many notes or characters: large enough that posting a batch
// to a worker costs little next to signing it, small enough that the texts in flight stay a few MB.
const BATCH_NOTES = 512;
const BATCH_CHARS = 1 << 19;
// Batches in flight per worker: one being signed, the next ones queued, so a worker never waits for input.
const IN_FLIGHT_PER_WORKER = 3;
// Elements per chunk of the set/signature pool (16 MB). Chunks are never copied when the pool grows, so
// peak memory is the data plus one chunk, not twice the data as with a doubling array.
const CHUNK = 1 << 22;
const NO_VALUES = new Uint32Array(0);

function grown(array: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  if (array.length >= need) return array;
  const next = new Uint32Array(Math.max(need, array.length * 2, 1024));
  next.set(array);
  return next;
}

/**
 * Per-note data of the whole input in a few large typed arrays, not one object per note: the LSH band keys
 * (n × bands) and each note's shingle set (verify) or signature, packed one after the other in chunks.
 */
class NoteStore {
  readonly bands: number;
  count = 0;
  keys = new Uint32Array(0);
  readonly chunks: Uint32Array[] = [];
  chunkOf = new Uint32Array(0);
  startOf = new Uint32Array(0);
  lengthOf = new Uint32Array(0);
  sketch = new Uint8Array(0);
  #current = NO_VALUES;
  #used = 0;

  constructor(bands: number) {
    this.bands = bands;
  }

  append(batch: SignedBatch): void {
    const m = batch.lengths.length;
    const need = this.count + m;
    this.keys = grown(this.keys, need * this.bands);
    this.chunkOf = grown(this.chunkOf, need);
    this.startOf = grown(this.startOf, need);
    this.lengthOf = grown(this.lengthOf, need);
    this.keys.set(batch.keys, this.count * this.bands);
    if (batch.sketch.length > 0) {
      if (this.sketch.length < need * SKETCH_PARTS) {
        const next = new Uint8Array(Math.max(need * SKETCH_PARTS, this.sketch.length * 2));
        next.set(this.sketch);
        this.sketch = next;
      }
      this.sketch.set(batch.sketch, this.count * SKETCH_PARTS);
    }
    const { lengths, data } = batch;
    const chunkOf = this.chunkOf;
    const startOf = this.startOf;
    const lengthOf = this.lengthOf;
    let current = this.#current;
    let used = this.#used;
    let n = this.count;
    let at = 0;
    let copied = 0; // data[copied..at) is waiting to be copied into `current` from `used - (at - copied)`
    for (let i = 0; i < m; i++, n++) {
      const len = lengths[i] as number;
      if (used + len > current.length) {
        current.set(data.subarray(copied, at), used - (at - copied));
        copied = at;
        current = new Uint32Array(Math.max(CHUNK, len));
        this.chunks.push(current);
        used = 0;
      }
      chunkOf[n] = this.chunks.length - 1;
      startOf[n] = used;
      lengthOf[n] = len;
      used += len;
      at += len;
    }
    if (at > copied) current.set(data.subarray(copied, at), used - (at - copied));
    this.#current = current;
    this.#used = used;
    this.count = n;
  }

  chunk(i: number): Uint32Array {
    return this.chunks[this.chunkOf[i] ?? 0] ?? NO_VALUES;
  }
}

/**
 * The smallest count of shared elements x for which `x / (total − x)` (Jaccard, when `total` is the sum of
 * the two set sizes) or `x / total` (a signature match, `union` false) reaches the threshold. Found with the
 * very division that gives the reported similarity, so stopping a comparison once x is out of reach never
 * drops a pair that the full comparison would report. Internal to the judge (not in the subpath's exports).
 *
 * @example
 * neededShared(0.8, 128, false); // 103: 103 of 128 equal positions is 0.805
 */
export function neededShared(threshold: number, total: number, union: boolean): number {
  let x = Math.ceil(union ? (threshold * total) / (1 + threshold) : threshold * total);
  while (x > 0 && (union ? (x - 1) / (total - x + 1) : (x - 1) / total) >= threshold) x--;
  while (x <= total && (union ? x / (total - x) : x / total) < threshold) x++;
  return x;
}

/**
 * neededShared for Jaccard, memoized by the sum of the two set sizes (the judge asks millions of times).
 *
 * @example
 * new NeededShared(0.8).of(20); // 9: 9 shared of 10 + 10 is 9/11 ≥ 0.8, 8/12 is not
 */
export class NeededShared {
  readonly #threshold: number;
  #table = new Int32Array(4096).fill(-1);

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  of(total: number): number {
    if (total >= this.#table.length) {
      const next = new Int32Array(Math.max(total + 1, this.#table.length * 2)).fill(-1);
      next.set(this.#table);
      this.#table = next;
    }
    let x = this.#table[total] as number;
    if (x < 0) {
      x = neededShared(this.#threshold, total, true);
      this.#table[total] = x;
    }
    return x;
  }
}

/**
 * An upper bound on the elements two sets share: per part of the hash space, the smaller of their counts
 * (−1 when a count is saturated and the bound unknown). `a` and `b` are offsets of two sketches.
 */
function sharedBound(sketch: Uint8Array, a: number, b: number): number {
  let bound = 0;
  for (let p = 0; p < SKETCH_PARTS; p++) {
    const x = sketch[a + p] as number;
    const y = sketch[b + p] as number;
    if (x === SKETCH_SATURATED || y === SKETCH_SATURATED) return -1;
    bound += x < y ? x : y;
  }
  return bound;
}

/**
 * Exact Jaccard of two sorted distinct sets stored at a[ai..ai+na) and b[bj..bj+nb) (the merge walk of
 * `jaccard`), or −1 as soon as the threshold is out of reach: most candidates of an archive are notes
 * sharing boilerplate with J far below the threshold, and they are dropped after a few dozen elements
 * instead of a full walk. `bound` is an upper bound on the shared elements, or −1 when unknown.
 *
 * @example
 * setSimilarity(a, 0, a.length, b, 0, b.length, new NeededShared(0.8), -1); // jaccard(a, b), or −1 below 0.8
 */
export function setSimilarity(a: Uint32Array, ai: number, na: number, b: Uint32Array, bj: number, nb: number, needed: NeededShared, bound: number): number {
  if (na === 0 && nb === 0) return 1;
  const total = na + nb;
  const need = needed.of(total);
  if (need > (na < nb ? na : nb) || (bound >= 0 && bound < need)) return -1;
  const ea = ai + na;
  const eb = bj + nb;
  let i = ai;
  let j = bj;
  let inter = 0;
  while (i < ea && j < eb) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
      continue;
    }
    if (x < y) i++;
    else j++;
    const left = ea - i < eb - j ? ea - i : eb - j;
    if (inter + left < need) return -1;
  }
  return inter / (total - inter);
}

/**
 * The share of equal positions of two signatures of length k stored at a[ai..) and b[bj..) (as
 * `MinHasher.similarity`), or −1 once more positions differ than the threshold allows.
 *
 * @example
 * signatureSimilarity(sigA, 0, sigB, 0, 128, 128 - neededShared(0.8, 128, false)); // MinHasher.similarity(sigA, sigB), or −1 below 0.8
 */
export function signatureSimilarity(a: Uint32Array, ai: number, b: Uint32Array, bj: number, k: number, maxDiffer: number): number {
  let differ = 0;
  for (let p = 0; p < k; p++) {
    if (a[ai + p] !== b[bj + p] && ++differ > maxDiffer) return -1;
  }
  return (k - differ) / k;
}

/**
 * Stable LSD radix sort of `keys[0..n)` (unsigned 32-bit), carrying `values` along: two passes of 16 bits.
 * Equal keys keep their order, which the candidate walk relies on (indices ascending within a bucket).
 */
function radixSort(keys: Uint32Array, values: Uint32Array, n: number, tmpKeys: Uint32Array, tmpValues: Uint32Array): void {
  const counts = new Uint32Array(65536);
  let srcK = keys;
  let srcV = values;
  let dstK = tmpKeys;
  let dstV = tmpValues;
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((srcK[i] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = srcK[i] as number;
      const d = (k >>> shift) & 0xffff;
      const to = counts[d] as number;
      counts[d] = to + 1;
      dstK[to] = k;
      dstV[to] = srcV[i] as number;
    }
    [srcK, dstK] = [dstK, srcK];
    [srcV, dstV] = [dstV, srcV];
  }
}

/** Candidate pairs at or above the threshold: note indices (a < b) and similarity, in any order. */
class PairList {
  count = 0;
  a = new Uint32Array(0);
  b = new Uint32Array(0);
  similarity = new Float64Array(0);

  push(a: number, b: number, similarity: number): void {
    if (this.count === this.a.length) {
      const size = Math.max(1024, this.count * 2);
      this.a = grown(this.a, size);
      this.b = grown(this.b, size);
      const s = new Float64Array(size);
      s.set(this.similarity);
      this.similarity = s;
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.similarity[this.count] = similarity;
    this.count++;
  }

  /** Pair positions ordered by b, then a. */
  order(): Uint32Array {
    const m = this.count;
    const perm = new Uint32Array(m);
    for (let i = 0; i < m; i++) perm[i] = i;
    const keys = this.a.slice(0, m);
    const tmpK = new Uint32Array(m);
    const tmpV = new Uint32Array(m);
    radixSort(keys, perm, m, tmpK, tmpV);
    for (let i = 0; i < m; i++) keys[i] = this.b[perm[i] as number] as number;
    radixSort(keys, perm, m, tmpK, tmpV);
    return perm;
  }
}

/**
 * Every pair that shares a band key, verified. Per band, note indices are sorted by the band's key and each
 * run of equal keys is a bucket; a pair is judged only in the first band where it collides, so a pair that
 * collides in several bands is judged once: the candidates are those of an LSH index queried note by note.
 */
function judgeCandidates(store: NoteStore, threshold: number, verify: boolean, numPerm: number): PairList {
  const n = store.count;
  const bands = store.bands;
  const { keys, startOf, lengthOf, sketch } = store;
  const maxDiffer = numPerm - neededShared(threshold, numPerm, false);
  const needed = new NeededShared(threshold);
  const pairs = new PairList();
  const column = new Uint32Array(n);
  const order = new Uint32Array(n);
  const tmpK = new Uint32Array(n);
  const tmpV = new Uint32Array(n);
  // A bucket's notes are scattered over the input; the keys of earlier bands and the sketches of its notes
  // are copied side by side first, so the bucket's pairs are compared in cache (buckets of hundreds of
  // notes sharing boilerplate make most of the pairs of an archive).
  let runKeys = new Uint32Array(0);
  let runSketch = new Uint8Array(0);
  let runLength = new Uint32Array(0);
  for (let band = 0; band < bands; band++) {
    for (let i = 0; i < n; i++) {
      column[i] = keys[i * bands + band] as number;
      order[i] = i;
    }
    radixSort(column, order, n, tmpK, tmpV);
    let runStart = 0;
    for (let p = 1; p <= n; p++) {
      if (p < n && column[p] === column[runStart]) continue;
      const size = p - runStart;
      if (size < 2) {
        runStart = p;
        continue;
      }
      if (runKeys.length < size * band) runKeys = new Uint32Array(size * band * 2);
      if (runLength.length < size) runLength = new Uint32Array(size * 2);
      if (verify && runSketch.length < size * SKETCH_PARTS) runSketch = new Uint8Array(size * SKETCH_PARTS * 2);
      for (let r = 0; r < size; r++) {
        const i = order[runStart + r] as number;
        for (let c = 0; c < band; c++) runKeys[r * band + c] = keys[i * bands + c] as number;
        runLength[r] = lengthOf[i] as number;
        if (verify) for (let q = 0; q < SKETCH_PARTS; q++) runSketch[r * SKETCH_PARTS + q] = sketch[i * SKETCH_PARTS + q] as number;
      }
      for (let r = 0; r < size - 1; r++) {
        const i = order[runStart + r] as number;
        const chunkI = store.chunk(i);
        const startI = startOf[i] as number;
        const lengthI = runLength[r] as number;
        for (let t = r + 1; t < size; t++) {
          let seen = false;
          for (let c = 0; c < band; c++) {
            if (runKeys[r * band + c] === runKeys[t * band + c]) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          let bound = -1;
          if (verify) {
            // Sizes and sketches are in the bucket's copy: most pairs are ruled out without reading their sets.
            const lengthJ = runLength[t] as number;
            const need = lengthI + lengthJ === 0 ? 0 : needed.of(lengthI + lengthJ);
            if (need > (lengthI < lengthJ ? lengthI : lengthJ)) continue;
            bound = sharedBound(runSketch, r * SKETCH_PARTS, t * SKETCH_PARTS);
            if (bound >= 0 && bound < need) continue;
          }
          const j = order[runStart + t] as number;
          const similarity = verify
            ? setSimilarity(chunkI, startI, lengthI, store.chunk(j), startOf[j] as number, runLength[t] as number, needed, bound)
            : signatureSimilarity(chunkI, startI, store.chunk(j), startOf[j] as number, numPerm, maxDiffer);
          if (similarity >= threshold) pairs.push(i, j, similarity);
        }
      }
      runStart = p;
    }
  }
  return pairs;
}

/**
 * Every pair of near-duplicate notes in a collection: MinHash signatures, LSH band keys for candidates, and
 * (by default) the exact Jaccard of each candidate pair. Reads `records` once, as they come (an array, a
 * generator, or an async iterable such as a file read line by line), and keeps per note, in pooled typed
 * arrays, its id, its signature's band keys and, when verifying, its shingle set (or, when not verifying,
 * its signature): never the text. Candidates are judged once the input has ended.
 *
 * Memory per note, besides its id: 4 bytes per LSH band (16 bands at the default threshold 0.8) plus, when
 * verifying, 4 bytes per distinct shingle (about 1.1 KB for a 2 KB note) and a 32-byte size sketch, else
 * 4 × numPerm bytes (512). Measured with `npm run bench:large` on 1,000,000 generated 2 KB notes (2-core
 * EPYC, Node 20): about 0.8-0.9 GB peak RSS without verification and 1.5-1.6 GB with it. Without
 * verification and with one worker the run took about 52 s; verifying took about 80 s, half of it judging
 * the candidates, which runs on the calling thread after the input has ended.
 *
 * Pairs come in input order of `b`, then of `a`. A note is compared with all earlier notes, so a
 * collection of n exact copies gives n(n-1)/2 pairs. Notes without words (empty, punctuation only) are
 * identical to each other (similarity 1). Candidate generation is probabilistic: a pair just above the
 * threshold is found with probability ≥ 0.99, and a pair well above it almost surely. The result does not
 * depend on `workers`.
 *
 * @example
 * const pairs = await findNearDuplicates([
 *   { id: 'n1', text: 'Right L5-S1 transforaminal epidural steroid injection, pain 8/10 ...' },
 *   { id: 'n2', text: 'Right L5-S1 transforaminal epidural steroid injection, pain 6/10 ...' },
 * ]);
 * // [{ a: 'n1', b: 'n2', similarity: 1 }]
 * clusterNearDuplicates(pairs); // [['n1', 'n2']]
 *
 * // An archive, signatures on a worker thread (Node.js):
 * const archivePairs = await findNearDuplicates(readNotes('archive.jsonl'), { workers: 1, verify: false });
 */
export async function findNearDuplicates(
  records: Iterable<NearDuplicateRecord> | AsyncIterable<NearDuplicateRecord>,
  options?: FindNearDuplicatesOptions,
): Promise<NearDuplicatePair[]> {
  if (!isIterable(records) || typeof records === 'string') throw invalidArgument(FN, 'records', 'an iterable or async iterable of { id, text }', records);
  const o = checkObject(FN, 'options', options);
  const threshold = thresholdOption(FN, 'options.threshold', o.threshold, 0.8);
  const verify = boolOption(FN, 'options.verify', o.verify, true);
  const numPerm = intOption(FN, 'options.numPerm', o.numPerm, 128, 1, 65536);
  const workers = intOption(FN, 'options.workers', o.workers, 0, 0, 1024);
  const settings: SignSettings = {
    numPerm,
    seed: intOption(FN, 'options.seed', o.seed, 1, 0, 0xffffffff),
    shingleSize: intOption(FN, 'options.shingleSize', o.shingleSize, 3, 1, 64),
    maskNumbers: boolOption(FN, 'options.maskNumbers', o.maskNumbers, true),
    ...recallBandsRows(threshold, numPerm),
    verify,
  };
  const store = new NoteStore(settings.bands);
  const ids: string[] = [];
  const position = new Map<string, number>();
  const signer = workers === 0 ? new BatchSigner(settings) : undefined;
  const pool = workers > 0 ? await SignaturePool.start(FN, workers, settings) : undefined;
  try {
    let texts: string[] = [];
    let chars = 0;
    let first = 0;
    const flush = async (): Promise<void> => {
      if (pool) {
        while (pool.inFlight >= workers * IN_FLIGHT_PER_WORKER) store.append(await pool.take());
        pool.submit(texts, first);
      } else store.append((signer as BatchSigner).sign(texts));
      first = ids.length;
      texts = [];
      chars = 0;
    };
    const feed = (record: unknown): Promise<void> | undefined => {
      const n = ids.length;
      const where = `records[${n}]`;
      if (record === null || typeof record !== 'object') throw invalidArgument(FN, where, 'an object { id, text }', record);
      const { id, text } = record as { id?: unknown; text?: unknown };
      if (typeof id !== 'string' || id.length === 0) throw invalidArgument(FN, `${where}.id`, 'a non-empty string', id);
      if (typeof text !== 'string') {
        throw new TypeError(`notelint.${FN}: ${where}.text (id ${JSON.stringify(id)}) must be a string, got ${describe(text)}`);
      }
      const earlier = position.get(id);
      if (earlier !== undefined) {
        throw new Error(`notelint.${FN}: ${where}.id ${JSON.stringify(id)} duplicates the id of records[${earlier}]; ids must be unique`);
      }
      position.set(id, n);
      ids.push(id);
      texts.push(text);
      chars += text.length;
      return texts.length >= BATCH_NOTES || chars >= BATCH_CHARS ? flush() : undefined;
    };
    // A plain loop for synchronous iterables: `for await` would add a microtask per note.
    if (typeof (records as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
      for await (const record of records as AsyncIterable<unknown>) await feed(record);
    } else {
      for (const record of records as Iterable<unknown>) {
        const flushed = feed(record);
        if (flushed) await flushed;
      }
    }
    if (texts.length > 0) await flush();
    if (pool) while (pool.inFlight > 0) store.append(await pool.take());
  } finally {
    await pool?.close();
  }
  position.clear();
  const pairs = judgeCandidates(store, threshold, verify, numPerm);
  const order = pairs.order();
  const out: NearDuplicatePair[] = new Array<NearDuplicatePair>(pairs.count);
  for (let k = 0; k < pairs.count; k++) {
    const p = order[k] as number;
    out[k] = { a: ids[pairs.a[p] as number] as string, b: ids[pairs.b[p] as number] as string, similarity: pairs.similarity[p] as number };
  }
  return out;
}

/**
 * Groups the ids of near-duplicate pairs into connected clusters (union-find). Each cluster lists its ids
 * in order of first appearance in `pairs`, and clusters come in order of their first id's appearance, so
 * the same pairs always give the same clusters.
 *
 * @example
 * clusterNearDuplicates([{ a: 'n1', b: 'n2', similarity: 0.9 }, { a: 'n2', b: 'n5', similarity: 0.85 }, { a: 'n3', b: 'n4', similarity: 1 }]);
 * // [['n1', 'n2', 'n5'], ['n3', 'n4']]
 */
export function clusterNearDuplicates(pairs: Iterable<{ a: string; b: string; similarity?: number }>): string[][] {
  if (!isIterable(pairs) || typeof (pairs as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw invalidArgument('clusterNearDuplicates', 'pairs', 'an iterable of { a, b }', pairs);
  }
  const order = new Map<string, number>();
  const parent: number[] = [];
  const ids: string[] = [];
  const find = (x: number): number => {
    let up = parent[x] ?? x;
    while (up !== x) {
      const grand = parent[up] ?? up;
      parent[x] = grand; // path halving
      x = grand;
      up = parent[x] ?? x;
    }
    return x;
  };
  const node = (id: string): number => {
    let k = order.get(id);
    if (k === undefined) {
      k = ids.length;
      order.set(id, k);
      ids.push(id);
      parent.push(k);
    }
    return k;
  };
  let i = 0;
  for (const pair of pairs) {
    const item: unknown = pair;
    const { a, b } = (item ?? {}) as { a?: unknown; b?: unknown };
    if (typeof a !== 'string') throw invalidArgument('clusterNearDuplicates', `pairs[${i}].a`, 'a string', a);
    if (typeof b !== 'string') throw invalidArgument('clusterNearDuplicates', `pairs[${i}].b`, 'a string', b);
    const ra = find(node(a));
    const rb = find(node(b));
    // The smaller root (earlier first appearance) wins, so a cluster's root is its first id.
    if (ra !== rb) {
      if (ra < rb) parent[rb] = ra;
      else parent[ra] = rb;
    }
    i++;
  }
  const groups = new Map<number, string[]>();
  for (let k = 0; k < ids.length; k++) {
    const root = find(k);
    const group = groups.get(root);
    if (group) group.push(ids[k] as string);
    else groups.set(root, [ids[k] as string]);
  }
  return Array.from(groups.values());
}
