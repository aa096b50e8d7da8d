// TEMPORARY (to be folded into tokenize.ts once its speed work lands): shingles with the character span of
// each, for copied-passage evidence. Mirrors tokenize.ts's token and masking rules.
import { FNV_OFFSET, FNV_PRIME, fmix32i, fnv1a } from './hash.js';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const NUMBER_TOKEN = fnv1a('\u0000#') | 0;
const MONTHS = new Set(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'].map((m) => fnv1a(m) | 0),
);
const JOIN = /^[ \t,/\-.:]{0,3}$/;

export function shinglePositions(text: string, k: number, maskNumbers: boolean): { hashes: Uint32Array; starts: Uint32Array; ends: Uint32Array; width: number; tokens: number } {
  const toks: number[] = [];
  const ts: number[] = [];
  const te: number[] = [];
  let lastIsNumber = false;
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    let h = FNV_OFFSET | 0;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
    const start = m.index;
    const end = start + m[0].length;
    const digit = /^\p{Nd}/u.test(m[0]);
    const joined = toks.length > 0 && JOIN.test(text.slice(te[te.length - 1], start));
    if (maskNumbers && digit) {
      if (joined && lastIsNumber) { te[te.length - 1] = end; continue; }
      if (joined && MONTHS.has(toks[toks.length - 1] as number)) { toks[toks.length - 1] = NUMBER_TOKEN; te[te.length - 1] = end; lastIsNumber = true; continue; }
      toks.push(NUMBER_TOKEN); ts.push(start); te.push(end); lastIsNumber = true; continue;
    }
    if (maskNumbers && joined && lastIsNumber && MONTHS.has(h)) { te[te.length - 1] = end; continue; }
    toks.push(h); ts.push(start); te.push(end); lastIsNumber = false;
  }
  const n = toks.length;
  if (n === 0) return { hashes: new Uint32Array(0), starts: new Uint32Array(0), ends: new Uint32Array(0), width: k, tokens: 0 };
  const width = n < k ? n : k;
  const count = n - width + 1;
  const hashes = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  for (let p = 0; p < count; p++) {
    let h = width;
    for (let j = 0; j < width; j++) {
      let t = Math.imul(toks[p + j] as number, 0xcc9e2d51);
      t = (t << 15) | (t >>> 17);
      t = Math.imul(t, 0x1b873593);
      h ^= t;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    hashes[p] = fmix32i(h ^ (width << 2)) >>> 0;
    starts[p] = ts[p] as number;
    ends[p] = te[p + width - 1] as number;
  }
  return { hashes, starts, ends, width, tokens: n };
}
