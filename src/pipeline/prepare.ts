import type { Span } from '../facts.js';
import { invalidArgument } from '../errors.js';
import { detectSections, sectionAssertion, type Section } from './01-sections.js';
import { splitSentences, type Sentence } from './02-sentences.js';
import { tokenize, type Tokens } from './03-tokens.js';
import { assertionsFor, findModifiers, type Assertion, type ContextModifier } from './04-context.js';

/** Bumped when the prepared document's layout changes; a document from another version is rejected. */
export const PREPARED_FORMAT = 1;
const BRAND = Symbol.for('notelint.prepared-document');

/**
 * A note prepared once and shared by every extractor: sections, sentences, tokens and ConText modifiers.
 * Build it with {@link prepare}.
 */
export class PreparedDocument {
  readonly [BRAND] = PREPARED_FORMAT;
  readonly text: string;
  /** Lower-cased text (same length and offsets as `text`). */
  readonly lower: string;
  readonly sections: readonly Section[];
  readonly sentences: readonly Sentence[];
  readonly tokens: Tokens;
  readonly modifiers: readonly ContextModifier[];
  private readonly modifiersBySentence: ContextModifier[][];

  /** @internal use {@link prepare} */
  constructor(text: string) {
    this.text = text;
    const lower = text.toLowerCase();
    // toLowerCase can change length for a few characters (e.g. "İ"); offsets must stay aligned.
    this.lower = lower.length === text.length ? lower : lowerAligned(text);
    this.sections = detectSections(text);
    this.sentences = splitSentences(text, this.sections);
    // The lower-cased copy: same classes and offsets, and a flat string, where the caller's text may be a
    // slice of a larger one that every charCodeAt must unwrap.
    this.tokens = tokenize(this.lower);
    this.modifiers = findModifiers(
      this.lower,
      this.sentences,
      this.tokens,
      this.sections.flatMap((s) => (s.headerSpan ? [s.headerSpan] : [])),
    );
    this.modifiersBySentence = this.sentences.map(() => []);
    for (const m of this.modifiers) this.modifiersBySentence[m.sentence]?.push(m);
  }

  /** Index of the sentence containing `offset` (the nearest preceding one between sentences). */
  sentenceIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.sentences[mid]?.start ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  sectionAt(offset: number): Section | undefined {
    const s = this.sentences[this.sentenceIndexAt(offset)];
    return s ? this.sections[s.section] : this.sections[0];
  }

  /**
   * ConText assertions on a span: the triggers of its sentence whose scope covers it, plus the section's
   * own assertion (a FAMILY HISTORY section makes everything in it about another experiencer).
   */
  assertionsAt(span: Span): Assertion[] {
    const si = this.sentenceIndexAt(span.start);
    const out = assertionsFor(this.modifiersBySentence[si] ?? [], si, span);
    const sentence = this.sentences[si];
    const section = sentence ? this.sections[sentence.section] : undefined;
    const category = section ? sectionAssertion(section) : undefined;
    if (section && category && section.headerSpan) {
      out.push({ category, direction: 'SECTION', trigger: { ruleId: `section:${section.headerId ?? section.name}`, span: section.headerSpan } });
    }
    return out;
  }
}

function lowerAligned(text: string): string {
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Prepares a note once (sections, sentences, tokens, ConText modifiers) so several extractors can share
 * the work.
 * @example
 * const doc = prepare('PROCEDURE: L5-S1 ESI. Pre-procedure pain 8/10, post-procedure 2/10.');
 * extractPainScores(doc); // [{ value: 8, timing: 'pre', ... }, { value: 2, timing: 'post', ... }]
 */
export function prepare(text: string): PreparedDocument {
  if (typeof text !== 'string') throw invalidArgument('prepare', 'text', 'a string', text);
  return new PreparedDocument(text);
}

/** Accepts a string or a prepared document from this version of notelint; anything else is a TypeError. */
export function toDocument(fn: string, input: unknown): PreparedDocument {
  if (typeof input === 'string') return new PreparedDocument(input);
  if (input instanceof PreparedDocument) return input;
  if (typeof input === 'object' && input !== null && BRAND in input) {
    throw new TypeError(
      `notelint.${fn}: input is a prepared document from another version of notelint (format ${String((input as Record<symbol, unknown>)[BRAND])}, expected ${PREPARED_FORMAT}); call prepare() from this version`,
    );
  }
  throw invalidArgument(fn, 'input', 'a string or a document from prepare()', input);
}

export type { Section, Sentence, Tokens, Assertion, ContextModifier };
