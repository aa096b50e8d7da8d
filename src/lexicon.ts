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

interface Group<E> {
  readonly regex: RegExp;
  readonly entries: E[];
  /** Each phrase's place in the one alternation order, to choose between two groups matching at a token. */
  readonly ranks: number[];
  /** The entry when every phrase of the group is one entry's: `test` then tells the match end. */
  readonly single: E | undefined;
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
  private readonly byFirstToken = new Map<string, Group<E>>();
  /** Bit (first char code & 127, token length <= 31) of every key, to skip most tokens without slicing. */
  private readonly keyShapes = new Uint32Array(128);
  private readonly anywhere: Group<E> | undefined;

  constructor(entries: readonly E[]) {
    type Alt = { src: string; entry: E; len: number; keys: Set<string> | undefined; rank: number };
    const alts: Alt[] = [];
    for (const entry of entries) {
      for (const t of entry.terms ?? []) alts.push({ src: literalSource(t), entry, len: t.length, keys: new Set(firstTokens(t)), rank: 0 });
      // Patterns are tried before terms at the same position: they are the longer, more specific shapes.
      if (entry.pattern) alts.push({ src: entry.pattern, entry, len: 1000 + entry.pattern.length, keys: entry.startsWith && new Set(entry.startsWith.flatMap(firstTokens)), rank: 0 });
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
    const compile = (list: Alt[]): Group<E> => {
      // Without a second group to rank against, a group of one entry needs no capture groups.
      const single = !anywhere.length && list.every((a) => a.entry === list[0]?.entry) ? list[0]?.entry : undefined;
      const body = list.map((a) => (single ? `(?:${a.src})` : `(${a.src})`)).join('|');
      const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'iuy');
      return { regex, entries: list.map((a) => a.entry), ranks: list.map((a) => a.rank), single };
    };
    for (const [key, list] of groups) {
      this.byFirstToken.set(key, compile(list));
      const slot = key.charCodeAt(0) & 127;
      this.keyShapes[slot] = (this.keyShapes[slot] ?? 0) | (1 << Math.min(31, key.length));
    }
    // Patterns without `startsWith` stay a group of their own: copied into every word's alternation they
    // made each one so large that the regex engine ran them several times slower.
    this.anywhere = anywhere.length ? compile(anywhere) : undefined;
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
    let free = from;
    for (let i = tokenAtOrAfter(tokens, from); i < tokens.count; i++) {
      const start = tokens.starts[i] ?? 0;
      if (start >= to) break;
      if (start < free) continue;
      const g = this.lookup(lower, start, tokens.ends[i] ?? start);
      const k = g && tryAt(g, scope, start - from);
      const a = this.anywhere && tryAt(this.anywhere, scope, start - from);
      const m = a && k ? (a.rank < k.rank ? a : k) : (a ?? k);
      if (m) {
        out.push({ start, end: m.end + from, entry: m.entry });
        free = m.end + from;
      }
    }
    return out;
  }

  private lookup(lower: string, start: number, end: number): Group<E> | undefined {
    const shape = this.keyShapes[lower.charCodeAt(start) & 127] ?? 0;
    if ((shape & (1 << Math.min(31, end - start))) === 0) return undefined;
    return this.byFirstToken.get(lower.slice(start, end));
  }
}

function tryAt<E>(g: Group<E>, text: string, start: number): { end: number; entry: E; rank: number } | undefined {
  g.regex.lastIndex = start;
  if (g.single) return g.regex.test(text) && g.regex.lastIndex > start ? { end: g.regex.lastIndex, entry: g.single, rank: 0 } : undefined;
  const m = g.regex.exec(text);
  if (!m || m[0].length === 0) return undefined;
  for (let k = 1; k < m.length; k++) {
    const entry = m[k] !== undefined ? g.entries[k - 1] : undefined;
    if (entry) return { end: start + m[0].length, entry, rank: g.ranks[k - 1] ?? 0 };
  }
  return undefined;
}
