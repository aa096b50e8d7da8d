/**
 * Word, number and punctuation tokens with offsets, kept in typed arrays: a 2 KB note has about 400
 * tokens, and rules and ConText scopes are counted in tokens.
 */
export interface Tokens {
  readonly count: number;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** 1 for a word or number, 0 for punctuation. */
  readonly isWord: Uint8Array;
}

const TOKEN = /([\p{L}\p{M}]+|\p{N}+)|[^\s\p{L}\p{M}\p{N}]/gu;

export function tokenize(text: string): Tokens {
  let cap = Math.max(16, text.length >>> 2);
  let starts = new Uint32Array(cap);
  let ends = new Uint32Array(cap);
  let isWord = new Uint8Array(cap);
  let n = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    if (n === cap) {
      cap *= 2;
      const s2 = new Uint32Array(cap);
      s2.set(starts);
      starts = s2;
      const e2 = new Uint32Array(cap);
      e2.set(ends);
      ends = e2;
      const w2 = new Uint8Array(cap);
      w2.set(isWord);
      isWord = w2;
    }
    starts[n] = m.index;
    ends[n] = m.index + m[0].length;
    isWord[n] = m[1] === undefined ? 0 : 1;
    n++;
  }
  return { count: n, starts: starts.subarray(0, n), ends: ends.subarray(0, n), isWord: isWord.subarray(0, n) };
}

/** Index of the first token whose start is >= offset (binary search). */
export function tokenAtOrAfter(tokens: Tokens, offset: number): number {
  let lo = 0;
  let hi = tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens.starts[mid] ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
