import { z } from 'zod';

/**
 * Lexicons are data: one concept per JSON file in `lexicons/`, each entry with a kebab-case id and a
 * one-line `example`. They are validated here when the module loads; the build inlines the JSON, so
 * nothing is read from disk at call time.
 */
export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
};

export interface LexiconEntryBase {
  id: string;
  example: string;
  terms?: string[] | undefined;
  pattern?: string | undefined;
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

/**
 * One alternation over many entries that reports which entry matched, so a single linear scan finds every
 * term of a lexicon. Alternatives are tried longest-first at each position.
 */
export class TermMatcher<E extends LexiconEntryBase> {
  private readonly regex: RegExp;
  private readonly groupEntry: E[];

  constructor(entries: readonly E[]) {
    const alts: { src: string; entry: E; len: number }[] = [];
    for (const entry of entries) {
      for (const t of entry.terms ?? []) alts.push({ src: literalSource(t), entry, len: t.length });
      if (entry.pattern) alts.push({ src: entry.pattern, entry, len: 1000 + entry.pattern.length });
    }
    alts.sort((a, b) => b.len - a.len);
    this.groupEntry = alts.map((a) => a.entry);
    const body = alts.map((a) => `(${a.src})`).join('|');
    this.regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body || '(?!)'})(?![\\p{L}\\p{N}])`, 'giu');
  }

  /** All non-overlapping matches in `text[from, to)`, left to right. */
  *matches(text: string, from = 0, to = text.length): Generator<{ start: number; end: number; entry: E }> {
    // A range is scanned as its own string: the regex would otherwise run on to the end of the text
    // looking for a first match, which is quadratic when called once per sentence.
    const scope = from === 0 && to === text.length ? text : text.slice(from, to);
    const re = this.regex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(scope)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      let entry: E | undefined;
      for (let g = 1; g < m.length; g++) {
        if (m[g] !== undefined) {
          entry = this.groupEntry[g - 1];
          break;
        }
      }
      if (entry) yield { start: from + m.index, end: from + m.index + m[0].length, entry };
    }
  }
}
