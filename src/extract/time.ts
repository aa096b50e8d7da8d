import { z } from 'zod';
import cuesData from '../../lexicons/time-cues.json';
import activitiesData from '../../lexicons/time-activities.json';
import type { TimeAttestation } from '../facts.js';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField } from '../lexicon.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { NUMBER_SOURCE, parseNumber, unitId } from './numbers.js';

type Kind = TimeAttestation['kind'];

const timeCues = loadLexicon(
  'time-cues',
  cuesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // attest: says the clinician's time is being stated; half: "more than half" (of the time) in
      // counseling; exclude: a procedure, observation, symptom or activity time that is not the visit's.
      role: z.enum(['attest', 'half', 'exclude']),
      kind: z.enum(['total', 'face-to-face']).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

// The id is what `covers` reports.
const timeActivities = loadLexicon(
  'time-activities',
  activitiesData,
  z.object({ ...entryBase, ...termsField }).refine(needsTerms, 'an entry needs terms or a pattern').refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

type Cue = { kind: 'cue'; id: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; role: 'attest' | 'half' | 'exclude'; timeKind?: 'total' | 'face-to-face' | undefined }
  | { kind: 'activity'; id: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined };

const matcher = new TermMatcher<Cue>([
  ...timeCues.entries.map((e): Cue => ({ kind: 'cue', id: e.id, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, role: e.role, timeKind: e.kind })),
  ...timeActivities.entries.map((e): Cue => ({ kind: 'activity', id: e.id, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith })),
]);

// Visit time is stated in minutes or hours; seconds are fluoroscopy time, days are a stay.
const AMOUNT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?<half>half\\s{1,2}an|an|one)\\s{1,2}hour(?:\\s{1,2}and\\s{1,2}a\\s{1,2}half)?|(?<a>${NUMBER_SOURCE})(?:\\s?(?:-|to|–)\\s?(?:${NUMBER_SOURCE}))?[\\s-]{0,2}(?<u>minutes|minute|mins|min|hours|hour|hrs|hr))(?![\\p{L}])`,
  'giu',
);
// "a 35-minute visit": the number is the visit's length.
const VISIT_AFTER = /^[\s-]{0,2}(?:office\s{1,2})?(?:visit|encounter|appointment|consultation|consult)\b/i;
// Words that may stand between the time and the activity it was spent on ("25 minutes of which was spent
// in counseling"), so that activity names the kind of the time.
const GAP_WORDS = new Set(['was', 'were', 'of', 'in', 'on', 'spent', 'providing', 'doing', 'which', 'all', 'face-to-face', 'face', 'to', 'the', 'patient', 'with']);
const activityGap = (gap: string): boolean => gap.length <= 40 && gap.split(/[\s,]+/).every((w) => w === '' || GAP_WORDS.has(w.toLowerCase()));
const ACTIVITY_TIME = /^\s{1,2}time\s{0,2}(?:was|of|:)?\s{0,2}$/i;
/** How far a cue may stand from the time it speaks about (characters). */
const BEFORE_REACH = 30;
const AFTER_REACH = 25;

interface Hit {
  start: number;
  end: number;
  entry: Cue;
}

/**
 * Statements of the clinician's time on the visit ("I spent 35 minutes", "total time 40 minutes, more than
 * half in counseling"), with the minutes, the kind of time and what it covered. Procedure, observation,
 * symptom and activity times ("fluoroscopy time", "observed for 30 minutes", "can sit 20 minutes") are not
 * attestations.
 * @example
 * extractTimeAttestation('Total time 40 minutes, more than half in counseling and care coordination.');
 * // [{ minutes: 40, kind: 'total', covers: ['counseling', 'care-coordination'], moreThanHalfCounseling: true, ... }]
 */
export function extractTimeAttestation(input: string | PreparedDocument): TimeAttestation[] {
  const doc = toDocument('extractTimeAttestation', input);
  const out: TimeAttestation[] = [];
  const hits = matcher.matches(doc.lower, doc.tokens);
  if (!hits.some((h) => (h.entry.kind === 'cue' && h.entry.role === 'attest') || h.entry.id === 'counseling' || h.entry.id === 'care-coordination')) return out;
  let k = 0;
  for (const sentence of doc.sentences) {
    const inSentence: Hit[] = [];
    while (k < hits.length && (hits[k]?.start ?? 0) < sentence.start) k++;
    for (let j = k; j < hits.length && (hits[j]?.start ?? 0) < sentence.end; j++) {
      const h = hits[j];
      if (h) inSentence.push(h);
    }
    if (inSentence.some((h) => (h.entry.kind === 'cue' && h.entry.role === 'attest') || h.entry.kind === 'activity')) readSentence(doc, sentence.start, sentence.end, inSentence, out);
  }
  return out;
}

function readSentence(doc: PreparedDocument, from: number, to: number, hits: readonly Hit[], out: TimeAttestation[]): void {
  const text = doc.text;
  const scope = text.slice(from, to);
  const covers: string[] = [];
  for (const h of hits) {
    if (h.entry.kind !== 'activity' || covers.includes(h.entry.id)) continue;
    if (doc.assertionsAt(h).some((a) => a.category === 'negated' && a.direction !== 'SECTION')) continue;
    covers.push(h.entry.id);
  }
  const half = hits.some((h) => h.entry.kind === 'cue' && h.entry.role === 'half');
  AMOUNT.lastIndex = 0;
  let m: RegExpExecArray | null;
  let previousEnd = from;
  while ((m = AMOUNT.exec(scope)) !== null) {
    const start = from + m.index;
    const end = start + m[0].length;
    const minutes = toMinutes(m.groups ?? {}, m[0]);
    const floor = previousEnd;
    previousEnd = end;
    if (minutes === undefined || minutes <= 0) continue;
    const before = hits.filter((h) => h.end <= start && h.start >= Math.max(floor, start - BEFORE_REACH));
    const after = hits.filter((h) => h.start >= end && h.start <= end + AFTER_REACH);
    // The cue nearest the time decides: "total fluoroscopy time 2 minutes" is fluoroscopy time, "time spent
    // reviewing the procedure: 30 minutes" is the visit's.
    const nearestBefore = before[before.length - 1];
    if (nearestBefore?.entry.kind === 'cue' && nearestBefore.entry.role === 'exclude') continue;
    const firstAfter = after[0];
    // Past a semicolon the exclusion speaks of another time ("30 minutes; fluoroscopy time 0.5 minutes").
    if (firstAfter?.entry.kind === 'cue' && firstAfter.entry.role === 'exclude' && !/[;:]/.test(text.slice(end, firstAfter.start))) continue;
    // "Care planning" is what the time was spent on, not a plan to spend it.
    const planned = (a: { category: string; trigger: { span: { start: number; end: number } } }) => a.category === 'hypothetical' && !/^planning$/i.test(text.slice(a.trigger.span.start, a.trigger.span.end));
    if (doc.assertionsAt({ start, end }).some((a) => a.category === 'family' || planned(a) || (a.category === 'negated' && a.direction !== 'SECTION'))) continue;

    // The clinician's time only counts where the sentence says it is being stated, or names what the
    // time was spent on ("20 minutes of counseling", "counseling time 15 minutes").
    const attested = hits.some((h) => h.entry.kind === 'cue' && h.entry.role === 'attest');
    // Cues right after an earlier time in the sentence are that time's ("18 minutes in person and 12 minutes").
    const kindFloor = floor > from ? floor + AFTER_REACH : floor;
    const kind = decideKind(scope, from, hits.filter((h) => h.start >= kindFloor && h.end <= start), hits, start, end, half);
    if (!attested && kind !== 'counseling' && kind !== 'care-coordination') continue;
    out.push({
      minutes,
      kind,
      covers: [...covers],
      ...(half && (covers.includes('counseling') || covers.includes('care-coordination')) ? { moreThanHalfCounseling: true } : {}),
      span: { start, end },
      text: text.slice(start, end),
    });
  }
}

function decideKind(scope: string, from: number, before: readonly Hit[], hits: readonly Hit[], start: number, end: number, half: boolean): Kind {
  // The activity right after the time is what the time was spent on ("20 minutes counseling"), unless the
  // sentence says only part of it was ("more than half of the 30 minutes was counseling").
  const next = hits.find((h) => h.start >= end && h.start - end <= 40 && h.entry.kind === 'activity');
  if (!half && next && (next.entry.id === 'counseling' || next.entry.id === 'care-coordination') && activityGap(scope.slice(end - from, next.start - from))) {
    return next.entry.id;
  }
  // "Counseling time 15 minutes": the activity names the time before it.
  const last = before[before.length - 1];
  if (last && last.entry.kind === 'activity' && (last.entry.id === 'counseling' || last.entry.id === 'care-coordination') && ACTIVITY_TIME.test(scope.slice(last.end - from, start - from))) {
    return last.entry.id;
  }
  const near = [...before, ...hits.filter((h) => h.start >= end && h.start - end <= AFTER_REACH)];
  if (near.some((h) => h.entry.kind === 'cue' && h.entry.timeKind === 'face-to-face')) return 'face-to-face';
  if (near.some((h) => h.entry.kind === 'cue' && h.entry.timeKind === 'total')) return 'total';
  if (VISIT_AFTER.test(scope.slice(end - from))) return 'total';
  return 'unspecified';
}

function toMinutes(g: Record<string, string | undefined>, whole: string): number | undefined {
  if (g.half !== undefined) return /^half/i.test(g.half) ? 30 : /half$/i.test(whole) ? 90 : 60;
  const n = g.a === undefined ? undefined : parseNumber(g.a);
  if (n === undefined || g.u === undefined) return undefined;
  return unitId(g.u) === 'hour' ? n * 60 : n;
}
