import { z } from 'zod';
import numberWordsData from '../../lexicons/number-words.json';
import timeUnitsData from '../../lexicons/time-units.json';
import { entryBase, loadLexicon, literalSource } from '../lexicon.js';

/** Shared number and duration reading for every extractor ("eight" is 8, "3-4 months" is 15.2 weeks). */
export const numberWords = loadLexicon('number-words', numberWordsData, z.object({ ...entryBase, values: z.record(z.string(), z.number()) }));
export const timeUnits = loadLexicon('time-units', timeUnitsData, z.object({ ...entryBase, weeks: z.number().positive(), terms: z.array(z.string()).min(1) }));

const WORD_VALUE = new Map<string, number>();
for (const e of numberWords.entries) for (const [w, v] of Object.entries(e.values)) WORD_VALUE.set(w, v);
const UNIT_WEEKS = new Map<string, number>();
for (const e of timeUnits.entries) for (const t of e.terms) UNIT_WEEKS.set(t.toLowerCase(), e.weeks);
const UNIT_ID = new Map<string, string>();
for (const e of timeUnits.entries) for (const t of e.terms) UNIT_ID.set(t.toLowerCase(), e.id);

const byLengthDesc = (a: string, b: string) => b.length - a.length;
const SPELLED = [...WORD_VALUE.keys()].filter((w) => !/^(a|an|a single|several|a few|half a|half an|a couple|a couple of|couple of)$/.test(w));

/**
 * Regex source for one number: digits with an optional decimal part, a spelled number ("eight",
 * "twenty-five"). No capturing groups, no nested quantifiers.
 */
export const NUMBER_SOURCE = `\\d{1,6}(?:\\.\\d{1,3})?|(?:${SPELLED.sort(byLengthDesc).map(literalSource).join('|')})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?`;

/** Regex source for quantity words that stand for a number before a unit ("a month", "a couple of weeks"). */
export const QUANTITY_SOURCE = [...WORD_VALUE.keys()].filter((w) => !SPELLED.includes(w)).sort(byLengthDesc).map(literalSource).join('|');

/** Regex source for a time unit word. */
export const TIME_UNIT_SOURCE = [...UNIT_WEEKS.keys()].sort(byLengthDesc).map((t) => t.replace(/\./g, '\\.')).join('|');

/** Reads "8", "6.5", "eight", "twenty-five", "a couple of"; undefined for anything else. */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const direct = WORD_VALUE.get(s);
  if (direct !== undefined) return direct;
  const parts = s.split(/[- ]/);
  if (parts.length === 2) {
    const tens = WORD_VALUE.get(parts[0] ?? '');
    const unit = WORD_VALUE.get(parts[1] ?? '');
    if (tens !== undefined && unit !== undefined && tens >= 20 && tens % 10 === 0 && unit < 10) return tens + unit;
  }
  return undefined;
}

/** Weeks in one of a unit ("months" is 4.345); undefined for an unknown unit. */
export function unitWeeks(unit: string): number | undefined {
  return UNIT_WEEKS.get(unit.trim().toLowerCase());
}

/** The time-units lexicon id of a unit word ("mins" is "minute"). */
export function unitId(unit: string): string | undefined {
  return UNIT_ID.get(unit.trim().toLowerCase());
}

/**
 * Regex source for a duration: a number or range and a time unit ("6 weeks", "3-4 months",
 * "six hours", "a month", "2 to 3 wks"). Named groups: dA (first number), dB (range end), dU (unit).
 * A spelled number must end at a word boundary, so "for and" is not "an" + "d" (one day).
 */
export const DURATION_SOURCE = `(?<dA>(?:${NUMBER_SOURCE}|${QUANTITY_SOURCE})(?![a-z]))(?:\\s?(?:-|to|–)\\s?(?<dB>${NUMBER_SOURCE}))?[\\s-]{0,2}(?<dU>${TIME_UNIT_SOURCE})`;

/** Converts a matched duration's groups to weeks; a range gives its midpoint. */
export function durationToWeeks(a: string, b: string | undefined, unit: string): number | undefined {
  const va = parseNumber(a);
  const w = unitWeeks(unit);
  if (va === undefined || w === undefined) return undefined;
  const vb = b === undefined ? undefined : parseNumber(b);
  const v = vb === undefined ? va : (va + vb) / 2;
  return round(v * w);
}

export function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
