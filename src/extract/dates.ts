import * as chrono from 'chrono-node';

/**
 * Dates "as precise as written": a note that says "01/2025" knows the month, not the day, so the ISO
 * string stops at the month ("2025-01"). Inventing a day would make a duration look more exact than the
 * documentation is, and payers compare these dates with injection dates.
 */
export interface DateMention {
  /** UTF-16 offsets into the text that was searched. */
  readonly start: number;
  readonly end: number;
  /** "2025", "2025-03" or "2025-03-15". */
  readonly iso: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const MONTH_SOURCE = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

// One alternation, each branch a fixed shape (no nested quantifiers). The numeric branches refuse a
// digit or slash on either side, so "8/10" (a pain score) and "10/325" (a dose) are never years.
const DATE_RE = new RegExp(
  [
    // 2025-03-15, 2025-03
    `(?<![\\d/.-])(?<isoY>(?:19|20)\\d{2})-(?<isoM>\\d{1,2})(?:-(?<isoD>\\d{1,2}))?(?![\\d/-])`,
    // 3/15/2025, 03-15-25
    `(?<![\\d/.-])(?<nM>\\d{1,2})(?<sep>[/-])(?<nD>\\d{1,2})\\k<sep>(?<nY>\\d{4}|\\d{2})(?![\\d/-])`,
    // 01/2025
    `(?<![\\d/.-])(?<mM>\\d{1,2})[/-](?<mY>(?:19|20)\\d{2})(?![\\d/-])`,
    // March 15, 2025 / March 2025 / Mar. 15th 2025
    `(?<![\\p{L}])(?<tM>${MONTH_SOURCE})\\.?\\s{1,2}(?:(?<tD>\\d{1,2})(?:st|nd|rd|th)?,?\\s{1,2}(?:of\\s{1,2})?)?,?\\s{0,2}(?<tY>(?:19|20)\\d{2})(?!\\d)`,
    // 15 March 2025, 15th of March, 2025
    `(?<![\\d])(?<dD>\\d{1,2})(?:st|nd|rd|th)?\\s{1,2}(?:of\\s{1,2})?(?<dM>${MONTH_SOURCE})\\.?,?\\s{1,2}(?<dY>(?:19|20)\\d{2})(?!\\d)`,
    // 2024 (a bare year, not a dose or a count)
    `(?<![\\d/.,-])(?<yY>(?:19|20)\\d{2})(?![\\d/-]|\\.\\d|\\s?(?:mg|mcg|ml|units?|cc|g)\\b)`,
  ].join('|'),
  'giu',
);

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, m?: number, d?: number): string | undefined {
  if (y < 1900 || y > 2100) return undefined;
  if (m === undefined) return String(y);
  if (m < 1 || m > 12) return undefined;
  if (d === undefined) return `${y}-${pad(m)}`;
  if (d < 1 || d > 31) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function fromGroups(g: Record<string, string | undefined>): string | undefined {
  if (g.isoY) return iso(+g.isoY, +(g.isoM ?? 0), g.isoD ? +g.isoD : undefined);
  if (g.nY) {
    let y = +g.nY;
    // Two-digit years: notes are about patients alive now, so "03/15/98" is 1998 and "03/15/25" is 2025.
    if (g.nY.length === 2) y += y < 50 ? 2000 : 1900;
    return iso(y, +(g.nM ?? 0), +(g.nD ?? 0));
  }
  if (g.mY) return iso(+g.mY, +(g.mM ?? 0));
  if (g.tY) return iso(+g.tY, MONTHS[(g.tM ?? '').toLowerCase()], g.tD ? +g.tD : undefined);
  if (g.dY) return iso(+g.dY, MONTHS[(g.dM ?? '').toLowerCase()], +(g.dD ?? 0));
  if (g.yY) return iso(+g.yY);
  return undefined;
}

// chrono reads "8/10" as August 10: blank out pain scores (and "N out of 10") before handing it text.
const PAIN_SCORE = /\b\d{1,2}(?:\.\d)?\s?(?:-\s?\d{1,2}(?:\.\d)?\s?)?\/\s?10\b|\b\d{1,2}\s(?:out\s)?of\s(?:10|ten)\b/gi;
// The regex reads every numeric form, so chrono is only worth its ~0.1 ms for a month name the regex
// left unread ("March the 3rd, 2024"). "may" and "march" are also verbs: a year must follow nearby.
const CHRONO_HINT = new RegExp(`(?<![\\p{L}])(?:${MONTH_SOURCE})(?![\\p{L}])[^.;]{0,20}(?:19|20)\\d{2}`, 'iu');

/**
 * Replaces pain scores ("8/10", "6-7/10", "8 out of 10") with spaces, keeping offsets, so a date parser
 * does not read "8/10" as August 10.
 * @example
 * maskPainScores('pain 8/10 on 3/15/2025'); // 'pain      on 3/15/2025'
 */
export function maskPainScores(text: string): string {
  return text.replace(PAIN_SCORE, (m) => ' '.repeat(m.length));
}

function chronoDates(text: string, from: number, to: number, taken: readonly DateMention[]): DateMention[] {
  const masked = maskPainScores(text.slice(from, to));
  if (!CHRONO_HINT.test(masked)) return [];
  const out: DateMention[] = [];
  for (const r of chrono.parse(masked)) {
    const start = from + r.index;
    const end = start + r.text.length;
    const c = r.start;
    // Only dates with a written year: "March 15" alone could be any year, and relative phrases ("last
    // week") need a visit date the library does not have.
    if (!c.isCertain('year') || !c.isCertain('month')) continue;
    const value = iso(c.get('year') ?? 0, c.get('month') ?? undefined, c.isCertain('day') ? (c.get('day') ?? undefined) : undefined);
    // chrono may replace a regex reading it contains only when it is more precise ("the third of March
    // 2024" over "March 2024").
    if (!value || taken.some((t) => start < t.end && end > t.start && !(start <= t.start && end >= t.end && value.length > t.iso.length))) continue;
    out.push({ start, end, iso: value });
  }
  return out;
}

/**
 * Finds absolute dates in `text[from, to)` and returns them as ISO strings as precise as written. A fast
 * regex reads the common forms; chrono-node reads the rest (on text with pain scores masked) only when
 * the range still has a month name or a digit-slash-digit the regex did not take.
 * @example
 * findDates('PT from 01/2025 to 03/2025, pain 8/10').map((d) => d.iso); // ['2025-01', '2025-03']
 */
export function findDates(text: string, from = 0, to = text.length, options: { chrono?: boolean } = {}): DateMention[] {
  const out: DateMention[] = [];
  // Search a slice: a sticky end would not stop exec from scanning to the end of a long note.
  const range = text.slice(from, to);
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(range)) !== null) {
    const value = fromGroups(m.groups ?? {});
    if (value) out.push({ start: from + m.index, end: from + m.index + m[0].length, iso: value });
  }
  if (options.chrono !== false) {
    let rest = '';
    let cursor = from;
    for (const d of out) {
      rest += text.slice(cursor, d.start) + ' '.repeat(d.end - d.start);
      cursor = d.end;
    }
    rest += text.slice(cursor, to);
    if (CHRONO_HINT.test(maskPainScores(rest))) {
      const extra = chronoDates(text, from, to, out);
      const kept = out.filter((d) => !extra.some((e) => e.start <= d.start && e.end >= d.end && e.iso.length > d.iso.length));
      return [...kept, ...extra].sort((a, b) => a.start - b.start);
    }
  }
  return out;
}

/**
 * Reads one written date as an ISO string as precise as written; undefined when the text holds no
 * absolute date. Pain scores are never dates.
 * @example
 * toIsoDate('01/2025');    // '2025-01'
 * toIsoDate('March 2025'); // '2025-03'
 * toIsoDate('3/15/2025');  // '2025-03-15'
 * toIsoDate('2024');       // '2024'
 * toIsoDate('8/10');       // undefined
 */
export function toIsoDate(text: string): string | undefined {
  return findDates(text)[0]?.iso;
}

/**
 * Weeks between two ISO dates of any precision, measured at the coarser precision of the two ("2025-01"
 * to "2025-03" is two months); undefined when the end is before the start.
 * @example
 * weeksBetween('2025-01', '2025-03'); // 8.6905
 */
export function weeksBetween(start: string, end: string): number | undefined {
  const a = start.split('-').map(Number);
  const b = end.split('-').map(Number);
  const precision = Math.min(a.length, b.length);
  let weeks: number;
  if (precision === 1) weeks = ((b[0] ?? 0) - (a[0] ?? 0)) * 52.1429;
  else if (precision === 2) weeks = (((b[0] ?? 0) - (a[0] ?? 0)) * 12 + ((b[1] ?? 0) - (a[1] ?? 0))) * 4.34524;
  else weeks = (Date.UTC(b[0] ?? 0, (b[1] ?? 1) - 1, b[2] ?? 1) - Date.UTC(a[0] ?? 0, (a[1] ?? 1) - 1, a[2] ?? 1)) / (7 * 86400000);
  if (weeks < 0) return undefined;
  return Math.round(weeks * 10000) / 10000;
}
