import { z } from 'zod';
import rulesData from '../../lexicons/context-rules.json';
import { entryBase, loadLexicon, termsField, TermMatcher } from '../lexicon.js';
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

function terminates(t: ContextModifier, category: AssertionCategory | 'any'): boolean {
  return t.category === 'any' || t.category === category;
}

/** Finds every trigger in the text with one linear scan, then sizes each scope within its sentence. */
export function findModifiers(lower: string, sentences: readonly Sentence[], tokens: Tokens, headers: readonly Span[] = []): ContextModifier[] {
  const out: ContextModifier[] = [];
  // A header names a section; its words ("HISTORY OF present illness", "PLAN") are not triggers. The
  // section's own assertion comes from the section lexicon instead.
  const matches: ReturnType<typeof matcher.matches> extends Generator<infer T> ? T[] : never = [];
  let hi = 0;
  for (const mt of matcher.matches(lower)) {
    while (hi < headers.length && (headers[hi]?.end ?? 0) <= mt.start) hi++;
    const h = headers[hi];
    if (!h || mt.start < h.start) matches.push(mt);
  }
  let mi = 0;
  sentences.forEach((sent, si) => {
    while (mi < matches.length && (matches[mi]?.start ?? 0) < sent.start) mi++;
    const inSentence: ContextModifier[] = [];
    for (let j = mi; j < matches.length; j++) {
      const mt = matches[j];
      if (!mt || mt.start >= sent.end) break;
      if (mt.end > sent.end) continue;
      const r = mt.entry;
      inSentence.push({ ruleId: r.id, category: r.category, direction: r.direction, trigger: { start: mt.start, end: mt.end }, scope: { start: mt.end, end: mt.end }, sentence: si });
    }
    const terms = inSentence.filter((m) => m.direction === 'TERMINATE');
    for (const m of inSentence) {
      if (m.direction === 'TERMINATE' || m.direction === 'PSEUDO') {
        out.push(m);
        continue;
      }
      const rule = contextRules.byId.get(m.ruleId);
      const maxScope = rule?.maxScope;
      let start = m.trigger.start;
      let end = m.trigger.end;
      if (m.direction === 'FORWARD' || m.direction === 'BIDIRECTIONAL') {
        let limit = sent.end;
        for (const t of terms) if (t.trigger.start >= m.trigger.end && terminates(t, m.category)) limit = Math.min(limit, t.trigger.start);
        end = maxScope ? wordTokenBoundary(tokens, tokenAtOrAfter(tokens, m.trigger.end), maxScope, true, limit) : limit;
      }
      if (m.direction === 'BACKWARD' || m.direction === 'BIDIRECTIONAL') {
        let limit = sent.start;
        for (const t of terms) if (t.trigger.end <= m.trigger.start && terminates(t, m.category)) limit = Math.max(limit, t.trigger.end);
        start = maxScope ? wordTokenBoundary(tokens, tokenAtOrAfter(tokens, m.trigger.start) - 1, maxScope, false, limit) : limit;
      }
      out.push({ ...m, scope: { start, end } });
    }
  });
  return out;
}

/**
 * The assertions on a target span: every FORWARD / BACKWARD / BIDIRECTIONAL modifier of the target's
 * sentence whose scope overlaps the target.
 */
export function assertionsFor(modifiers: readonly ContextModifier[], sentenceIndex: number, span: Span): Assertion[] {
  const out: Assertion[] = [];
  for (const m of modifiers) {
    if (m.sentence !== sentenceIndex || m.category === 'any') continue;
    if (m.direction === 'TERMINATE' || m.direction === 'PSEUDO') continue;
    if (span.start < m.scope.end && span.end > m.scope.start) {
      out.push({ category: m.category, direction: m.direction, trigger: { ruleId: m.ruleId, span: m.trigger } });
    }
  }
  return out;
}
