import { z } from 'zod';
import headersData from '../../lexicons/section-headers.json';
import { entryBase, loadLexicon } from '../lexicon.js';
import type { Span } from '../facts.js';

export const SECTION_CATEGORIES = [
  'hpi',
  'past-history',
  'family-history',
  'social-history',
  'allergies',
  'medications',
  'review-of-systems',
  'exam',
  'imaging',
  'assessment',
  'plan',
  'pre-procedure',
  'procedure',
  'post-procedure',
  'other',
] as const;
export type SectionCategory = (typeof SECTION_CATEGORIES)[number];

export const ASSERTION_CATEGORIES = ['negated', 'possible', 'hypothetical', 'historical', 'family'] as const;
export type AssertionCategory = (typeof ASSERTION_CATEGORIES)[number];

export const sectionHeaders = loadLexicon(
  'section-headers',
  headersData,
  z.object({
    ...entryBase,
    category: z.enum(SECTION_CATEGORIES),
    // A section that changes what its content asserts (family history is about someone else).
    assertion: z.enum(ASSERTION_CATEGORIES).optional(),
    // A body-system label ("Cardiovascular:", "Neck:") heads a subsection of whatever section it sits
    // in: under REVIEW OF SYSTEMS it is a review of systems (what the patient reports), elsewhere an
    // exam finding.
    subsection: z.boolean().optional(),
    terms: z.array(z.string().min(1)).min(1),
  }),
);

const headerByName = new Map<string, (typeof sectionHeaders.entries)[number]>();
for (const e of sectionHeaders.entries) for (const t of e.terms) headerByName.set(headerKey(t), e);

function normalizeHeader(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

// Transcribed headers vary in ways that do not change the section: "POSTOPERATIVE DIAGNOSIS(ES)",
// "POST-OP DIAGNOSIS", "Post procedure", "DRAIN (S)". The lookup key drops a plural suffix in brackets
// and joins "pre"/"post" to the next word, so one lexicon term covers the variants.
function headerKey(s: string): string {
  return normalizeHeader(s)
    .replace(/ ?\((?:e?s)\)$/, '')
    .replace(/\s*([/&-])\s*/g, '$1')
    .replace(/\b(pre|post)[- ]/g, '$1');
}

export interface Section {
  /** The header as written, normalized to lower case ('' for text before the first header). */
  readonly name: string;
  readonly category: SectionCategory;
  /** Lexicon entry id of the header, when it is a known one. */
  readonly headerId?: string;
  readonly headerSpan?: Span;
  /** From the header start (or 0) to the next header start (or the end of the text). */
  readonly span: Span;
}

// A header is a run of words ending in a colon, standing at the start of a line, after a period or
// comma (MTSamples flattens line breaks into "PLAN:,1.  Continue"), or after a wide gap (the NegEx
// sentences keep line breaks as runs of spaces: "COMPLICATIONS:  None    POSTOPERATIVE DIAGNOSIS:").
// Words inside a header are separated by single spaces, so a candidate never swallows the previous
// field's value ("None    POSTOPERATIVE DIAGNOSIS"). A known header may also end in a comma right
// before a numbered list ("POSTOPERATIVE DIAGNOSES,1.  Radiation cystitis"), as MTSamples often drops
// the colon there.
// Colons are rare, so the scan looks for the end of a header first (HEADER_END) and then reads the
// header backwards from it (at most HEADER_MAX characters) and checks it with the sticky HEADER_AT:
// trying a header at every letter of the note cost more than the rest of the section pass. Every
// repetition is bounded, so both regexes are linear.
const HEADER_END = /:(?![0-9]|\/\/)|,(?=[ \t]{0,8}\d{1,2}[.)][ \t])/g;
const HEADER_AT =
  /(?<=^|[\n\r,.;][ \t]{0,8}|[ \t]{2})([A-Za-z](?:[A-Za-z0-9/&'()-]|[ \t](?=[A-Za-z0-9(&/-])){0,60}?)[ \t]{0,8}(?:(:)(?![0-9]|\/\/)|,(?=[ \t]{0,8}\d{1,2}[.)][ \t]))/y;
const HEADER_MAX = 61;

function isHeaderChar(c: number): boolean {
  // [A-Za-z0-9/&'()-]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 47 && c <= 57) || c === 38 || c === 39 || c === 40 || c === 41 || c === 45;
}

/** Where a header ending at `end` (its colon or comma) would start: the start of the run of header words before it. */
function headerStartBefore(text: string, end: number): number {
  let i = end;
  let gap = 0;
  while (i > 0 && gap < 8 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) {
    i--;
    gap++;
  }
  const limit = Math.max(0, i - HEADER_MAX - 1);
  while (i > limit) {
    const c = text.charCodeAt(i - 1);
    if (isHeaderChar(c)) i--;
    else if ((c === 32 || c === 9) && i - 2 >= 0 && text.charCodeAt(i - 2) !== 32 && text.charCodeAt(i - 2) !== 9) i--;
    else break;
  }
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

const MIN_UNKNOWN_CAPS = 5;

function capsLetters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) n++;
  }
  return n;
}

function isAllCaps(s: string): boolean {
  return s === s.toUpperCase() && capsLetters(s) > 0;
}

interface HeaderHit {
  name: string;
  category: SectionCategory;
  headerId?: string;
  start: number;
  end: number;
}

function classify(raw: string, start: number, end: number, colon: boolean): HeaderHit | undefined {
  const name = normalizeHeader(raw);
  // "SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS": the header proper, then its deadline.
  const cut = name.indexOf(' to be ');
  const known = headerByName.get(headerKey(raw)) ?? (cut > 0 ? headerByName.get(headerKey(name.slice(0, cut))) : undefined);
  if (known) return { name, category: known.category, headerId: known.id, start, end };
  // Unknown headers only when written in capitals, so "VAS: 5", "NRS: 7" or "Time: 10:30" stay text;
  // without a colon only known headers count (an ALL-CAPS diagnosis can precede ",2.").
  if (colon && isAllCaps(raw) && capsLetters(raw) >= MIN_UNKNOWN_CAPS) return { name, category: 'other', start, end };
  return undefined;
}

/**
 * Finds section headers: any header named in `lexicons/section-headers.json` (any case), and unknown
 * ALL-CAPS headers of at least five letters (category `other`), so that "VAS: 5" or "NRS: 7" are not
 * mistaken for headers.
 * @example
 * detectSections('HPI:,  Low back pain.,PLAN:,1.  Start PT.').map((s) => s.category); // ['hpi', 'plan']
 */
export function detectSections(text: string): Section[] {
  const headers: HeaderHit[] = [];
  // The category of the last top-level header, inherited by body-system subsections.
  let parent: SectionCategory | undefined;
  HEADER_END.lastIndex = 0;
  let e: RegExpExecArray | null;
  while ((e = HEADER_END.exec(text)) !== null) {
    HEADER_AT.lastIndex = headerStartBefore(text, e.index);
    const m = HEADER_AT.exec(text);
    if (!m || m.index + m[0].length !== e.index + 1) continue;
    const raw = m[1] ?? '';
    const colon = m[2] !== undefined;
    const start = m.index;
    const end = m.index + m[0].length;
    let hit = classify(raw, start, end, colon);
    if (!hit) {
      // Text run into a header on one line ("see below.  Patient tolerated it well PLAN:"): try the
      // trailing capitalised words alone.
      const words = raw.split(' ');
      let k = words.length;
      while (k > 0 && isAllCaps(words[k - 1] ?? '')) k--;
      if (k > 0 && k < words.length) {
        const tail = words.slice(k).join(' ');
        hit = classify(tail, start + raw.length - tail.length, end, colon);
      }
    }
    if (hit) {
      const entry = hit.headerId ? sectionHeaders.byId.get(hit.headerId) : undefined;
      if (entry?.subsection) {
        if (parent === 'review-of-systems') hit.category = parent;
      } else parent = hit.category;
      headers.push(hit);
    }
  }
  const sections: Section[] = [];
  const firstStart = headers[0]?.start ?? text.length;
  if (firstStart > 0 || headers.length === 0) sections.push({ name: '', category: 'other', span: { start: 0, end: firstStart } });
  headers.forEach((h, i) => {
    const next = headers[i + 1]?.start ?? text.length;
    sections.push({
      name: h.name,
      category: h.category,
      ...(h.headerId ? { headerId: h.headerId } : {}),
      headerSpan: { start: h.start, end: h.end },
      span: { start: h.start, end: next },
    });
  });
  return sections;
}

/** The known header entry with this id (for section-level assertions). */
export function sectionAssertion(section: Section): AssertionCategory | undefined {
  return section.headerId ? sectionHeaders.byId.get(section.headerId)?.assertion : undefined;
}
