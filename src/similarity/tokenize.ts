// The single-pass tokenizer behind shingles() and MinHasher.signature(). It walks the string's code units
// once, lower-cases and FNV-hashes each word as it goes, and never builds a token string: on 2 KB notes the
// tokenizer is most of the cost of a signature.
import { FNV_OFFSET, FNV_PRIME, fmix32i, fnv1a } from './hash.js';

// Token and shingle hashes are kept as signed int32 values in the hot loops: V8 then keeps them in
// registers, where unsigned values above 2^31 would become heap numbers.
const FNV_START = FNV_OFFSET | 0;

const UNKNOWN = 0;
const OTHER = 1;
const SURROGATE = 2; // half of a character outside the BMP: classified with its pair
const LETTER = 3; // letters and combining marks (Devanagari, Arabic, ... words keep their vowel signs)
const DIGIT = 4;

// Character classes and lower-case forms of the Basic Multilingual Plane, filled lazily the first time a
// code unit is met: one regex test per distinct non-ASCII character per process, none per token.
const CLASS = new Uint8Array(0x10000);
const LOWER = new Uint16Array(0x10000);
const WORD_RE = /^[\p{L}\p{M}\p{N}]$/u;
const DECIMAL_RE = /^\p{Nd}$/u;
for (let c = 0; c < 128; c++) {
  const isDigit = c >= 48 && c <= 57;
  const isUpper = c >= 65 && c <= 90;
  const isLower = c >= 97 && c <= 122;
  CLASS[c] = isDigit ? DIGIT : isUpper || isLower ? LETTER : OTHER;
  LOWER[c] = isUpper ? c + 32 : c;
}
CLASS.fill(SURROGATE, 0xd800, 0xe000);

function classifyString(ch: string): number {
  return DECIMAL_RE.test(ch) ? DIGIT : WORD_RE.test(ch) ? LETTER : OTHER;
}

function classify(c: number): void {
  const ch = String.fromCharCode(c);
  CLASS[c] = classifyString(ch);
  // A character whose lower case is longer than one code unit (Turkish dotted I) keeps its first unit.
  LOWER[c] = ch.toLowerCase().charCodeAt(0);
}

// Characters outside the BMP (surrogate pairs): rare in notes, classified through a cache.
const ASTRAL = new Map<number, { cls: number; lower: string }>();
function astral(cp: number): { cls: number; lower: string } {
  let info = ASTRAL.get(cp);
  if (info === undefined) {
    const ch = String.fromCodePoint(cp);
    info = { cls: classifyString(ch), lower: ch.toLowerCase() };
    ASTRAL.set(cp, info);
  }
  return info;
}

/** The one token that every number and date becomes when numbers are masked. */
const NUMBER_TOKEN = fnv1a('\u0000#') | 0;

// Month names merge with an adjacent number into the one date placeholder, so "March 3, 2024" and
// "04/11/2025" shingle alike. Only checked next to a number, so ordinary words cost no lookup.
const MONTHS = Int32Array.from(
  [
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  ].map((m) => fnv1a(m) | 0),
);

function isMonth(h: number): boolean {
  for (let i = 0; i < MONTHS.length; i++) if (MONTHS[i] === h) return true;
  return false;
}

// A gap of at most this many characters, all of them spaces or tabs or one of , / - . : joins two number
// parts into one value ("8/10", "120/80", "03/12/2024", "10:30", "March 3, 2024"); anything else
// (a newline, a word, a parenthesis) separates them.
const MAX_JOIN_GAP = 3;

let tokenBuf = new Int32Array(1024);
let shingleBuf = new Int32Array(1024);

function grow(buf: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let size = buf.length;
  while (size < need) size *= 2;
  return new Int32Array(size);
}

/**
 * Tokenizes `text` into the shared token buffer and returns the token count. Words are maximal runs of
 * letters, marks and digits in any script, lower-cased; with `maskNumbers`, a word that starts with a digit
 * ("8", "2024", "3mg", "2nd") is a number part, and number parts joined by date/number punctuation
 * collapse into one placeholder token.
 */
function tokenize(text: string, maskNumbers: boolean): number {
  const n = text.length;
  if (tokenBuf.length < (n >>> 1) + 2) tokenBuf = grow(tokenBuf, (n >>> 1) + 2);
  const toks = tokenBuf;
  let count = 0;
  let h = FNV_START;
  let inToken = false;
  let startsWithDigit = false;
  let tokenStart = 0;
  let prevEnd = 0; // end of the previous token: the gap to it decides whether number parts join
  let lastIsNumber = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let cls = CLASS[c] as number;
    if (cls >= LETTER) {
      if (!inToken) {
        inToken = true;
        h = FNV_START;
        startsWithDigit = cls === DIGIT;
        tokenStart = i;
      }
      h = Math.imul(h ^ (LOWER[c] as number), FNV_PRIME);
      continue;
    }
    if (cls === UNKNOWN) {
      classify(c);
      i--; // read it again, now classified
      continue;
    }
    if (cls === SURROGATE) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const info = astral(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        cls = info.cls;
        if (cls >= LETTER) {
          if (!inToken) {
            inToken = true;
            h = FNV_START;
            startsWithDigit = cls === DIGIT;
            tokenStart = i;
          }
          for (let u = 0; u < info.lower.length; u++) h = Math.imul(h ^ info.lower.charCodeAt(u), FNV_PRIME);
          i++;
          continue;
        }
      }
    }
    if (inToken) {
      inToken = false;
      if (!maskNumbers || (!startsWithDigit && !lastIsNumber)) toks[count++] = h;
      else {
        count = pushMasked(text, toks, count, h, startsWithDigit, lastIsNumber, prevEnd, tokenStart);
        lastIsNumber = toks[count - 1] === NUMBER_TOKEN;
      }
      prevEnd = i;
    }
  }
  if (inToken) {
    if (!maskNumbers || (!startsWithDigit && !lastIsNumber)) toks[count++] = h;
    else count = pushMasked(text, toks, count, h, startsWithDigit, lastIsNumber, prevEnd, tokenStart);
  }
  return count;
}

/** Whether the characters between two tokens join them into one number or date. */
function joins(text: string, from: number, to: number): boolean {
  if (to - from > MAX_JOIN_GAP) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 44 && c !== 47 && c !== 45 && c !== 46 && c !== 58) return false;
  }
  return true;
}

/** Appends a token next to a number (a number part, or a word after a number) when masking numbers. */
function pushMasked(
  text: string,
  toks: Int32Array,
  count: number,
  h: number,
  startsWithDigit: boolean,
  lastIsNumber: boolean,
  prevEnd: number,
  tokenStart: number,
): number {
  const joined = count > 0 && joins(text, prevEnd, tokenStart);
  if (startsWithDigit) {
    if (joined) {
      if (lastIsNumber) return count; // "03/12/2024": one placeholder
      if (isMonth(toks[count - 1] ?? 0)) {
        toks[count - 1] = NUMBER_TOKEN; // "March 3": the month joins the date
        return count;
      }
    }
    toks[count] = NUMBER_TOKEN;
    return count + 1;
  }
  if (joined && isMonth(h)) return count; // "3 March 2024"
  toks[count] = h;
  return count + 1;
}

/**
 * Hashes every k-gram of `text`'s tokens into the shared shingle buffer (with repeats, unsorted, as int32
 * bits: read them through a Uint32Array view for unsigned values) and returns it with the count. A text with fewer than k tokens (but at least one) gives one shingle of all
 * its tokens, so a one-word note is still similar to itself; a text without words gives none.
 */
export function shingleHashes(text: string, k: number, maskNumbers: boolean): { buf: Int32Array; count: number } {
  const nTok = tokenize(text, maskNumbers);
  const toks = tokenBuf;
  if (nTok === 0) return { buf: shingleBuf, count: 0 };
  const width = nTok < k ? nTok : k;
  const count = nTok - width + 1;
  if (shingleBuf.length < count) shingleBuf = grow(shingleBuf, count);
  const out = shingleBuf;
  for (let p = 0; p < count; p++) {
    // murmur3's body over the k token hashes, then its finalizer.
    let h = width;
    for (let j = 0; j < width; j++) {
      let t = Math.imul(toks[p + j] as number, 0xcc9e2d51);
      t = (t << 15) | (t >>> 17);
      t = Math.imul(t, 0x1b873593);
      h ^= t;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    out[p] = fmix32i(h ^ (width << 2));
  }
  return { buf: out, count };
}
