import { invalidArgument } from '../errors.js';
import { fmix32 } from './hash.js';
import { checkObject, intOption, thresholdOption } from './options.js';

/**
 * Options of {@link LshIndex}: a threshold to tune for, or explicit bands and rows.
 *
 * @example
 * const options: LshIndexOptions = { threshold: 0.85, numPerm: 128 };
 */
export interface LshIndexOptions {
  /** Jaccard similarity the index is tuned for. Default 0.8. Ignored when bands and rows are given. */
  threshold?: number;
  /** Signature length. Default 128. */
  numPerm?: number;
  /** Number of bands; give with `rows`. bands × rows must not exceed numPerm. */
  bands?: number;
  /** Signature positions per band; give with `bands`. */
  rows?: number;
  /** Weights of the false positive and false negative areas when choosing bands and rows. Default 0.5 and 0.5. */
  weights?: { falsePositive: number; falseNegative: number };
}

/** Probability that two signatures of Jaccard `s` share at least one band. */
function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

/** Simpson's rule with 100 intervals: the curves are smooth, and this is accurate to about 1e-8. */
function integrate(f: (s: number) => number, lo: number, hi: number): number {
  const n = 100;
  const step = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * step);
  return (sum * step) / 3;
}

/** Area under the candidate curve below the threshold: pairs that are candidates but should not be. */
export function falsePositiveArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
}

/** Area above the candidate curve over the threshold: pairs that should be candidates but are not. */
export function falseNegativeArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
}

/**
 * Bands and rows minimizing the weighted false positive and false negative areas, searched over every
 * bands × rows ≤ numPerm as datasketch's MinHashLSH does.
 *
 * @example
 * optimalBandsRows(0.8, 128); // { bands: 9, rows: 13 }
 */
export function optimalBandsRows(
  threshold: number,
  numPerm: number,
  weights: { falsePositive: number; falseNegative: number } = { falsePositive: 0.5, falseNegative: 0.5 },
): { bands: number; rows: number } {
  let best = { bands: 1, rows: 1 };
  let bestError = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const error = weights.falsePositive * falsePositiveArea(threshold, b, r) + weights.falseNegative * falseNegativeArea(threshold, b, r);
      if (error < bestError) {
        bestError = error;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

/**
 * Writes the `bands` bucket keys of a signature (band b hashes positions b·rows to (b+1)·rows − 1) into
 * `out` from `at`. {@link LshIndex} and `findNearDuplicates` share it, so both see the same candidates and
 * serialized band hashes stay comparable.
 *
 * @example
 * const keys = new Uint32Array(9);
 * bandKeysInto(new MinHasher().signature(text), 9, 13, keys, 0);
 */
export function bandKeysInto(signature: Uint32Array, bands: number, rows: number, out: Uint32Array, at: number): void {
  for (let b = 0; b < bands; b++) {
    let h = b;
    for (let j = b * rows; j < (b + 1) * rows; j++) h = fmix32(Math.imul(h, 0x01000193) ^ (signature[j] ?? 0));
    out[at + b] = h;
  }
}

const MAGIC = [0x4e, 0x4c, 0x53, 0x48]; // "NLSH"
const FORMAT_VERSION = 1;
const HEADER_BYTES = 4 + 4 + 4 + 4 + 4 + 8 + 4;

function deserializeError(detail: string): Error {
  return new Error(`notelint.LshIndex.deserialize: ${detail}`);
}

/**
 * A MinHash LSH index: signatures are cut into `bands` bands of `rows` positions, and two signatures are
 * candidates when any band is equal. With the bands and rows chosen for a threshold, pairs above it are
 * found with high probability and pairs far below it rarely; verify candidates with `jaccard` or
 * `MinHasher.similarity`.
 *
 * @example
 * const hasher = new MinHasher();
 * const index = new LshIndex({ threshold: 0.8 });
 * index.insert('visit-1', hasher.signature(note1));
 * index.query(hasher.signature(note2)); // ['visit-1'] when the notes are near-identical
 */
export class LshIndex {
  readonly numPerm: number;
  readonly bands: number;
  readonly rows: number;
  /** The threshold the bands and rows were chosen for (NaN when they were given explicitly). */
  readonly threshold: number;
  // Slot per inserted id, in insertion order; removed ids leave a hole, so query order stays insertion order.
  #ids: (string | undefined)[] = [];
  #slotOf = new Map<string, number>();
  #keys: Uint32Array = new Uint32Array(0);
  #tables: Map<number, number[]>[];

  constructor(options?: LshIndexOptions) {
    const o = checkObject('LshIndex', 'options', options);
    this.numPerm = intOption('LshIndex', 'options.numPerm', o.numPerm, 128, 1, 65536);
    if (o.bands !== undefined || o.rows !== undefined) {
      if (o.bands === undefined || o.rows === undefined) {
        throw new TypeError('notelint.LshIndex: options.bands and options.rows must be given together');
      }
      this.bands = intOption('LshIndex', 'options.bands', o.bands, 1, 1, this.numPerm);
      this.rows = intOption('LshIndex', 'options.rows', o.rows, 1, 1, this.numPerm);
      if (this.bands * this.rows > this.numPerm) {
        throw new RangeError(`notelint.LshIndex: options.bands × options.rows must be at most numPerm (${this.numPerm}), got ${this.bands} × ${this.rows}`);
      }
      this.threshold = NaN;
    } else {
      this.threshold = thresholdOption('LshIndex', 'options.threshold', o.threshold, 0.8);
      const w = checkObject('LshIndex', 'options.weights', o.weights);
      const weights = { falsePositive: 0.5, falseNegative: 0.5 };
      for (const name of ['falsePositive', 'falseNegative'] as const) {
        const v = w[name];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw invalidArgument('LshIndex', `options.weights.${name}`, 'a number ≥ 0', v);
        weights[name] = v;
      }
      ({ bands: this.bands, rows: this.rows } = optimalBandsRows(this.threshold, this.numPerm, weights));
    }
    this.#tables = Array.from({ length: this.bands }, () => new Map<number, number[]>());
  }

  /** Number of ids in the index. */
  get size(): number {
    return this.#slotOf.size;
  }

  #bandKeys(fn: string, signature: unknown): Uint32Array {
    if (!(signature instanceof Uint32Array)) throw invalidArgument(fn, 'signature', 'a Uint32Array signature', signature);
    if (signature.length !== this.numPerm) {
      throw new RangeError(`notelint.${fn}: signature must have numPerm (${this.numPerm}) values, got ${signature.length}`);
    }
    const keys = new Uint32Array(this.bands);
    bandKeysInto(signature, this.bands, this.rows, keys, 0);
    return keys;
  }

  #add(id: string, keys: Uint32Array): void {
    const slot = this.#ids.length;
    this.#ids.push(id);
    this.#slotOf.set(id, slot);
    const need = (slot + 1) * this.bands;
    if (this.#keys.length < need) {
      const grown = new Uint32Array(Math.max(need, this.#keys.length * 2, 64 * this.bands));
      grown.set(this.#keys);
      this.#keys = grown;
    }
    this.#keys.set(keys, slot * this.bands);
    for (let b = 0; b < this.bands; b++) {
      const table = (this.#tables[b] as Map<number, number[]>);
      const bucket = table.get(keys[b] ?? 0);
      if (bucket) bucket.push(slot);
      else table.set(keys[b] ?? 0, [slot]);
    }
  }

  /**
   * Adds a signature under an id (any string; an id already in the index is an error).
   *
   * @example
   * index.insert('note-42', hasher.signature(text));
   */
  insert(id: string, signature: Uint32Array): void {
    if (typeof id !== 'string') throw invalidArgument('LshIndex.insert', 'id', 'a string', id);
    if (this.#slotOf.has(id)) throw new Error(`notelint.LshIndex.insert: id ${JSON.stringify(id)} is already in the index`);
    this.#add(id, this.#bandKeys('LshIndex.insert', signature));
  }

  /**
   * The ids sharing at least one band with the signature, in insertion order: candidates to verify.
   *
   * @example
   * const candidates = index.query(hasher.signature(text)); // ['note-42', ...]: verify each
   */
  query(signature: Uint32Array): string[] {
    const keys = this.#bandKeys('LshIndex.query', signature);
    const slots = new Set<number>();
    for (let b = 0; b < this.bands; b++) {
      const bucket = (this.#tables[b] as Map<number, number[]>).get(keys[b] ?? 0);
      if (bucket) for (const s of bucket) slots.add(s);
    }
    const sorted = Array.from(slots).sort((x, y) => x - y);
    const ids: string[] = [];
    for (const s of sorted) ids.push(this.#ids[s] as string);
    return ids;
  }

  /**
   * Removes an id; returns whether it was in the index.
   *
   * @example
   * index.remove('note-42'); // true
   */
  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#slotOf.delete(id);
    this.#ids[slot] = undefined;
    for (let b = 0; b < this.bands; b++) {
      const key = this.#keys[slot * this.bands + b] ?? 0;
      const table = (this.#tables[b] as Map<number, number[]>);
      const bucket = table.get(key);
      if (!bucket) continue;
      const at = bucket.indexOf(slot);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) table.delete(key);
    }
    return true;
  }

  /**
   * The index as bytes (versioned binary format, little-endian): keep a patient's index between visits and
   * restore it with {@link LshIndex.deserialize}. Holds the ids and band hashes, not the signatures or text.
   *
   * @example
   * const bytes = index.serialize();
   * const restored = LshIndex.deserialize(bytes);
   */
  serialize(): Uint8Array {
    const encoder = new TextEncoder();
    const live: { id: Uint8Array; slot: number }[] = [];
    this.#ids.forEach((id, slot) => {
      if (id !== undefined) live.push({ id: encoder.encode(id), slot });
    });
    let total = HEADER_BYTES;
    for (const e of live) total += 4 + e.id.length + 4 * this.bands;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    bytes.set(MAGIC, 0);
    view.setUint32(4, FORMAT_VERSION, true);
    view.setUint32(8, this.numPerm, true);
    view.setUint32(12, this.bands, true);
    view.setUint32(16, this.rows, true);
    view.setFloat64(20, this.threshold, true);
    view.setUint32(28, live.length, true);
    let at = HEADER_BYTES;
    for (const e of live) {
      view.setUint32(at, e.id.length, true);
      bytes.set(e.id, at + 4);
      at += 4 + e.id.length;
      for (let b = 0; b < this.bands; b++, at += 4) view.setUint32(at, this.#keys[e.slot * this.bands + b] ?? 0, true);
    }
    return bytes;
  }

  /**
   * Restores an index from {@link LshIndex.serialize}'s bytes. Throws a clear error for bytes that are not
   * a notelint LSH index, come from a newer format version, or are truncated or corrupt.
   *
   * @example
   * const index = LshIndex.deserialize(bytesFromStorage);
   */
  static deserialize(bytes: Uint8Array): LshIndex {
    if (!(bytes instanceof Uint8Array)) throw invalidArgument('LshIndex.deserialize', 'bytes', 'a Uint8Array', bytes);
    if (bytes.length < HEADER_BYTES || MAGIC.some((m, i) => bytes[i] !== m)) {
      throw deserializeError('bytes are not a notelint LSH index (missing "NLSH" header)');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(4, true);
    if (version !== FORMAT_VERSION) throw deserializeError(`unsupported format version ${version} (this notelint reads version ${FORMAT_VERSION})`);
    const numPerm = view.getUint32(8, true);
    const bands = view.getUint32(12, true);
    const rows = view.getUint32(16, true);
    const threshold = view.getFloat64(20, true);
    const count = view.getUint32(28, true);
    if (numPerm < 1 || numPerm > 65536 || bands < 1 || rows < 1 || bands * rows > numPerm || !(Number.isNaN(threshold) || (threshold > 0 && threshold <= 1))) {
      throw deserializeError('corrupt header (numPerm, bands, rows or threshold out of range)');
    }
    const index = new LshIndex({ numPerm, bands, rows });
    (index as { threshold: number }).threshold = threshold;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let at = HEADER_BYTES;
    for (let n = 0; n < count; n++) {
      if (at + 4 > bytes.length) throw deserializeError(`truncated bytes (entry ${n} of ${count})`);
      const len = view.getUint32(at, true);
      if (at + 4 + len + 4 * bands > bytes.length) throw deserializeError(`truncated bytes (entry ${n} of ${count})`);
      let id: string;
      try {
        id = decoder.decode(bytes.subarray(at + 4, at + 4 + len));
      } catch {
        throw deserializeError(`corrupt id in entry ${n} (not UTF-8)`);
      }
      if (index.#slotOf.has(id)) throw deserializeError(`corrupt bytes (entry ${n} repeats an id)`);
      at += 4 + len;
      const keys = new Uint32Array(bands);
      for (let b = 0; b < bands; b++, at += 4) keys[b] = view.getUint32(at, true);
      index.#add(id, keys);
    }
    if (at !== bytes.length) throw deserializeError(`corrupt bytes (${bytes.length - at} unexpected trailing bytes)`);
    return index;
  }
}
