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
    terms: z.array(z.string().min(1)).min(1),
  }),
);

const headerByName = new Map<string, (typeof sectionHeaders.entries)[number]>();
for (const e of sectionHeaders.entries) for (const t of e.terms) headerByName.set(normalizeHeader(t), e);

function normalizeHeader(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
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

// A header is a run of letters ending in a colon, standing at the start of a line, after a period or
// comma (MTSamples flattens line breaks into "PLAN:,1.  Continue"), or after a wide gap. The body is
// bounded at 60 characters, so the scan is linear.
const HEADER_CANDIDATE = /(?:^|[\n\r,.;]|[ \t]{2})[ \t]*([A-Za-z][A-Za-z0-9 /&'()-]{0,60}?)[ \t]*:(?!\d)/g;

/**
 * Finds section headers: any header named in `lexicons/section-headers.json` (any case), and unknown
 * ALL-CAPS headers of at least five letters (category `other`), so that "VAS: 5" or "NRS: 7" are not
 * mistaken for headers.
 */
export function detectSections(text: string): Section[] {
  const headers: { name: string; category: SectionCategory; headerId?: string; start: number; end: number }[] = [];
  HEADER_CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HEADER_CANDIDATE.exec(text)) !== null) {
    const raw = m[1] ?? '';
    const start = m.index + m[0].indexOf(raw);
    const end = m.index + m[0].length;
    const name = normalizeHeader(raw);
    const known = headerByName.get(name);
    if (known) {
      headers.push({ name, category: known.category, headerId: known.id, start, end });
    } else if (raw === raw.toUpperCase() && (raw.match(/[A-Z]/g)?.length ?? 0) >= 5) {
      headers.push({ name, category: 'other', start, end });
    }
    // Allow a header to start right at the colon's end, e.g. "PLAN:,1." is followed by text, not a header.
    if (m[0].length === 0) HEADER_CANDIDATE.lastIndex++;
    else HEADER_CANDIDATE.lastIndex = end;
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
