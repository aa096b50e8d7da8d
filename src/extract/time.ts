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
      // "Time with the patient" implies face-to-face time but yields to an explicit "total time".
      implied: z.boolean().optional(),
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

type Cue = { kind: 'cue'; id: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; role: 'attest' | 'half' | 'exclude'; timeKind?: 'total' | 'face-to-face' | undefined; implied?: boolean | undefined }
  | { kind: 'activity'; id: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined };

const matcher = new TermMatcher<Cue>([
  ...timeCues.entries.map((e): Cue => ({ kind: 'cue', id: e.id, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, role: e.role, timeKind: e.kind, implied: e.implied })),
  ...timeActivities.entries.map((e): Cue => ({ kind: 'activity', id: e.id, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith })),
]);

// Visit time is stated in minutes or hours; seconds are fluoroscopy time, days are a stay. A template may
// put the unit in the label before the number ("Total time (minutes): 42").
const AMOUNT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?<half>half\\s{1,2}an|an|one)\\s{1,2}hour(?:\\s{1,2}and\\s{1,2}a\\s{1,2}half)?|(?<a>${NUMBER_SOURCE})(?:\\s?(?:-|to|–)\\s?(?:${NUMBER_SOURCE}))?[\\s-]{0,2}(?<u>minutes|minute|mins|min|hours|hour|hrs|hr)|(?:\\((?<lu>minutes|mins|min|hours|hrs)\\)|in\\s{1,2}(?<iu>minutes|hours))\\s{0,2}:\\s{0,2}(?<b>\\d{1,3})(?![.,]?\\d))(?![\\p{L}])`,
  'giu',
);
// A time in parentheses after a billing code is the code's descriptor ("99214 (30-39 min)", "G3003 (each
// additional 15 minutes)"), not the clinician's attestation.
const CODE_DESCRIPTOR = /\b(?:99\d{3}|G\d{4})\b[^();.\n]{0,30}\([^()]{0,30}$/i;
// Clause marks: past them a cue speaks of the next time ("45-50 min (face to face 30 min)", "x1; total
// time 47 minutes").
const CLAUSE_MARK = /[;(]/;
// Activities done without the patient (record review, documentation) listed with ones done with them
// make the time the whole of the date's work, that is total time, never face-to-face time.
const WITHOUT_PATIENT = new Set(['record-review', 'documentation']);
const WITH_PATIENT = new Set(['counseling', 'examination']);
// "Care coordination: 15 minutes spent on the phone": a template label names the kind of the time after it.
const ACTIVITY_LABEL = /^\s{0,2}:\s{0,3}$/;
// Words that may stand between the time and the activity it was spent on ("25 minutes of which was spent
// in counseling"), so that activity names the kind of the time.
// Time words ("after the visit", "today") may stand there too: "10 minutes after the visit coordinating with
// the surgeon" is care-coordination time.
const GAP_WORDS = new Set(['was', 'were', 'of', 'in', 'on', 'spent', 'providing', 'doing', 'which', 'all', 'face-to-face', 'face', 'to', 'the', 'patient', 'with', 'after', 'before', 'during', 'following', 'visit', 'encounter', 'appointment', 'today', 'also']);
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
 * symptom and activity times ("fluoroscopy time", "observed for 30 minutes", "can sit 20 minutes") and code
 * descriptors ("99214 (30-39 min)") are not attestations. Time "with the patient" is face-to-face; time
 * covering work both with and without the patient (examining and documenting) is total; "a 40-minute
 * visit" is unspecified (conventions in corpora/ANNOTATION.md).
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

interface Amount {
  start: number;
  end: number;
  minutes: number | undefined;
}

function readSentence(doc: PreparedDocument, from: number, to: number, hits: readonly Hit[], out: TimeAttestation[]): void {
  const text = doc.text;
  const scope = text.slice(from, to);
  const amounts: Amount[] = [];
  AMOUNT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AMOUNT.exec(scope)) !== null) {
    const start = from + m.index;
    amounts.push({ start, end: start + m[0].length, minutes: toMinutes(m.groups ?? {}, m[0]) });
  }
  if (!amounts.length) return;
  const covers: string[] = [];
  for (const h of hits) {
    if (h.entry.kind !== 'activity' || covers.includes(h.entry.id)) continue;
    if (doc.assertionsAt(h).some((a) => a.category === 'negated' && a.direction !== 'SECTION')) continue;
    covers.push(h.entry.id);
  }
  // "Over half an hour" is a length of time, not the counseling share.
  let half = false;
  for (let i = 0, k = 0; i < hits.length && !half; i++) {
    const h = hits[i];
    if (h?.entry.kind !== 'cue' || h.entry.role !== 'half') continue;
    while (k < amounts.length && (amounts[k]?.end ?? 0) <= h.start) k++;
    const a = amounts[k];
    half = !(a && a.start < h.end);
  }
  let firstAttestEnd = Infinity;
  for (const h of hits) if (h.entry.kind === 'cue' && h.entry.role === 'attest') firstAttestEnd = Math.min(firstAttestEnd, h.end);
  const attested = firstAttestEnd < Infinity;
  // Hits (sorted by start) starting in [lo, hi): every look below stays near its time, so a long
  // sentence of many times costs no more than its length.
  const between = (lo: number, hi: number): readonly Hit[] => hits.slice(lowerBound(hits, lo), lowerBound(hits, hi));
  let previousEnd = from;
  let kindFloor = from;
  amounts.forEach((amount, i) => {
    const { start, end, minutes } = amount;
    const floor = previousEnd;
    const ownFloor = kindFloor;
    previousEnd = end;
    // Cues after this time are its own up to the reach, the next time, or a clause mark before the next time.
    const next = amounts[i + 1];
    let reach = end + AFTER_REACH;
    if (next) {
      reach = Math.min(reach, next.start);
      const mark = CLAUSE_MARK.exec(text.slice(end, next.start));
      if (mark) reach = Math.min(reach, end + mark.index);
    }
    kindFloor = reach;
    if (minutes === undefined || minutes <= 0) return;
    if (CODE_DESCRIPTOR.test(text.slice(Math.max(from, start - 70), start))) return;
    const before = between(Math.max(floor, start - BEFORE_REACH), start).filter((h) => h.end <= start);
    const after = between(end, end + AFTER_REACH + 1);
    // The cue nearest the time decides: "total fluoroscopy time 2 minutes" is fluoroscopy time, "time spent
    // reviewing the procedure: 30 minutes" is the visit's.
    const nearestBefore = before[before.length - 1];
    if (nearestBefore?.entry.kind === 'cue' && nearestBefore.entry.role === 'exclude') return;
    const firstAfter = after[0];
    // Past a semicolon the exclusion speaks of another time ("30 minutes; fluoroscopy time 0.5 minutes").
    if (firstAfter?.entry.kind === 'cue' && firstAfter.entry.role === 'exclude' && !/[;:]/.test(text.slice(end, firstAfter.start))) return;
    // "Care planning" is what the time was spent on, not a plan to spend it.
    // Notes end on "Total time 60 minutes" after their Plan or Goals heading: a time the sentence itself
    // states as spent is the visit's, whatever the section, so a section's plan does not void it.
    const planned = (a: { category: string; direction: string; trigger: { span: { start: number; end: number } } }) =>
      a.category === 'hypothetical' && !(attested && a.direction === 'SECTION') && !/^planning$/i.test(text.slice(a.trigger.span.start, a.trigger.span.end));
    // A relative after the clinician's own cue is company ("we were with the patient and her daughter for an
    // hour"), not the one whose time it is.
    const family = (a: { category: string; trigger: { span: { start: number } } }) => a.category === 'family' && firstAttestEnd > a.trigger.span.start;
    if (doc.assertionsAt({ start, end }).some((a) => family(a) || planned(a) || (a.category === 'negated' && a.direction !== 'SECTION'))) return;

    // The clinician's time only counts where the sentence says it is being stated, or names what the
    // time was spent on ("20 minutes of counseling", "counseling time 15 minutes").
    const own = { before: between(ownFloor, start).filter((h) => h.end <= start), after: between(end, reach) };
    const spentOn = between(end, next?.start ?? to)
      .filter((h) => h.entry.kind === 'activity')
      .map((h) => h.entry.id);
    const kind = decideKind(scope, from, own, between(end, end + 41), start, end, half, spentOn);
    if (!attested && kind !== 'counseling' && kind !== 'care-coordination') return;
    out.push({
      minutes,
      kind,
      covers: [...covers],
      ...(half && (covers.includes('counseling') || covers.includes('care-coordination')) ? { moreThanHalfCounseling: true } : {}),
      span: { start, end },
      text: text.slice(start, end),
    });
  });
}

function decideKind(
  scope: string,
  from: number,
  own: { before: readonly Hit[]; after: readonly Hit[] },
  following: readonly Hit[],
  start: number,
  end: number,
  half: boolean,
  spentOn: readonly string[],
): Kind {
  const coordinationOrCounseling = (h: Hit | undefined): h is Hit => h?.entry.kind === 'activity' && (h.entry.id === 'counseling' || h.entry.id === 'care-coordination');
  // The activity right after the time is what the time was spent on ("20 minutes counseling"), unless the
  // sentence says only part of it was ("more than half of the 30 minutes was counseling").
  const next = following.find((h) => h.entry.kind === 'activity');
  if (!half && coordinationOrCounseling(next) && activityGap(scope.slice(end - from, next.start - from))) return next.entry.id as Kind;
  // "Counseling time 15 minutes", "Care coordination: 15 minutes spent on the phone": the activity names
  // the time after it.
  const last = own.before[own.before.length - 1];
  if (coordinationOrCounseling(last)) {
    const gap = scope.slice(last.end - from, start - from);
    if (ACTIVITY_TIME.test(gap) || (!half && ACTIVITY_LABEL.test(gap))) return last.entry.id as Kind;
  }
  const near = [...own.before, ...own.after];
  const cue = (k: 'total' | 'face-to-face', implied: boolean) => near.some((h) => h.entry.kind === 'cue' && h.entry.timeKind === k && (h.entry.implied ?? false) === implied);
  if (cue('face-to-face', false)) return 'face-to-face';
  if (cue('total', false)) return 'total';
  if (spentOn.some((a) => WITHOUT_PATIENT.has(a)) && spentOn.some((a) => WITH_PATIENT.has(a))) return 'total';
  if (cue('face-to-face', true)) return 'face-to-face';
  return 'unspecified';
}

function lowerBound(hits: readonly Hit[], offset: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits[mid]?.start ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toMinutes(g: Record<string, string | undefined>, whole: string): number | undefined {
  if (g.half !== undefined) return /^half/i.test(g.half) ? 30 : /half$/i.test(whole) ? 90 : 60;
  const raw = g.a ?? g.b;
  const unit = g.u ?? g.lu ?? g.iu;
  const n = raw === undefined ? undefined : parseNumber(raw);
  if (n === undefined || unit === undefined) return undefined;
  return unitId(unit) === 'hour' ? n * 60 : n;
}
