import { z } from 'zod';
import abbreviationsData from '../../lexicons/sentence-abbreviations.json';
import { entryBase, loadLexicon } from '../lexicon.js';
import type { Section } from './01-sections.js';

export const sentenceAbbreviations = loadLexicon(
  'sentence-abbreviations',
  abbreviationsData,
  z.object({
    ...entryBase,
    terms: z.array(z.string().min(1)).min(1),
    // An abbreviation that is also a common word ("No. 2" vs "Complications: No."), so it only holds
    // when a number follows.
    beforeNumber: z.boolean().optional(),
    // A history/diagnosis/symptom shorthand ("Dx.", "Hx.") is an abbreviation where it labels what follows,
    // first on its line; after other words it is a noun that ends the sentence ("no radicular sx. Chiropractic
    // x 3 months"), and joining the two would let the "no" deny the therapy.
    labelOnly: z.boolean().optional(),
  }),
);

const ABBREVIATIONS = new Set<string>();
const NUMBER_ABBREVIATIONS = new Set<string>();
const LABEL_ABBREVIATIONS = new Set<string>();
for (const e of sentenceAbbreviations.entries) for (const t of e.terms) (e.beforeNumber ? NUMBER_ABBREVIATIONS : e.labelOnly ? LABEL_ABBREVIATIONS : ABBREVIATIONS).add(t.toLowerCase());
// What may stand before a label abbreviation: nothing, a line break, or the end of an earlier field or sentence.
const LABEL_BEFORE = /(?:^|[\n.:;,])[ \t]{0,8}$/;

export interface Sentence {
  readonly start: number;
  readonly end: number;
  /** Index into the document's sections. */
  readonly section: number;
}

// Candidate boundaries: end punctuation followed by white space or the MTSamples comma (sometimes
// doubled: "8/10 in severity., ,He took"), then the start of a new sentence (capital, digit, bracket
// or quote); a blank line; a line break after end punctuation or before a list bullet; a numbered list item after a comma or a wide gap, whether or
// not the previous item ended in a period ("1.  Lumbar radiculopathy,2.  Facet arthropathy",
// "1) Normal esophagus  2) Hiatal hernia"). Each alternative is anchored on one character (a run of
// punctuation or spaces is never rescanned from each of its positions), so the scan is linear.
const BOUNDARY =
  /(?<![.!?])[.!?]+["')\]]?(?:[ \t]*,[ \t,]{0,8}|[ \t]+|[ \t]*\r?\n\s*)(?=[A-Z0-9("'[*•-])|\r?\n[ \t]*\r?\n\s*|\r?\n[ \t]*(?=[-*•]|\d{1,2}[.)]\s)|[.:;!?][ \t]*\r?\n\s*|,[ \t]{0,8}(?=\d{1,2}\.[ \t]{1,3}[A-Za-z])/g;
// "  2) Hiatal hernia": found from the rare ")" rather than tried at every space.
const LIST_PAREN = /\)(?=[ \t]{0,3}[A-Za-z])/g;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && end - i < 12 && /[A-Za-z.]/.test(text.charAt(i - 1))) i--;
  return text.slice(i, end).toLowerCase();
}

/**
 * Longest sentence kept whole. Real sentences are far shorter; a run-on list (a flattened medication list,
 * a pasted table) is cut so that ConText scopes and per-sentence work stay bounded and the pipeline stays
 * linear on any input.
 */
export const MAX_SENTENCE = 1000;

function longSentenceCut(text: string, start: number): number {
  // Prefer a semicolon, then a comma, then any white space in the second half of the window.
  const window = text.slice(start + MAX_SENTENCE / 2, start + MAX_SENTENCE);
  for (const sep of [';', ',', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= 0) return start + MAX_SENTENCE / 2 + at + 1;
  }
  let cut = start + MAX_SENTENCE;
  // Never split a surrogate pair.
  const c = text.charCodeAt(cut);
  if (c >= 0xdc00 && c <= 0xdfff) cut++;
  return cut;
}

/**
 * Splits text into sentences with offsets. Section headers always start a new sentence. A period after
 * an abbreviation ("Dr.", "e.g.") or a list number ("2.  Refractory") does not end one.
 * @example
 * const text = 'PLAN:,1.  Continue home exercises.,2.  Start PT.';
 * splitSentences(text, detectSections(text)).map((s) => text.slice(s.start, s.end));
 * // ['PLAN:', '1.  Continue home exercises.', '2.  Start PT.']
 */
export function splitSentences(text: string, sections: readonly Section[]): Sentence[] {
  const cuts = new Set<number>();
  for (const s of sections) if (s.span.start > 0) cuts.add(s.span.start);
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(text)) !== null) {
    const punct = m.index;
    const ch = text.charAt(punct);
    if (ch === '.') {
      const before = wordBefore(text, punct);
      if (ABBREVIATIONS.has(before)) continue;
      if (LABEL_ABBREVIATIONS.has(before) && LABEL_BEFORE.test(text.slice(Math.max(0, punct - before.length - 10), punct - before.length))) continue;
      if (NUMBER_ABBREVIATIONS.has(before) && /^[ \t]*#?\d/.test(text.slice(punct + 1, punct + 4))) continue;
      // A single capital initial ("J. Smith") or a list number at the start of an item ("2.  Pain").
      if (/^[a-z]$/.test(before) && /[A-Z]/.test(text.charAt(punct - 1))) continue;
      if (/\d/.test(text.charAt(punct - 1))) {
        let j = punct - 1;
        while (j >= 0 && /\d/.test(text.charAt(j))) j--;
        const lead = j < 0 ? '' : text.charAt(j);
        if (punct - j <= 3 && (lead === '' || lead === ',' || lead === '\n' || lead === '\t' || (lead === ' ' && /[\s,.:]/.test(text.charAt(j - 1) || ' ')))) continue;
      }
    }
    cuts.add(m.index + m[0].length);
  }
  LIST_PAREN.lastIndex = 0;
  while ((m = LIST_PAREN.exec(text)) !== null) {
    // One or two digits after a wide gap: a numbered item, not "(PH)" or "year(s)".
    let j = m.index;
    while (j > m.index - 3 && j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
    if (j === m.index || j < 2 || !isBlank(text.charCodeAt(j - 1)) || !isBlank(text.charCodeAt(j - 2))) continue;
    cuts.add(j - 1);
  }
  const points = [...cuts].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  const sentences: Sentence[] = [];
  let sectionIndex = 0;
  let prev = 0;
  for (const cut of [...points, text.length]) {
    // Trim white space and the flattening commas around each sentence.
    let s = prev;
    let e = cut;
    while (s < e && /[\s,]/.test(text.charAt(s))) s++;
    while (e > s && /[\s,]/.test(text.charAt(e - 1))) e--;
    while (e > s) {
      while (sectionIndex + 1 < sections.length && (sections[sectionIndex + 1]?.span.start ?? Infinity) <= s) sectionIndex++;
      const end = e - s > MAX_SENTENCE ? longSentenceCut(text, s) : e;
      sentences.push({ start: s, end, section: sectionIndex });
      s = end;
      while (s < e && /[\s,;]/.test(text.charAt(s))) s++;
    }
    prev = cut;
  }
  return sentences;
}
