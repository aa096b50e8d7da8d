import { describe, invalidArgument } from '../errors.js';
import { LshIndex, falsePositiveArea } from './lsh.js';
import { MinHasher } from './minhash.js';
import { checkObject, boolOption, intOption, thresholdOption } from './options.js';
import { jaccard, sortedDistinct } from './shingles.js';
import { shingleHashes } from './tokenize.js';

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
  /** Worker threads for signatures: not supported yet (any value is rejected). */
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

/**
 * Every pair of near-duplicate notes in a collection: MinHash signatures, an LSH index for candidates, and
 * (by default) the exact Jaccard of each candidate pair. Reads `records` once, as they come (an array, a
 * generator, or an async iterable such as a file read line by line), and keeps per note its signature's
 * band hashes and, when verifying, its shingle set (or, when not verifying, its signature): never the text.
 *
 * Pairs come in input order of `b`, then of `a`. A note is compared with all earlier notes, so a
 * collection of n exact copies gives n(n-1)/2 pairs. Notes without words (empty, punctuation only) are
 * identical to each other (similarity 1). Candidate generation is probabilistic: a pair just above the
 * threshold is found with probability ≥ 0.99, and a pair well above it almost surely.
 *
 * @example
 * const pairs = await findNearDuplicates([
 *   { id: 'n1', text: 'Right L5-S1 transforaminal epidural steroid injection, pain 8/10 ...' },
 *   { id: 'n2', text: 'Right L5-S1 transforaminal epidural steroid injection, pain 6/10 ...' },
 * ]);
 * // [{ a: 'n1', b: 'n2', similarity: 1 }]
 * clusterNearDuplicates(pairs); // [['n1', 'n2']]
 */
export async function findNearDuplicates(
  records: Iterable<NearDuplicateRecord> | AsyncIterable<NearDuplicateRecord>,
  options?: FindNearDuplicatesOptions,
): Promise<NearDuplicatePair[]> {
  if (!isIterable(records) || typeof records === 'string') throw invalidArgument(FN, 'records', 'an iterable or async iterable of { id, text }', records);
  const o = checkObject(FN, 'options', options);
  if (o.workers !== undefined) {
    throw new TypeError(`notelint.${FN}: options.workers is not supported yet; leave it out to compute signatures on this thread`);
  }
  const threshold = thresholdOption(FN, 'options.threshold', o.threshold, 0.8);
  const verify = boolOption(FN, 'options.verify', o.verify, true);
  const numPerm = intOption(FN, 'options.numPerm', o.numPerm, 128, 1, 65536);
  const hasher = new MinHasher({
    numPerm,
    seed: intOption(FN, 'options.seed', o.seed, 1, 0, 0xffffffff),
    shingleSize: intOption(FN, 'options.shingleSize', o.shingleSize, 3, 1, 64),
    maskNumbers: boolOption(FN, 'options.maskNumbers', o.maskNumbers, true),
  });
  const index = new LshIndex({ numPerm, ...recallBandsRows(threshold, numPerm) });
  // Per note, in input order: its shingle set when verifying, its signature otherwise.
  const kept: Uint32Array[] = [];
  const position = new Map<string, number>();
  const pairs: NearDuplicatePair[] = [];
  let n = 0;
  for await (const record of records as AsyncIterable<unknown>) {
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
    let signature: Uint32Array;
    let mine: Uint32Array;
    if (verify) {
      const { buf, count } = shingleHashes(text, hasher.shingleSize, hasher.maskNumbers);
      mine = sortedDistinct(buf, count);
      signature = hasher.signatureOfShingles(mine);
    } else {
      signature = hasher.signature(text);
      mine = signature;
    }
    for (const other of index.query(signature)) {
      const j = position.get(other) as number;
      const similarity = verify ? jaccard(kept[j] as Uint32Array, mine) : MinHasher.similarity(kept[j] as Uint32Array, mine);
      if (similarity >= threshold) pairs.push({ a: other, b: id, similarity });
    }
    index.insert(id, signature);
    position.set(id, n);
    kept.push(mine);
    n++;
  }
  return pairs;
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
