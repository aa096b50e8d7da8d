import { z } from 'zod';
import rulesData from '../../lexicons/context-rules.json';
import { entryBase, loadLexicon, TermMatcher, termsField, type TermMatch } from '../lexicon.js';
import type { Span } from '../facts.js';
import { ASSERTION_CATEGORIES, type AssertionCategory } from './01-sections.js';
import type { Sentence } from './02-sentences.js';
import { tokenAtOrAfter, type Tokens } from './03-tokens.js';

export const CONTEXT_DIRECTIONS = ['FORWARD', 'BACKWARD', 'BIDIRECTIONAL', 'TERMINATE', 'PSEUDO'] as const;
export type ContextDirection = (typeof CONTEXT_DIRECTIONS)[number];

/**
 * ConText rules (Harkema et al. 2009, as in medspaCy): a trigger phrase, the assertion it makes, the
 * direction its scope runs, and how many words the scope may reach. TERMINATE rules end the scope of
 * the categories they name (all, when `category` is "any"); PSEUDO rules match phrases that contain a
 * trigger but assert nothing ("no increase", "without a cane"), and since matching prefers the longest
 * phrase they keep the shorter trigger inside them from firing.
 */
export const contextRules = loadLexicon(
  'context-rules',
  rulesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      category: z.enum([...ASSERTION_CATEGORIES, 'any']),
      direction: z.enum(CONTEXT_DIRECTIONS),
      maxScope: z.number().int().positive().optional(),
    })
    .refine((r) => r.terms !== undefined || r.pattern !== undefined, 'a rule needs terms or a pattern'),
);

export type ContextRule = (typeof contextRules.entries)[number];

const matcher = new TermMatcher(contextRules.entries);
type RuleMatch = TermMatch<ContextRule>;

/** A trigger found in the text and the span its assertion covers. */
export interface ContextModifier {
  readonly ruleId: string;
  readonly category: AssertionCategory | 'any';
  readonly direction: ContextDirection;
  readonly trigger: Span;
  /** Empty for TERMINATE and PSEUDO. */
  readonly scope: Span;
  readonly sentence: number;
}

/** One assertion on a target span, with the trigger that made it. */
export interface Assertion {
  readonly category: AssertionCategory;
  readonly direction: ContextDirection | 'SECTION';
  readonly trigger: { readonly ruleId: string; readonly span: Span };
}

function wordTokenBoundary(tokens: Tokens, from: number, words: number, forward: boolean, limit: number): number {
  // The offset reached after `words` word tokens from a token index, never past `limit`.
  let count = 0;
  if (forward) {
    for (let i = from; i < tokens.count; i++) {
      const s = tokens.starts[i] ?? 0;
      if (s >= limit) return limit;
      if (tokens.isWord[i]) {
        count++;
        if (count === words) return Math.min(limit, tokens.ends[i] ?? limit);
      }
    }
    return limit;
  }
  for (let i = from; i >= 0; i--) {
    const e = tokens.ends[i] ?? 0;
    if (e <= limit) return limit;
    if (tokens.isWord[i]) {
      count++;
      if (count === words) return Math.max(limit, tokens.starts[i] ?? limit);
    }
  }
  return limit;
}

function terminates(t: RuleMatch, category: AssertionCategory | 'any'): boolean {
  return t.entry.category === 'any' || t.entry.category === category;
}

/** Finds every trigger in the text with one linear scan, then sizes each scope within its sentence. */
export function findModifiers(lower: string, sentences: readonly Sentence[], tokens: Tokens, headers: readonly Span[] = []): ContextModifier[] {
  const out: ContextModifier[] = [];
  // A header names a section; its words ("HISTORY OF present illness", "PLAN") are not triggers. The
  // section's own assertion comes from the section lexicon instead.
  const matches: RuleMatch[] = [];
  let hi = 0;
  for (const mt of matcher.matches(lower, tokens)) {
    while (hi < headers.length && (headers[hi]?.end ?? 0) <= mt.start) hi++;
    const h = headers[hi];
    if (!h || mt.start < h.start) matches.push(mt);
  }
  let mi = 0;
  const terms: RuleMatch[] = [];
  const byCategory = new Map<string, RuleMatch[]>();
  for (let si = 0; si < sentences.length; si++) {
    const sent = sentences[si];
    if (!sent) continue;
    while (mi < matches.length && (matches[mi]?.start ?? 0) < sent.start) mi++;
    let last = mi;
    terms.length = 0;
    for (; last < matches.length; last++) {
      const mt = matches[last];
      if (!mt || mt.start >= sent.end) break;
      if (mt.end <= sent.end && mt.entry.direction === 'TERMINATE') terms.push(mt);
    }
    // Terminators that end each category's scopes, in text order (matches never overlap, so their ends
    // are ordered too): a binary search per trigger keeps a sentence with thousands of triggers linear.
    byCategory.clear();
    const termsOf = (c: AssertionCategory | 'any'): RuleMatch[] => {
      let l = byCategory.get(c);
      if (!l) byCategory.set(c, (l = terms.filter((t) => terminates(t, c))));
      return l;
    };
    for (let j = mi; j < last; j++) {
      const mt = matches[j];
      if (!mt || mt.end > sent.end) continue;
      const r = mt.entry;
      const trigger = { start: mt.start, end: mt.end };
      if (r.direction === 'TERMINATE' || r.direction === 'PSEUDO') {
        out.push({ ruleId: r.id, category: r.category, direction: r.direction, trigger, scope: { start: mt.end, end: mt.end }, sentence: si });
        continue;
      }
      const maxScope = r.maxScope;
      let start = mt.start;
      let end = mt.end;
      const ts = terms.length ? termsOf(r.category) : terms;
      if (r.direction === 'FORWARD' || r.direction === 'BIDIRECTIONAL') {
        // First terminator starting at or after the trigger's end.
        let lo = 0;
        let hi2 = ts.length;
        while (lo < hi2) {
          const mid = (lo + hi2) >>> 1;
          if ((ts[mid]?.start ?? 0) < mt.end) lo = mid + 1;
          else hi2 = mid;
        }
        const limit = Math.min(sent.end, ts[lo]?.start ?? sent.end);
        end = maxScope ? wordTokenBoundary(tokens, tokenAtOrAfter(tokens, mt.end), maxScope, true, limit) : limit;
      }
      if (r.direction === 'BACKWARD' || r.direction === 'BIDIRECTIONAL') {
        // Last terminator ending at or before the trigger's start.
        let lo = 0;
        let hi2 = ts.length;
        while (lo < hi2) {
          const mid = (lo + hi2) >>> 1;
          if ((ts[mid]?.end ?? 0) <= mt.start) lo = mid + 1;
          else hi2 = mid;
        }
        const limit = Math.max(sent.start, ts[lo - 1]?.end ?? sent.start);
        start = maxScope ? wordTokenBoundary(tokens, tokenAtOrAfter(tokens, mt.start) - 1, maxScope, false, limit) : limit;
      }
      out.push({ ruleId: r.id, category: r.category, direction: r.direction, trigger, scope: { start, end }, sentence: si });
    }
  }
  return out;
}

/**
 * The assertions on a target span: every FORWARD / BACKWARD / BIDIRECTIONAL modifier of the target's
 * sentence whose scope overlaps the target. A trigger inside the target is part of the target's
 * own wording and asserts nothing about it (as ConText prunes modifiers that overlap a target): a
 * finding written as "skin warm and moist without lesion" or "no acute disease" is the normal finding
 * itself, and "free air" is not "pain free".
 * @example
 * const doc = prepare('She denies pain.');
 * assertionsFor(doc.modifiers, 0, { start: 11, end: 15 })[0]?.category; // 'negated'
 */
export function assertionsFor(modifiers: readonly ContextModifier[], sentenceIndex: number, span: Span): Assertion[] {
  const out: Assertion[] = [];
  for (const m of modifiers) {
    if (m.sentence !== sentenceIndex || m.category === 'any') continue;
    if (m.direction === 'TERMINATE' || m.direction === 'PSEUDO') continue;
    if (m.trigger.start >= span.start && m.trigger.end <= span.end) continue;
    if (span.start < m.scope.end && span.end > m.scope.start) {
      out.push({ category: m.category, direction: m.direction, trigger: { ruleId: m.ruleId, span: m.trigger } });
    }
  }
  return out;
}
