import { z } from 'zod';
import { tokenAtOrAfter, tokenize, type Tokens } from './pipeline/03-tokens.js';

/**
 * Lexicons are data: one concept per JSON file in `lexicons/`, each entry with a kebab-case id and a
 * one-line `example`. They are validated here when the module loads; the build inlines the JSON, so
 * nothing is read from disk at call time.
 */
// Letters, digits and single inner hyphens (no nested quantifier: the lookarounds rule out '--' and edges).
export const KEBAB_ID = /^(?!.*--)[a-z0-9][a-z0-9-]*(?<!-)$/;

export const entryBase = {
  id: z.string().regex(KEBAB_ID, 'ids are kebab-case'),
  example: z.string().min(1),
};

/**
 * A list of literal phrases (case-insensitive, any run of white space between words) and/or one regex
 * source. Patterns use non-capturing groups only (the matcher numbers its own groups) and no nested
 * quantifiers (a lint test checks both), so every scan stays linear.
 */
export const termsField = {
  terms: z.array(z.string().min(1)).min(1).optional(),
  pattern: z.string().min(1).optional(),
  // The words a `pattern` match can begin with, so TermMatcher only tries it where one stands (a pattern
  // without them is tried at every token).
  startsWith: z.array(z.string().min(1)).min(1).optional(),
};

/** Refinement for entries that match text: they need terms, a pattern, or both. */
export const needsTerms = (e: { terms?: unknown; pattern?: unknown }): boolean => e.terms !== undefined || e.pattern !== undefined;

/** Refinement for scanned lexicons: a pattern lists the words it can start with, so the scan can index it. */
export const patternHasStartsWith = (e: { pattern?: unknown; startsWith?: unknown }): boolean => e.pattern === undefined || e.startsWith !== undefined;

export interface LexiconEntryBase {
  id: string;
  example: string;
  terms?: string[] | undefined;
  pattern?: string | undefined;
  startsWith?: string[] | undefined;
}

export interface Lexicon<E extends LexiconEntryBase> {
  readonly name: string;
  readonly entries: readonly E[];
  readonly byId: ReadonlyMap<string, E>;
}

const registry = new Map<string, Lexicon<LexiconEntryBase>>();

/** Validates one lexicon file (unknown keys rejected, ids unique) and registers it for the lexicon lint test. */
export function loadLexicon<S extends z.ZodObject>(name: string, data: unknown, entry: S): Lexicon<z.infer<S> & LexiconEntryBase> {
  const parsed = z.array(entry.strict()).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`notelint: lexicon "${name}" is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown error'}`);
  }
  const entries = parsed.data as (z.infer<S> & LexiconEntryBase)[];
  const byId = new Map<string, z.infer<S> & LexiconEntryBase>();
  for (const e of entries) {
    if (byId.has(e.id)) throw new Error(`notelint: lexicon "${name}" has a duplicate id "${e.id}"`);
    byId.set(e.id, e);
  }
  const lexicon: Lexicon<z.infer<S> & LexiconEntryBase> = { name, entries, byId };
  registry.set(name, lexicon);
  return lexicon;
}

/** Every lexicon loaded so far (used by the lexicon lint test). */
export function registeredLexicons(): readonly Lexicon<LexiconEntryBase>[] {
  return [...registry.values()];
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** Escapes a literal phrase; white space matches any run of spaces, and hyphens match a space or a hyphen. */
export function literalSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(REGEX_SPECIAL, '\\$&').replace(/-/g, '[- ]?'))
    .join('\\s+');
}

/** The regex source matching any of an entry's terms or its pattern (no capturing groups added). */
export function entrySource(entry: { terms?: string[] | undefined; pattern?: string | undefined }): string {
  const parts: string[] = [];
  if (entry.terms) {
    // Longest first, so the alternation prefers "physical therapy" over "physical".
    for (const t of [...entry.terms].sort((a, b) => b.length - a.length)) parts.push(literalSource(t));
  }
  if (entry.pattern) parts.push(entry.pattern);
  return parts.join('|');
}

/** Word-bounded, case-insensitive regex for one or more sources. */
export function wordRegex(source: string, flags = 'gi'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags.includes('u') ? flags : flags + 'u');
}

/** What TermMatcher reads of an entry. */
export interface MatchableEntry {
  readonly terms?: readonly string[] | undefined;
  readonly pattern?: string | undefined;
  readonly startsWith?: readonly string[] | undefined;
}

/** A lexicon phrase found in a text. */
export interface TermMatch<E> {
  readonly start: number;
  readonly end: number;
  readonly entry: E;
}

/** One phrase of a group: its own word-bounded sticky regex, and a literal program when it has one. */
interface Alternative<E> {
  readonly entry: E;
  /** The phrase's place in the one alternation order, to choose between two groups matching at a token. */
  readonly rank: number;
  readonly src: string;
  /**
   * Compiled on first use: most phrases are plain ASCII terms the literal program decides alone, and
   * compiling hundreds of case-insensitive Unicode regexes up front cost a third of a second at every
   * import (and in every worker thread).
   */
  regex: RegExp | undefined;
  readonly program: Int32Array | undefined;
  /**
   * How many leading program ops spell the group's key exactly: the token was looked up by that key, so
   * those characters are known to match and runProgram starts after them (every phrase of a group
   * shares its first word, and comparing it again for each phrase was most of the matcher's time).
   */
  readonly skip: number;
  /** The op right after those `skip` ops (SPACES or a character), tested inline before runProgram; NO_FILTER otherwise. */
  readonly after: number;
  /** When `after` is SPACES: the next word's first character, tested inline too; NO_FILTER otherwise. */
  readonly next: number;
}

interface Group<E> {
  /** In alternation order: the first phrase that matches wins, as in one alternation of them all. */
  readonly alternatives: readonly Alternative<E>[];
  /** The length of the key the group is looked up by (0 for the patterns tried anywhere). */
  readonly keyLength: number;
}

const SPACES = -1;
const HYPHEN = -2;
const NO_FILTER = -5;

/**
 * A plain-ASCII term as char codes (lower-cased), SPACES for `\s+` and HYPHEN for `[- ]?`, so the
 * matcher can compare it with the text directly: running one of hundreds of large case-insensitive
 * Unicode regexes at a token cost more than all the work done with what it found. Undefined for a
 * term this shortcut cannot match exactly (non-ASCII, a hyphen ending a word, or doubled).
 */
function literalProgram(term: string): Int32Array | undefined {
  const words = term.trim().split(/\s+/);
  const out: number[] = [];
  for (const [wi, word] of words.entries()) {
    // A single hyphen followed by a character keeps `[- ]?` free of backtracking that could change the
    // match; one before white space or the phrase end could give its space or hyphen back.
    if (word.endsWith('-') || word.includes('--')) return undefined;
    if (wi > 0) out.push(SPACES);
    for (let i = 0; i < word.length; i++) {
      let c = word.charCodeAt(i);
      if (c >= 128) return undefined;
      if (c === 45) {
        out.push(HYPHEN);
        continue;
      }
      if (c >= 65 && c <= 90) c += 32;
      out.push(c);
    }
  }
  return Int32Array.from(out);
}

// runProgram's answer when it cannot decide (a non-ASCII character): the regex decides instead. Distinct from
// every program op and from the -1 of no match.
const UNSURE = -3;

/** White space as runProgram's SPACES reads it (ASCII only: a non-ASCII space is left to the regex). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * The end of a literal program's match at `pos` (its first `skip` ops already known to match) (the regex's closing `(?![\p{L}\p{N}])` included), -1
 * for none, or UNSURE at a non-ASCII character, where Unicode case folding and `\s` need the regex.
 */
function runProgram(prog: Int32Array, skip: number, text: string, pos: number): number {
  const len = text.length;
  // A range end inside the token leaves fewer characters than the key: compare them all then.
  const from = pos + skip <= len ? skip : 0;
  let p = pos + from;
  for (let k = from; k < prog.length; k++) {
    const op = prog[k] ?? 0;
    if (op === SPACES) {
      const from = p;
      while (p < len) {
        const c = text.charCodeAt(p);
        if (c === 32 || (c >= 9 && c <= 13)) p++;
        else if (c >= 128) return UNSURE;
        else break;
      }
      if (p === from) return -1;
    } else if (op === HYPHEN) {
      const c = p < len ? text.charCodeAt(p) : 0;
      if (c === 45 || c === 32) p++;
    } else {
      if (p >= len) return -1;
      let c = text.charCodeAt(p);
      if (c >= 128) return UNSURE;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== op) return -1;
      p++;
    }
  }
  if (p < len) {
    const c = text.charCodeAt(p);
    if (c >= 128) return UNSURE;
    if (isAsciiAlnum(c)) return -1;
  }
  return p;
}

/**
 * The first tokens a match of a phrase can begin with. `literalSource` lets a hyphen be a space or
 * nothing, so "post-op" may also start at the token "postop" and "-ve for" at "ve".
 */
function firstTokens(phrase: string): string[] {
  const text = phrase.trim().toLowerCase();
  const t = tokenize(text);
  const word = (i: number) => text.slice(t.starts[i], t.ends[i]);
  const keys: string[] = [];
  let i = 0;
  while (i < t.count && word(i) === '-') {
    keys.push('-');
    i++;
  }
  if (i >= t.count) return keys;
  let joined = word(i);
  keys.push(joined);
  // Without its hyphen, "post-op" is the one token "postop"; "covid-19" stays two (letters, then digits).
  const cls = (s: string) => (/^\p{N}/u.test(s) ? 2 : /^[\p{L}\p{M}]/u.test(s) ? 1 : 0);
  const joins = (k: number) => word(k + 1) === '-' && t.ends[k] === t.starts[k + 1] && t.ends[k + 1] === t.starts[k + 2] && cls(word(k)) !== 0 && cls(word(k + 2)) === cls(word(k));
  while (i + 2 < t.count && joins(i)) {
    joined += word(i + 2);
    keys.push(joined);
    i += 2;
  }
  return keys;
}

/**
 * Finds lexicon phrases (every entry's `terms` and `pattern`) with the same result as one leftmost,
 * longest-term-first alternation over all of them (patterns before terms at the same position, matches
 * never overlap), but only tries the phrases whose first word is the token at hand: one alternation of
 * hundreds of phrases tried at every character cost more than all the rest of `prepare`, and a note has
 * ten times fewer tokens than characters. A pattern is indexed by its `startsWith` words; one without
 * them is tried at every token.
 * @example
 * const m = new TermMatcher([{ id: 'pt', terms: ['physical therapy', 'PT'] }]);
 * const doc = prepare('Completed physical therapy.');
 * m.matches(doc.lower, doc.tokens); // [{ start: 10, end: 26, entry: { id: 'pt', ... } }]
 */
export class TermMatcher<E extends MatchableEntry> {
  /** The groups by the shared key id of their first word (see `tokenWordIds`). */
  private readonly byKeyId: (Group<E> | undefined)[];
  private readonly anywhere: Group<E> | undefined;

  constructor(entries: readonly E[]) {
    type Alt = { src: string; entry: E; len: number; keys: Set<string> | undefined; rank: number; program: string | undefined };
    const alts: Alt[] = [];
    for (const entry of entries) {
      for (const t of entry.terms ?? []) alts.push({ src: literalSource(t), entry, len: t.length, keys: new Set(firstTokens(t)), rank: 0, program: t });
      // Patterns are tried before terms at the same position: they are the longer, more specific shapes.
      if (entry.pattern) alts.push({ src: entry.pattern, entry, len: 1000 + entry.pattern.length, keys: entry.startsWith && new Set(entry.startsWith.flatMap(firstTokens)), rank: 0, program: undefined });
    }
    alts.sort((a, b) => b.len - a.len); // stable: equal lengths keep the lexicon order
    alts.forEach((a, i) => (a.rank = i));
    const groups = new Map<string, Alt[]>();
    const anywhere: Alt[] = [];
    for (const alt of alts) {
      if (!alt.keys) anywhere.push(alt);
      for (const key of alt.keys ?? []) {
        let g = groups.get(key);
        if (!g) groups.set(key, (g = []));
        g.push(alt);
      }
    }
    const compile = (list: Alt[], key: string | undefined): Group<E> => ({
      keyLength: key?.length ?? 0,
      alternatives: list.map((a) => {
        const program = a.program === undefined ? undefined : literalProgram(a.program);
        const skip = program && key !== undefined ? keyPrefix(program, key) : 0;
        const op = program?.[skip];
        const after = skip > 0 && op !== undefined && op !== HYPHEN ? op : NO_FILTER;
        const op2 = program?.[skip + 1];
        const next = after === SPACES && op2 !== undefined && op2 >= 0 ? op2 : NO_FILTER;
        return { entry: a.entry, rank: a.rank, src: a.src, regex: undefined, program, skip, after, next };
      }),
    });
    const byKeyId = new Map<number, Group<E>>();
    for (const [key, list] of groups) byKeyId.set(keyId(key), compile(list, key));
    // Packed and as long as every id known so far: a read past the end of a JS array is a slow path.
    this.byKeyId = Array.from({ length: keyIds.size }, (_, id) => byKeyId.get(id));
    // Patterns without `startsWith` stay a group of their own: copied into every word's alternation they
    // made each one so large that the regex engine ran them several times slower.
    this.anywhere = anywhere.length ? compile(anywhere, undefined) : undefined;
  }

  /**
   * Non-overlapping matches in the lower-cased `text[from, to)`, left to right, found as if that range
   * were the whole text: a phrase cut by the range end may still match a shorter phrase ("at rest" of
   * "at rest and"), as it would in a one-sentence text.
   */
  matches(lower: string, tokens: Tokens, from = 0, to = lower.length): TermMatch<E>[] {
    // A sliced string costs no copy, and the regex then never looks outside the range.
    const scope = from === 0 && to === lower.length ? lower : lower.slice(from, to);
    const out: TermMatch<E>[] = [];
    // Every matcher of a note reads the same tokens: their key ids are computed once per document.
    const { ids, known } = vocabularyTokens(lower, tokens);
    const byKeyId = this.byKeyId;
    const anywhere = this.anywhere;
    const starts = tokens.starts;
    let free = from;
    const push = (start: number, m: { end: number; entry: E }) => {
      out.push({ start, end: m.end + from, entry: m.entry });
      free = m.end + from;
    };
    if (anywhere) {
      for (let i = tokenAtOrAfter(tokens, from); i < tokens.count; i++) {
        const start = starts[i] ?? 0;
        if (start >= to) break;
        if (start < free) continue;
        const id = ids[i] ?? -1;
        const g = id >= 0 && id < byKeyId.length ? byKeyId[id] : undefined;
        const k = g && tryAt(g, scope, start - from);
        const a = tryAt(anywhere, scope, start - from);
        const m = a && k ? (a.rank < k.rank ? a : k) : (a ?? k);
        if (m) push(start, m);
      }
      return out;
    }
    // Without patterns tried everywhere only a vocabulary token can start a match: most tokens are skipped.
    for (let j = knownAtOrAfter(known, starts, from); j < known.length; j++) {
      const i = known[j] ?? 0;
      const start = starts[i] ?? 0;
      if (start >= to) break;
      if (start < free) continue;
      const id = ids[i] ?? -1;
      const g = id < byKeyId.length ? byKeyId[id] : undefined;
      const m = g && tryAt(g, scope, start - from);
      if (m) push(start, m);
    }
    return out;
  }
}

/** The first index into `known` (token indices, ascending) whose token starts at or after `offset`. */
function knownAtOrAfter(known: Int32Array, starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = known.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[known[mid] ?? 0] ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many leading ops of `program` are the characters of `key` (0 if the program does not start so). */
function keyPrefix(program: Int32Array, key: string): number {
  if (program.length < key.length) return 0;
  for (let k = 0; k < key.length; k++) if (program[k] !== key.charCodeAt(k)) return 0;
  return key.length;
}

/**
 * One id per first word of any matcher's phrases (and any word `wordId` interned), shared by every
 * TermMatcher: a note's tokens are then looked up once, not once per matcher (slicing and hashing each
 * token thirteen times was the largest cost of the extractors).
 */
const keyIds = new Map<string, number>();
const keyList: string[] = [];
/** Bit (first char code & 127, token length <= 31) of every key, to skip most tokens without hashing. */
const keyShapes = new Uint32Array(128);

function keyId(key: string): number {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = keyIds.size;
    keyIds.set(key, id);
    keyList.push(key);
    const slot = key.charCodeAt(0) & 127;
    keyShapes[slot] = (keyShapes[slot] ?? 0) | (1 << Math.min(31, key.length));
  }
  return id;
}

/**
 * The id of a lower-cased word in the shared vocabulary, added if new, for extractors that walk
 * `tokenWordIds` themselves (a word trie keyed by ids compares numbers, not sliced strings).
 * @example
 * const walk = wordId('walk');
 * tokenWordIds(doc.lower, doc.tokens)[i] === walk; // token i is "walk"
 */
export function wordId(word: string): number {
  return keyId(word);
}

// An open-addressing table over keyList, rebuilt when the vocabulary grew: a token is hashed where it
// lies in the text, so no substring is made for the 95% of tokens that are nobody's key.
let table = new Int32Array(0);
/** Each slot's full hash: a probe compares it before it loads the key string, which is mostly a cache miss. */
let tableHashes = new Int32Array(0);
let tableMask = 0;
let tableVocabulary = -1;

function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function rebuildTable(): void {
  let size = 64;
  while (size < keyList.length * 4) size *= 2;
  table = new Int32Array(size).fill(-1);
  tableHashes = new Int32Array(size);
  tableMask = size - 1;
  for (let id = 0; id < keyList.length; id++) {
    const key = keyList[id] ?? '';
    const hash = hashRange(key, 0, key.length);
    let h = hash & tableMask;
    while ((table[h] ?? -1) !== -1) h = (h + 1) & tableMask;
    table[h] = id;
    tableHashes[h] = hash;
  }
  tableVocabulary = keyList.length;
}

function lookupRange(text: string, start: number, end: number): number {
  const len = end - start;
  const hash = hashRange(text, start, end);
  for (let h = hash & tableMask; ; h = (h + 1) & tableMask) {
    const id = table[h] ?? -1;
    if (id === -1) return -1;
    if (tableHashes[h] !== hash) continue;
    const key = keyList[id] ?? '';
    if (key.length !== len) continue;
    let k = 0;
    while (k < len && key.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === len) return id;
  }
}

interface KeyIdCache {
  readonly lower: string;
  /** `keyIds.size` when computed: a matcher built later may add keys. */
  readonly vocabulary: number;
  readonly ids: Int32Array;
  /** The indices of the tokens with an id, ascending. */
  readonly known: Int32Array;
}
const keyIdCache = new WeakMap<Tokens, KeyIdCache>();

/**
 * Each token's id in the shared vocabulary (-1 when it is no matcher's first word and was never
 * interned with `wordId`), computed once per document and shared by every matcher.
 * @example
 * const ids = tokenWordIds(doc.lower, doc.tokens); // Int32Array, one id per token
 */
export function tokenWordIds(lower: string, tokens: Tokens): Int32Array {
  return vocabularyTokens(lower, tokens).ids;
}

function vocabularyTokens(lower: string, tokens: Tokens): KeyIdCache {
  const cached = keyIdCache.get(tokens);
  if (cached && cached.lower === lower && cached.vocabulary === keyIds.size) return cached;
  if (tableVocabulary !== keyList.length) rebuildTable();
  const ids = new Int32Array(tokens.count);
  const known = new Int32Array(tokens.count);
  let n = 0;
  const { starts, ends } = tokens;
  for (let i = 0; i < tokens.count; i++) {
    const start = starts[i] ?? 0;
    const end = ends[i] ?? start;
    const shape = keyShapes[lower.charCodeAt(start) & 127] ?? 0;
    const id = (shape & (1 << Math.min(31, end - start))) === 0 ? -1 : lookupRange(lower, start, end);
    ids[i] = id;
    if (id >= 0) known[n++] = i;
  }
  const entry = { lower, vocabulary: keyIds.size, ids, known: known.subarray(0, n) };
  keyIdCache.set(tokens, entry);
  return entry;
}

/**
 * Each phrase's regex, shared by every group and matcher that has the phrase: a pattern listing ten
 * `startsWith` words used to be compiled into ten large group alternations, and running hundreds of
 * distinct large regexes per note cost more in instruction cache misses than the matching itself.
 */
const phraseRegexes = new Map<string, RegExp>();

function phraseRegex(src: string): RegExp {
  let regex = phraseRegexes.get(src);
  if (!regex) {
    regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${src})(?![\\p{L}\\p{N}])`, 'iuy');
    phraseRegexes.set(src, regex);
  }
  return regex;
}

/**
 * The match at `start` of `(?<![\p{L}\p{N}])(?:A1|A2|...)(?![\p{L}\p{N}])` over the group's phrases:
 * the first phrase (in order) with a match wins, and an empty match means none, as the one alternation
 * would give. Each phrase's regex carries the same boundaries, so trying them one by one is the same.
 */
function tryAt<E>(g: Group<E>, text: string, start: number): { end: number; entry: E; rank: number } | undefined {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  // An ASCII letter or digit before the token fails every phrase's lookbehind.
  if (before < 128 && isAsciiAlnum(before)) return undefined;
  // The character after the looked-up word decides most phrases of a group ("no" + " evidence", "no" +
  // " sign"): tested here, a phrase that cannot match costs a comparison instead of a program run.
  const at = start + g.keyLength;
  let c1 = at < text.length ? text.charCodeAt(at) : -1;
  if (c1 >= 65 && c1 <= 90) c1 += 32;
  const space = c1 === 32 || (c1 >= 9 && c1 <= 13);
  // And the first character of the next word, for phrases of several words ("no" + "e", "no" + "s").
  let c2 = -1;
  if (space) {
    let p = at + 1;
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    c2 = p < text.length ? text.charCodeAt(p) : -1;
    if (c2 >= 65 && c2 <= 90) c2 += 32;
  }
  for (const alt of g.alternatives) {
    // Past the text's end no SPACES or character op can match; a non-ASCII character is left to the regex.
    if (alt.after !== NO_FILTER && before < 128 && c1 < 128 && (alt.after === SPACES ? !space : alt.after !== c1)) continue;
    if (alt.next !== NO_FILTER && before < 128 && space && c2 < 128 && alt.next !== c2) continue;
    let end = alt.program && before < 128 ? runProgram(alt.program, alt.skip, text, start) : UNSURE;
    if (end === UNSURE) {
      const regex = (alt.regex ??= phraseRegex(alt.src));
      regex.lastIndex = start;
      end = regex.test(text) ? regex.lastIndex : -1;
    }
    if (end === start) return undefined;
    if (end > start) return { end, entry: alt.entry, rank: alt.rank };
  }
  return undefined;
}
