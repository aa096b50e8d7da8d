import { invalidArgument } from '../errors.js';
import { fmix32, fmix32i, splitmix32 } from './hash.js';
import { checkObject, boolOption, intOption } from './options.js';
import { shingleHashes } from './tokenize.js';

/**
 * Options of {@link MinHasher}. Signatures are comparable only between hashers with equal options.
 *
 * @example
 * const options: MinHasherOptions = { numPerm: 256, seed: 42 };
 */
export interface MinHasherOptions {
  /** Signature length (number of bins). Default 128. */
  numPerm?: number;
  /** Seed of the hash permutation. Default 1. */
  seed?: number;
  /** Words per shingle. Default 3. */
  shingleSize?: number;
  /** Replace every number and date with one placeholder token. Default true. */
  maskNumbers?: boolean;
}

// Marks a bin that no shingle fell into, and the whole signature of a note without words. A real value is
// never this: the one hash that would be is moved down by one (a 2^-32 chance per shingle of merging two).
const EMPTY = 0xffffffff;
const TWO_32 = 4294967296;
// Inside #sign hashes are int32 with the sign bit flipped (signed order of the flipped value = unsigned
// order of the hash), so the loop never leaves the int32 range.
const SIGN = -0x80000000;
const EMPTY_FLIPPED = EMPTY ^ SIGN;

/**
 * MinHash signatures by one-permutation hashing with optimal densification (Shrivastava 2017): each shingle
 * is hashed once by a seeded bijection of the 32-bit integers, the hash picks one of `numPerm` bins and the
 * bin keeps its smallest hash; an empty bin then copies the bin found by its own seeded probe sequence.
 * The fraction of equal positions of two signatures is an unbiased estimate of the Jaccard similarity of
 * the two shingle sets, at about `numPerm` times less work than classic k-permutation MinHash.
 *
 * Signatures depend only on the text and the options (integer arithmetic, a splitmix32 stream from
 * `seed`, no Math.random or crypto), so they can be stored and compared across processes and machines.
 *
 * @example
 * const hasher = new MinHasher({ numPerm: 128 });
 * const a = hasher.signature('Lumbar medial branch block at L3, L4 and L5 on the right.');
 * const b = hasher.signature('Lumbar medial branch block at L3, L4 and L5 on the left.');
 * MinHasher.similarity(a, b); // ≈ jaccard(shingles(...), shingles(...))
 */
export class MinHasher {
  readonly numPerm: number;
  readonly seed: number;
  readonly shingleSize: number;
  readonly maskNumbers: boolean;
  readonly #xor: number;
  readonly #mul: number;
  readonly #add: number;
  readonly #probeSeed: number;
  readonly #scale: number;
  // For a power-of-two numPerm the bin is the top bits of the hash: the same bin as the multiplication, without
  // leaving integer arithmetic. 0 when numPerm is not a power of two.
  readonly #shift: number;
  readonly #bins: Int32Array;

  constructor(options?: MinHasherOptions) {
    const o = checkObject('MinHasher', 'options', options);
    this.numPerm = intOption('MinHasher', 'options.numPerm', o.numPerm, 128, 1, 65536);
    this.seed = intOption('MinHasher', 'options.seed', o.seed, 1, 0, 0xffffffff);
    this.shingleSize = intOption('MinHasher', 'options.shingleSize', o.shingleSize, 3, 1, 64);
    this.maskNumbers = boolOption('MinHasher', 'options.maskNumbers', o.maskNumbers, true);
    const next = splitmix32(this.seed);
    this.#xor = next() | 0;
    this.#mul = next() | 1; // odd: multiplication modulo 2^32 is then a bijection
    this.#add = next() | 0;
    this.#probeSeed = next() | 0;
    this.#scale = this.numPerm / TWO_32;
    const log2 = Math.log2(this.numPerm);
    this.#shift = Number.isInteger(log2) && log2 > 0 ? 32 - log2 : 0;
    this.#bins = new Int32Array(this.numPerm);
  }

  /**
   * The signature of a note's text (equal to `signatureOfShingles(shingles(text, options))`, without
   * building the sorted set).
   *
   * @example
   * new MinHasher().signature('Pain 7/10 in the low back.').length; // 128
   */
  signature(text: string): Uint32Array {
    if (typeof text !== 'string') throw invalidArgument('MinHasher.signature', 'text', 'a string', text);
    const { buf, count } = shingleHashes(text, this.shingleSize, this.maskNumbers);
    return this.#sign(buf, count);
  }

  /**
   * The signature of a shingle set from {@link shingles} (made with the same shingle options). Order and
   * repeats do not matter.
   *
   * @example
   * const hasher = new MinHasher();
   * hasher.signatureOfShingles(shingles('Pain 7/10 in the low back.')); // same as hasher.signature(...)
   */
  signatureOfShingles(shingleSet: Uint32Array): Uint32Array {
    if (!(shingleSet instanceof Uint32Array)) {
      throw invalidArgument('MinHasher.signatureOfShingles', 'shingles', 'a Uint32Array (from shingles())', shingleSet);
    }
    return this.#sign(new Int32Array(shingleSet.buffer, shingleSet.byteOffset, shingleSet.length), shingleSet.length);
  }

  #sign(buf: Int32Array, count: number): Uint32Array {
    const k = this.numPerm;
    const bins = this.#bins;
    bins.fill(EMPTY_FLIPPED);
    const xor = this.#xor;
    const mul = this.#mul;
    const add = this.#add;
    const scale = this.#scale;
    const shift = this.#shift;
    // The minimum is kept without a branch: whether a hash lowers its bin is a coin flip early on, and the
    // mispredicted branch cost more than the hashing. `lower` is -1 when h < old, else 0.
    if (shift > 0) {
      for (let p = 0; p < count; p++) {
        let h = fmix32i((Math.imul((buf[p] as number) ^ xor, mul) + add) | 0) ^ SIGN;
        h -= +(h === EMPTY_FLIPPED);
        const bin = (h ^ SIGN) >>> shift;
        const old = bins[bin] as number;
        const lower = -(+(h < old));
        bins[bin] = old ^ ((old ^ h) & lower);
      }
    } else {
      for (let p = 0; p < count; p++) {
        let h = fmix32i((Math.imul((buf[p] as number) ^ xor, mul) + add) | 0) ^ SIGN;
        h -= +(h === EMPTY_FLIPPED);
        const bin = ((h - SIGN) * scale) | 0;
        const old = bins[bin] as number;
        const lower = -(+(h < old));
        bins[bin] = old ^ ((old ^ h) & lower);
      }
    }
    const out = new Uint32Array(k);
    if (count === 0) {
      out.fill(EMPTY);
      return out;
    }
    const probeSeed = this.#probeSeed;
    for (let i = 0; i < k; i++) {
      let v = bins[i] as number;
      if (v === EMPTY_FLIPPED) {
        // Optimal densification: probe bins with a hash of (bin, attempt) that is the same for every set, until
        // one that was non-empty before densification; two sets then agree on this bin with probability J.
        for (let attempt = 1; ; attempt++) {
          const j = (fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ probeSeed) * scale) | 0;
          v = bins[j] as number;
          if (v !== EMPTY_FLIPPED) break;
        }
      }
      out[i] = v ^ SIGN; // back to the unsigned hash
    }
    return out;
  }

  /**
   * Estimated Jaccard similarity of two signatures of the same hasher: the share of positions where they
   * agree. Two signatures of notes without words agree everywhere (1), like `jaccard` of two empty sets.
   *
   * @example
   * const hasher = new MinHasher();
   * MinHasher.similarity(hasher.signature('same words here'), hasher.signature('Same words, here.')); // 1
   */
  static similarity(a: Uint32Array, b: Uint32Array): number {
    if (!(a instanceof Uint32Array)) throw invalidArgument('MinHasher.similarity', 'a', 'a Uint32Array signature', a);
    if (!(b instanceof Uint32Array)) throw invalidArgument('MinHasher.similarity', 'b', 'a Uint32Array signature', b);
    if (a.length !== b.length || a.length === 0) {
      throw new RangeError(
        `notelint.MinHasher.similarity: signatures must have the same non-zero length (numPerm), got ${a.length} and ${b.length}`,
      );
    }
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    return same / a.length;
  }
}
