import { invalidArgument } from '../errors.js';
import { shingleOptions, type ShingleOptions } from './options.js';
import { shingleHashes } from './tokenize.js';

/** Sorts and dedupes the first `count` values of `buf` (as unsigned) into a new array. */
export function sortedDistinct(buf: Int32Array, count: number): Uint32Array {
  // The shingle buffer holds int32 bits; a Uint32Array view of them sorts in unsigned order.
  const sorted = new Uint32Array(buf.buffer, buf.byteOffset, count).slice().sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (r === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] ?? 0;
  }
  return w === sorted.length ? sorted : sorted.slice(0, w);
}

/**
 * The shingle set of a note: the sorted, distinct 32-bit hashes of its word k-grams. Words are runs of
 * letters and digits in any script, lower-cased; punctuation and spacing do not matter. With `maskNumbers`
 * (default) every number and date ("8/10", "03/12/2024", "March 3, 2024", "120/80") is one placeholder
 * word. A note with fewer than `shingleSize` words gives one shingle of all its words; a note without
 * words gives an empty set.
 *
 * @example
 * const a = shingles('Pain 8/10 in the lower back on 03/12/2024.');
 * const b = shingles('pain 6/10 in the lower back on 04/02/2025');
 * jaccard(a, b); // 1: only numbers and dates differ
 */
export function shingles(text: string, options?: ShingleOptions): Uint32Array {
  if (typeof text !== 'string') throw invalidArgument('shingles', 'text', 'a string', text);
  const { shingleSize, maskNumbers } = shingleOptions('shingles', options);
  const { buf, count } = shingleHashes(text, shingleSize, maskNumbers);
  return sortedDistinct(buf, count);
}

function checkSet(fn: string, name: string, value: unknown): Uint32Array {
  if (!(value instanceof Uint32Array)) throw invalidArgument(fn, name, 'a Uint32Array (from shingles())', value);
  return value;
}

/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two shingle sets (sorted, distinct, as {@link shingles}
 * returns them), by one merge walk. Two empty sets (two notes without words) are identical: 1. An empty
 * set against a non-empty one: 0.
 *
 * @example
 * jaccard(shingles('left L4-L5 transforaminal epidural steroid injection'),
 *         shingles('right L4-L5 transforaminal epidural steroid injection')); // 0.6
 */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  checkSet('jaccard', 'a', a);
  checkSet('jaccard', 'b', b);
  const na = a.length;
  const nb = b.length;
  if (na === 0 && nb === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < na && j < nb) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (na + nb - inter);
}
