import { z } from 'zod';
import activitiesData from '../../lexicons/functional-activities.json';
import devicesData from '../../lexicons/functional-devices.json';
import scalesData from '../../lexicons/functional-scales.json';
import vagueData from '../../lexicons/functional-vague-phrases.json';
import improvementData from '../../lexicons/functional-improvement-cues.json';
import limitationData from '../../lexicons/functional-limitation-cues.json';
import unitsData from '../../lexicons/functional-units.json';
import nonFunctionalData from '../../lexicons/functional-non-functional.json';
import type { FunctionalStatement, Span } from '../facts.js';
import { entryBase, KEBAB_ID, literalSource, loadLexicon, termsField, tokenWordIds, wordId, type LexiconEntryBase, needsTerms, patternHasStartsWith } from '../lexicon.js';
import { tokenize } from '../pipeline/03-tokens.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { NUMBER_SOURCE, QUANTITY_SOURCE, parseNumber, round } from './numbers.js';

/**
 * Terms and/or a pattern; a pattern also lists the words it can start with (`startsWith`), so the scan tries
 * it only where one of those words stands instead of at every character. The scan looks them up as whole
 * lower-case tokens, hence one plain word each.
 */
const scanFields = { ...termsField, startsWith: z.array(z.string().regex(/^[a-z]+$/)).min(1).optional() };

/** Activities with their normalized id; `concrete` phrases name a task specific enough on their own ("do the dishes"). */
export const functionalActivities = loadLexicon(
  'functional-activities',
  activitiesData,
  z
    .object({
      ...entryBase,
      ...scanFields,
      activity: z.string().regex(KEBAB_ID),
      concrete: z.boolean().optional(),
      // A phrase that states the direction by itself: "sleeping through the night", "on light duty".
      implies: z.enum(['improvement', 'limitation']).optional(),
      // generic: names function in general ("ADLs", "activity level", "mobility"), not an activity a reviewer
      // can check, so an unmeasured improvement in it is a vague claim ("ADLs are increased").
      generic: z.boolean().optional(),
    })
    .refine(needsTerms, 'an activity needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
export const functionalDevices = loadLexicon(
  'functional-devices',
  devicesData,
  // contextual: part of the building as much as an aid ("grabbed the hand railing" as he fell); it restricts
  // only in a clause that also names an activity or a restriction ("needs handrail, one step at a time").
  z.object({ ...entryBase, terms: z.array(z.string().min(1)).min(1), contextual: z.boolean().optional() }),
);
export const functionalScales = loadLexicon(
  'functional-scales',
  scalesData,
  z
    .object({ ...entryBase, ...scanFields, better: z.enum(['lower', 'higher']) })
    .refine(needsTerms, 'a scale needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
export const functionalVaguePhrases = loadLexicon(
  'functional-vague-phrases',
  vagueData,
  // negated: the phrase itself denies a change ("function is unchanged"). standalone: the claim is about the
  // patient as a whole ("doing much better", "the block helped"), never about an activity named next to it,
  // so it is its own statement ("doing much better, was able to go on a trip" is two).
  z
    .object({ ...entryBase, ...scanFields, negated: z.boolean().optional(), standalone: z.boolean().optional() })
    .refine(needsTerms, 'a phrase needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
export const functionalImprovementCues = loadLexicon(
  'functional-improvement-cues',
  improvementData,
  z.object({
    ...entryBase,
    terms: z.array(z.string().min(1)).min(1),
    // change: says the function got better; now: a weak change word that counts only with a measure, a
    // concrete task or a device; capability: "able to", counts only with a measure or a concrete task;
    // device-free: "no longer needs"; without: "without (a cane)".
    // reversal: "no longer" before a restriction turns it into an improvement.
    // independent: "independent with", "unassisted": help no longer needed, which is specific only when the
    // clause also says it is new ("independent with bathing again"); alone it is a status ("independent with ADLs").
    role: z.enum(['change', 'now', 'capability', 'device-free', 'without', 'reversal', 'independent']),
  }),
);
export const functionalLimitationCues = loadLexicon(
  'functional-limitation-cues',
  limitationData,
  z
    // needsMeasure: a cue that restricts only with a threshold ("sitting more than 15 minutes causes pain";
    // "sitting causes pain" is an aggravating factor). specific: the cue states the restriction exactly on its
    // own, a total inability ("unable to walk", "avoids stairs") or a fixed pattern ("one step at a time").
    // partial: not a restriction but a word that makes an inability partial ("unable to walk long distances",
    // "cannot lift heavy objects"), which is then a difficulty without a measure. tolerance: a limit on its own
    // ("walks 1 block before stopping"), but the measure of a gain when the sentence says it is new.
    .object({ ...entryBase, ...scanFields, needsMeasure: z.boolean().optional(), specific: z.boolean().optional(), partial: z.boolean().optional(), tolerance: z.boolean().optional() })
    .refine(needsTerms, 'a cue needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
export const functionalUnits = loadLexicon(
  'functional-units',
  unitsData,
  z.object({
    ...entryBase,
    unit: z.string().regex(KEBAB_ID),
    terms: z.array(z.string().min(1)).min(1),
    weight: z.boolean().optional(),
  }),
);
export const functionalNonFunctional = loadLexicon(
  'functional-non-functional',
  nonFunctionalData,
  z
    .object({
    ...entryBase,
    ...scanFields,
    // subject: a clause about this is not about function ("range of motion is much improved"); suppress: a
    // clause with this is an order or a trigger list, not an observation ("instructed not to lift").
    // earlier: "prior to the injections", the function described after it is the earlier one.
    // ended: "up until a year ago", the function described before it has ended.
    role: z.enum(['subject', 'suppress', 'earlier', 'ended']).optional(),
  })
    .refine(needsTerms, 'a trap needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

type HitType =
  | 'activity'
  | 'device'
  | 'scale'
  | 'vague'
  | 'change'
  | 'now'
  | 'capability'
  | 'device-free'
  | 'without'
  | 'reversal'
  | 'independent'
  | 'limit'
  | 'partial'
  | 'trap'
  | 'subject'
  | 'suppress'
  | 'earlier'
  | 'ended';

interface ScanEntry extends LexiconEntryBase {
  readonly type: HitType;
  readonly activity?: string;
  readonly concrete?: boolean;
  readonly implies?: 'improvement' | 'limitation';
  readonly generic?: boolean;
  readonly better?: 'lower' | 'higher';
  readonly negated?: boolean;
  readonly standalone?: boolean;
  readonly needsMeasure?: boolean;
  readonly specific?: boolean;
  readonly tolerance?: boolean;
  readonly contextual?: boolean;
  readonly startsWith?: string[] | undefined;
}

interface Hit {
  readonly start: number;
  readonly end: number;
  readonly type: HitType;
  readonly entry: ScanEntry;
}

// Every lexicon in one table keyed by word, so one pass over the note's tokens finds the candidate
// sentences and every cue in them (one Map probe per token). The longest phrase wins, so a trap
// ("sitting position", "tolerated the procedure well") swallows the activity word inside it. This is a
// word trie rather than TermMatcher because its matching differs and the corpus is annotated against it:
// a phrase is a sequence of tokens (hyphens and white space between them are free), the longest match
// end wins, and a pattern beats a term only when it reaches at least as far.
const scanEntries: ScanEntry[] = [
  ...functionalActivities.entries.map((e) => ({ ...e, id: `activity/${e.id}`, type: 'activity' as const })),
  ...functionalDevices.entries.map((e) => ({ ...e, id: `device/${e.id}`, type: 'device' as const })),
  ...functionalScales.entries.map((e) => ({ ...e, id: `scale/${e.id}`, type: 'scale' as const })),
  ...functionalVaguePhrases.entries.map((e) => ({ ...e, id: `vague/${e.id}`, type: 'vague' as const })),
  ...functionalImprovementCues.entries.map((e) => ({ ...e, id: `cue/${e.id}`, type: e.role })),
  ...functionalLimitationCues.entries.map((e) => ({ ...e, id: `limit/${e.id}`, type: e.partial ? ('partial' as const) : ('limit' as const) })),
  ...functionalNonFunctional.entries.map((e) => ({ ...e, id: `trap/${e.id}`, type: e.role ?? ('trap' as const) })),
];

interface TrieNode {
  /** By the shared vocabulary's word id (`wordId`), so walking the note compares numbers, not slices. */
  readonly next: Map<number, TrieNode>;
  entry?: ScanEntry;
}

/** The words of a phrase as the tokenizer splits them; a hyphen is dropped (it may be a space or nothing). */
function words(text: string): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) {
    const w = text.slice(t.starts[i], t.ends[i]);
    if (w !== '-') out.push(w);
  }
  return out;
}

const trie = new Map<number, TrieNode>();
const patternsByFirst = new Map<number, { re: RegExp; entry: ScanEntry }[]>();
for (const entry of scanEntries) {
  for (const term of entry.terms ?? []) {
    let level = trie;
    let node: TrieNode | undefined;
    for (const w of words(term.toLowerCase())) {
      const id = wordId(w);
      node = level.get(id);
      if (!node) {
        node = { next: new Map() };
        level.set(id, node);
      }
      level = node.next;
    }
    if (node && !node.entry) node.entry = entry;
  }
  if (entry.pattern) {
    const re = new RegExp(`(?:${entry.pattern})(?![\\p{L}\\p{N}])`, 'iuy');
    for (const f of entry.startsWith ?? []) {
      const id = wordId(f.toLowerCase());
      const list = patternsByFirst.get(id) ?? [];
      list.push({ re, entry });
      patternsByFirst.set(id, list);
    }
  }
}

/** Every lexicon phrase in the note, left to right, never overlapping; the longest wins at each word. */
function scan(doc: PreparedDocument): Hit[] {
  const { lower, tokens } = doc;
  const { starts, ends, count } = tokens;
  const hits: Hit[] = [];
  const ids = tokenWordIds(lower, tokens);
  const nextWord = (j: number) => {
    let k = j + 1;
    while (k < count && (ends[k] ?? 0) - (starts[k] ?? 0) === 1 && lower.charCodeAt((starts[k] ?? 0)) === 45) k++; // "-"
    return k;
  };
  let i = 0;
  while (i < count) {
    const w = ids[i] ?? -1;
    // Most words start no phrase; every phrase word is in the vocabulary, so -1 is no match at all.
    if (w === -1) {
      i++;
      continue;
    }
    const s0 = starts[i] ?? 0;
    let bestEnd = -1;
    let best: ScanEntry | undefined;
    let node = trie.get(w);
    for (let j = i; node; ) {
      if (node.entry && (ends[j] ?? 0) > bestEnd) {
        bestEnd = (ends[j] ?? 0);
        best = node.entry;
      }
      j = nextWord(j);
      if (j >= count || node.next.size === 0) break;
      node = node.next.get(ids[j] ?? -1);
    }
    const patterns = patternsByFirst.get(w);
    if (patterns) {
      for (const p of patterns) {
        p.re.lastIndex = s0;
        const m = p.re.exec(lower);
        if (m && s0 + m[0].length >= bestEnd) {
          bestEnd = s0 + m[0].length;
          best = p.entry;
        }
      }
    }
    if (!best) {
      i++;
      continue;
    }
    hits.push({ start: s0, end: bestEnd, type: best.type, entry: best });
    while (i < count && (starts[i] ?? 0) < bestEnd) i++;
  }
  return hits;
}

const idOf = (e: ScanEntry) => e.id.slice(e.id.indexOf('/') + 1);

const UNIT_BY_TERM = new Map<string, (typeof functionalUnits.entries)[number]>();
for (const u of functionalUnits.entries) for (const t of u.terms) UNIT_BY_TERM.set(t.toLowerCase(), u);
const UNIT_SOURCE = [...UNIT_BY_TERM.keys()]
  .sort((a, b) => b.length - a.length)
  .map(literalSource)
  .join('|');
// A measured quantity: "20 minutes", "5-10 minutes", "half a block", "a 1/2-mile", "one flight", "25 lbs".
// Each part is a fixed shape with bounded white space, so the scan is linear.
const MEASURE = new RegExp(
  `(?<![\\p{L}\\p{N}/.])(?<a>\\d{1,2}/\\d{1,2}|${NUMBER_SOURCE}|${QUANTITY_SOURCE})(?:\\s{0,2}(?:-|to|–|or)\\s{0,2}(?<b>${NUMBER_SOURCE}))?(?:\\s{0,2}-\\s{0,2}|\\s{1,3})(?:of\\s{1,3})?(?:an?\\s{1,3})?(?<u>${UNIT_SOURCE})(?![\\p{L}\\p{N}])`,
  'giu',
);
// Units that only measure some activities: pounds measure lifting, "3 times" measures waking at night, and
// a distance or a flight measures moving about, never sitting or sleeping.
const UNIT_ACTIVITIES: Record<string, readonly string[]> = {
  pound: ['lifting'],
  kilogram: ['lifting'],
  time: ['sleeping'],
  block: ['walking', 'exercise', 'stairs'],
  mile: ['walking', 'exercise'],
  foot: ['walking', 'stairs'],
  yard: ['walking', 'exercise'],
  meter: ['walking', 'exercise'],
  flight: ['stairs', 'walking'],
  step: ['stairs', 'walking'],
  lap: ['exercise', 'walking'],
  hole: ['exercise'],
};

// A pain score or percentage in the clause: the claim is measured pain or relief (the pain-score and relief
// extractors read it), not an unsupported "better".
const PAIN_NUMBER = /\d\s{0,2}\/\s{0,2}10\b|\d\s{0,2}%|\bpercent\b|\bout of (?:10|ten)\b/;
// Clause ends inside a sentence: a contrast usually starts a new statement ("walks farther, but still
// cannot sit through a movie"), and so does "and" before a new subject ("unable to sleep because of pain and
// his ADLs are severely limited"), so that neither the cue nor the negation of one reaches the other.
const CLAUSE_BREAK = /;|\s(?:but|however|although|whereas)\s|,\s{0,2}(?:though|yet)\s|,?\sand\s(?=(?:he|she|they|his|her|their)\s)/g;
// A scale's numbers: up to two scores right after its name ("ODI 48% -> 22%", "NDI from 30 to 14").
const SCALE_NUMBER = /(?<![\d/.])(\d{1,3}(?:\.\d{1,2})?)(?![\d/])(\s{0,2}%)?(\s{0,2}points?)?/g;
// "does not walk much", "isn't sleeping": a negated activity verb is a limitation, not a negated statement.
const NOT_BEFORE = /(?:n't|\bnot|\bnever)\s{1,3}$/;
const MAX_CLAUSE_HITS = 40;
const MAX_CLAUSES = 64;
const PAST_VERB = /\b(?:was|were|had|could|used to)\b/;
const PROGRESSIVE_BEFORE = /\b(?:is|are|am|been|currently)\s{1,3}$/;
// The first word of an activity phrase, for the progressive test ("has been mowing the lawn").
const FIRST_WORD = /^[a-z]{1,20}/;
// A "Follow-up:" header introduces either the next appointment or the interval history; only a clause that
// speaks of the future is the plan ("Follow-up: return in 4 weeks" vs "Follow-up: doing much better").
const FOLLOW_UP_NAME = /^follow[- ]?up$/;
const FUTURE_WORDS = /\b(?:will|would|shall|plan|plans|planned|schedule|scheduled|rtc|recheck|prn|as needed|should|next)\b|\b(?:in|after)\s{1,3}\d{1,2}\s{1,3}(?:days?|weeks?|months?)\b/;
// A reporting verb after a relative: "her husband says", "his daughter tells me".
const REPORTER = /^\s{1,3}(?:says|said|states|stated|reports|reported|confirms|confirmed|notes|noted|tells|told|feels|felt|thinks|believes|relates|mentions|indicates|adds|agrees)\b/;
// Separates two statements in one clause: "mowing the lawn and walking the dog 2 miles", "walker ..., cane at home".
const LIST_SEPARATOR = /,|\band\b/;
const PROGRESSIVE: ScanEntry = { id: 'cue/progressive', example: 'is walking 3 miles a day', type: 'capability' };
const NOT_VERB: ScanEntry = { id: 'limit/not-verb', example: 'does not walk much', type: 'limit' };
const DEVICE_GAP_WORDS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'any', 'use', 'of', 'using', 'need', 'for', 'to']);

interface Measure {
  start: number;
  end: number;
  value: number;
  unit: string;
}

function readMeasures(lower: string, from: number, to: number): Measure[] {
  const out: Measure[] = [];
  // Searched in the clause's own slice: a search from `from` in the whole note would run on to the end of
  // the note whenever the clause has no measure.
  const text = lower.slice(from, to);
  MEASURE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MEASURE.exec(text)) !== null && out.length < MAX_CLAUSE_HITS) {
    const g = m.groups ?? {};
    const unit = UNIT_BY_TERM.get((g.u ?? '').toLowerCase());
    const a = readValue(g.a ?? '');
    if (!unit || a === undefined) continue;
    const b = g.b === undefined ? undefined : parseNumber(g.b);
    out.push({ start: from + m.index, end: from + m.index + m[0].length, value: round(b === undefined ? a : (a + b) / 2), unit: unit.unit });
  }
  return out;
}

function readValue(raw: string): number | undefined {
  const frac = /^(\d{1,2})\/(\d{1,2})$/.exec(raw);
  if (frac) return Number(frac[2]) ? Number(frac[1]) / Number(frac[2]) : undefined;
  return parseNumber(raw);
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** What the ConText layer says about a span, ignoring triggers that are part of this extractor's own cues. */
function assertionsOn(doc: PreparedDocument, span: Span, own: readonly Hit[], clause: Span, reportNotPlan = false, claims: readonly Hit[] = []): Set<string> {
  const out = new Set<string>();
  for (const a of doc.assertionsAt(span)) {
    if (a.direction === 'SECTION') {
      // "Follow-up: doing much better": the header names the visit, not the plan (see FUTURE_WORDS).
      if (reportNotPlan && a.category === 'hypothetical') continue;
    } else {
      const t = a.trigger.span;
      // A trigger in another clause ("could not sit for 15 minutes; she now sits through a class") or
      // inside one of this extractor's own cues ("not able to", "no longer needs") says nothing here.
      if (t.start < clause.start || t.end > clause.end) continue;
      if (own.some((h) => overlaps(h, t))) continue;
      // "He is not doing well and cannot work": the claim between the trigger and the span takes the
      // negation; it does not reach on to the next statement.
      if (claims.some((c) => (t.end <= c.start && c.end <= span.start) || (span.end <= c.start && c.end <= t.start))) continue;
      // "Her husband says she is much better": a relative who reports is not the one described.
      if (a.category === 'family' && t.end <= span.start && REPORTER.test(doc.lower.slice(t.end, t.end + 24))) continue;
    }
    out.add(a.category);
  }
  return out;
}

interface Draft {
  kind: FunctionalStatement['kind'];
  specific: boolean;
  activity?: string;
  measure?: { value: number; unit: string };
  device?: string;
  scale?: { name: string; from?: number; to?: number };
  negated: boolean;
  parts: Span[];
}

/**
 * Reads what a pain-management note says the patient can or cannot do, and whether an improvement claim
 * is specific enough to support medical necessity.
 *
 * - `improvement`: a better function. `specific` when it names an activity and a measure ("can now walk
 *   20 minutes"), a concrete capability ("sleeping through the night", "returned to work full duty",
 *   "no longer needs a cane") or a validated scale change with numbers ("ODI improved from 48% to 22%").
 * - `limitation`: a current restriction ("cannot sit longer than 30 minutes", "ambulates with a cane");
 *   `specific` when it names an activity and a measure, a device, or a total inability ("unable to walk",
 *   "has not been back to work"); a difficulty without one ("difficulty sleeping", "unable to walk long
 *   distances", "ADLs are limited") is not specific.
 * - `vague`: an improvement claim with no activity or measure ("doing well", "pain is better", "ADLs are
 *   increased", "Better."). A claim about the patient as a whole is its own statement ("doing much better,
 *   was able to go on a trip" is two); claims joined by "and" are one.
 *
 * A single disability scale score with no change ("ODI 44%") is a baseline, not a statement.
 *
 * A denied improvement ("no functional improvement", "walking has not improved") is reported as `vague`
 * with `negated: true`, never as `improvement`, so counting `kind === 'improvement'` never counts it. A
 * denied limitation ("denies difficulty walking") is not reported. Goals, plans and instructions ("will be
 * able to walk 30 minutes"), earlier function ("prior to the accident he could sit 10 hours") and other
 * people's function (family history) are not reported: they are not an observed change in this patient.
 * Exam manoeuvres ("heel and toe walk", "walks into clinic", "Gait: steady, no assistive device"),
 * "tolerated the procedure well", risks in a consent discussion, prognoses and aggravating-factor lists
 * ("worse with sitting") are not functional statements.
 *
 * @example
 * extractFunctionalStatements('She can now walk 20 minutes without a cane.');
 * // [{ kind: 'improvement', specific: true, activity: 'walking', measure: { value: 20, unit: 'minute' },
 * //    device: 'cane', negated: false, span: { start: 4, end: 42 }, text: 'can now walk 20 minutes without a cane' }]
 */
export function extractFunctionalStatements(input: string | PreparedDocument): FunctionalStatement[] {
  const doc = toDocument('extractFunctionalStatements', input);
  // Medical necessity reads functional impact from these statements too: one scan per document serves both.
  // Callers get their own array and their own fact objects, so no caller can change another's facts.
  let facts = CACHE.get(doc);
  if (!facts) {
    facts = scanFunctional(doc);
    CACHE.set(doc, facts);
  }
  return facts.map((f) => ({ ...f, span: { ...f.span }, ...(f.measure ? { measure: { ...f.measure } } : {}), ...(f.scale ? { scale: { ...f.scale } } : {}) }));
}

const CACHE = new WeakMap<PreparedDocument, FunctionalStatement[]>();

function scanFunctional(doc: PreparedDocument): FunctionalStatement[] {
  const hits: Hit[] = [];
  // A header names a section ("FUNCTIONAL ACTIVITIES/HOBBIES:", "WORK RESTRICTIONS:"); it states nothing.
  const headers = doc.sections.flatMap((s) => (s.headerSpan ? [s.headerSpan] : []));
  let k = 0;
  for (const m of scan(doc)) {
    while (k < headers.length && (headers[k]?.end ?? 0) <= m.start) k++;
    const h = headers[k];
    // ...except that a "GOALS:" or "INSTRUCTIONS:" header still marks its first sentence as not observed.
    if (h && m.end > h.start && m.entry.type !== 'suppress') continue;
    hits.push(m);
  }
  const out: FunctionalStatement[] = [];
  let hi = 0;
  for (const sentence of doc.sentences) {
    while (hi < hits.length && (hits[hi]?.start ?? 0) < sentence.start) hi++;
    const inSentence: Hit[] = [];
    let anchored = false;
    for (let j = hi; j < hits.length; j++) {
      const h = hits[j];
      if (!h || h.start >= sentence.end) break;
      if (h.end > sentence.end) continue;
      inSentence.push(h);
      if (h.type === 'activity' || h.type === 'device' || h.type === 'scale' || h.type === 'vague') anchored = true;
    }
    if (!anchored) continue;
    analyseSentence(doc, sentence.start, sentence.end, inSentence, out);
  }
  return out;
}

function clauses(lower: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  const slice = lower.slice(start, end);
  CLAUSE_BREAK.lastIndex = 0;
  let prev = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(slice)) !== null) {
    out.push({ start: start + prev, end: start + m.index });
    prev = m.index + m[0].length;
  }
  out.push({ start: start + prev, end });
  return out;
}

function analyseSentence(doc: PreparedDocument, start: number, end: number, hits: readonly Hit[], out: FunctionalStatement[]): void {
  const lower = doc.lower;
  const drafts: Draft[] = [];
  let previous: { draft: Draft; byCapability: boolean } | undefined;
  let previousSubject = false;
  let hi = 0;
  // Each ConText lookup walks its sentence's triggers, so a run-on "sentence" of thousands of clauses would
  // cost clauses x triggers; real sentences have a few clauses.
  for (const clause of clauses(lower, start, end).slice(0, MAX_CLAUSES)) {
    while (hi < hits.length && (hits[hi]?.start ?? Infinity) < clause.start) hi++;
    // A real clause holds a handful of phrases; the cap keeps a run-on "sentence" (a list flattened into one
    // line, or hostile input) linear.
    const own: Hit[] = [];
    for (let j = hi; j < hits.length && own.length < MAX_CLAUSE_HITS; j++) {
      const h = hits[j];
      if (!h || h.start >= clause.end) break;
      if (h.end <= clause.end) own.push(h);
    }
    const result = analyseClause(doc, clause, own, previousSubject);
    previousSubject = own.some((h) => h.type === 'subject');
    if (result) {
      previous = undefined;
      for (const d of result.drafts) {
        if (d === result.main) previous = { draft: d, byCapability: result.byCapability };
        drafts.push(d);
      }
      continue;
    }
    // "able to walk half a mile a day, but is limited by his knees": a restriction with no activity of its
    // own qualifies the ability just stated.
    if (previous && previous.byCapability && !previous.draft.negated) {
      const limit = own.find((h) => h.type === 'limit' && !assertionsOn(doc, h, own, clause).has('negated'));
      if (limit && !own.some((h) => h.type === 'activity' || h.type === 'device')) {
        previous.draft.kind = 'limitation';
        previous.draft.parts.push(spanOf(limit));
      }
    }
    previous = undefined;
  }
  // "the injection helped a lot and he is doing much better", "doing well and is walking 3 miles a day":
  // claims joined by "and" are one report; a comma lists separate ones ("doing a lot better, that she is
  // more active").
  let last: Draft | undefined;
  const merged: Draft[] = [];
  for (const d of drafts) {
    if (last && joinedClaims(lower, last, d)) {
      if (d.kind === 'improvement') {
        d.parts.push(...last.parts);
        merged[merged.length - 1] = d;
        last = d;
      } else last.parts.push(...d.parts);
      continue;
    }
    merged.push(d);
    last = d;
  }
  for (const d of merged) pushDraft(doc, d, out);
}

const CONTRAST = /[,;.:]|\b(?:but|however|although|though|yet|whereas)\b/;
const AND = /\band\b/;

/** Whether two neighbouring statements are one improvement report joined by "and". */
function joinedClaims(lower: string, a: Draft, b: Draft): boolean {
  const vagueA = a.kind === 'vague' && !a.negated;
  const vagueB = b.kind === 'vague' && !b.negated;
  const fits = (vagueA && vagueB) || (a.kind === 'vague' && b.kind === 'vague' && a.negated && b.negated) || (vagueA && b.kind === 'improvement') || (a.kind === 'improvement' && vagueB);
  if (!fits) return false;
  const from = Math.max(...a.parts.map((p) => p.end));
  const to = startOf(b);
  if (to < from || to - from > 40) return false;
  const between = lower.slice(from, to);
  return AND.test(between) && !CONTRAST.test(between);
}

function pushDraft(doc: PreparedDocument, d: Draft, out: FunctionalStatement[]): void {
  out.push(materialize(doc, d));
}

function materialize(doc: PreparedDocument, d: Draft): FunctionalStatement {
  let s = Infinity;
  let e = -1;
  for (const p of d.parts) {
    if (p.start < s) s = p.start;
    if (p.end > e) e = p.end;
  }
  // Field order as documented in FunctionalStatementSchema; optional fields only when known.
  return {
    kind: d.kind,
    specific: d.specific,
    ...(d.activity !== undefined ? { activity: d.activity } : {}),
    ...(d.measure ? { measure: d.measure } : {}),
    ...(d.device !== undefined ? { device: d.device } : {}),
    ...(d.scale ? { scale: d.scale } : {}),
    negated: d.negated,
    span: { start: s, end: e },
    text: doc.text.slice(s, e),
  };
}

interface ClauseResult {
  /** Every statement of the clause, left to right. */
  drafts: Draft[];
  /** The statement about an activity, device or scale, which a following restriction may qualify. */
  main?: Draft;
  byCapability: boolean;
}

const spanOf = (h: Span): Span => ({ start: h.start, end: h.end });
const startOf = (d: Draft) => Math.min(...d.parts.map((p) => p.start));

function analyseClause(doc: PreparedDocument, clause: Span, clauseHits: readonly Hit[], previousSubject: boolean): ClauseResult | undefined {
  const lower = doc.lower;
  if (!clauseHits.some((h) => h.type === 'activity' || h.type === 'device' || h.type === 'scale' || h.type === 'vague')) return undefined;
  if (clauseHits.some((h) => h.type === 'suppress')) return undefined;

  const standalone = clauseHits.filter((h) => h.type === 'vague' && h.entry.standalone === true);
  const section = doc.sectionAt(clause.start);
  const reportNotPlan = section !== undefined && FOLLOW_UP_NAME.test(section.name) && !FUTURE_WORDS.test(lower.slice(clause.start, clause.end));
  const ctx: ClauseContext = {
    doc,
    clause,
    previousSubject,
    negatedBy: (h: Span) => assertionsOn(doc, h, clauseHits, clause, reportNotPlan, standalone).has('negated'),
    // Goals, plans, speculation, earlier function and other people's function are not an observed change in
    // this patient.
    offRecord: (h: Span) => {
      // "Prior to the injections she could not sit...", "She was unable to ... before her rhizotomy": the
      // earlier function, unless the clause also says what holds now.
      const pastBefore = PAST_VERB.test(lower.slice(clause.start, h.start));
      if (clauseHits.some((e) => e.type === 'earlier' && (e.end <= h.start || (pastBefore && !clauseHits.some((n) => n.type === 'now'))))) return true;
      // "continued to work regular duty up until about a year ago": function that has since ended.
      if (clauseHits.some((e) => e.type === 'ended' && e.start >= h.end)) return true;
      const a = assertionsOn(doc, h, clauseHits, clause, reportNotPlan, standalone);
      return a.has('hypothetical') || a.has('historical') || a.has('family') || a.has('possible');
    },
  };

  // "doing much better, was able to go on a week-long trip": a claim about the patient as a whole is its own
  // statement, whatever else the clause says.
  const drafts: Draft[] = [];
  let hits = clauseHits;
  if (standalone.length) {
    for (const claim of standalone) {
      if (!claimHolds(ctx, hits, claim)) continue;
      drafts.push({ kind: 'vague', specific: false, negated: claim.entry.negated === true || ctx.negatedBy(claim), parts: [spanOf(claim)] });
    }
    hits = hits.filter((h) => h.type !== 'vague' || !h.entry.standalone);
  }
  const rest = hits.some((h) => h.type === 'activity' || h.type === 'device' || h.type === 'scale' || h.type === 'vague') ? mainStatement(ctx, hits) : undefined;
  if (rest) drafts.push(rest.draft, ...rest.extra);
  if (!drafts.length) return undefined;
  drafts.sort((x, y) => startOf(x) - startOf(y));
  return { drafts, ...(rest ? { main: rest.draft } : {}), byCapability: rest?.byCapability ?? false };
}

interface ClauseContext {
  readonly doc: PreparedDocument;
  readonly clause: Span;
  readonly previousSubject: boolean;
  readonly negatedBy: (h: Span) => boolean;
  readonly offRecord: (h: Span) => boolean;
}

/** Whether a bare improvement claim ("doing well", "pain is better") is an observed claim about function. */
function claimHolds(ctx: ClauseContext, hits: readonly Hit[], claim: Hit): boolean {
  const { clause } = ctx;
  const lower = ctx.doc.lower;
  if (ctx.offRecord(claim)) return false;
  if (hits.some((h) => h.type === 'subject')) return false;
  // "range of motion is still guarded, but much improved": a claim with no words before it in its clause
  // is about the previous clause's subject.
  if (ctx.previousSubject && lower.slice(clause.start, claim.start).trim() === '') return false;
  // "70% pain relief, function improved": a claim that names function as its subject is about function,
  // whatever pain figure shares its clause.
  const segmentStart = Math.max(clause.start, lower.lastIndexOf(',', claim.start) + 1);
  if (FUNCTION_SUBJECT.test(lower.slice(segmentStart, claim.end))) return true;
  return !PAIN_NUMBER.test(lower.slice(clause.start, clause.end));
}
const FUNCTION_SUBJECT = /\b(?:function|functioning|functional\s{1,2}(?:status|level|capacity)|adls?|activities\s{1,2}of\s{1,2}daily\s{1,2}living)\b/;

interface DeviceState {
  hit: Hit;
  free: boolean;
  strong: boolean;
  cue?: Hit;
}

function mainStatement(ctx: ClauseContext, clauseHits: readonly Hit[]): { draft: Draft; extra: Draft[]; byCapability: boolean } | undefined {
  const { doc, clause, negatedBy, offRecord } = ctx;
  const lower = doc.lower;
  let hits = clauseHits;
  const activities = hits.filter((h) => h.type === 'activity');
  const restricted = activities.length > 0 || hits.some((h) => h.type === 'limit');
  const devices = hits.filter((h) => h.type === 'device' && (restricted || h.entry.contextual !== true));
  const scales = hits.filter((h) => h.type === 'scale');
  const vague = hits.filter((h) => h.type === 'vague');
  const single = (draft: Draft, byCapability = false) => ({ draft, extra: [], byCapability });

  const scale = scales[0];
  if (scale) {
    const d = scaleStatement(doc, clause, hits, scale);
    if (d) return offRecord(scale) ? undefined : single(d);
  }

  // "does not walk much", "isn't sleeping": the negated verb is the restriction, so its "not" is a cue of
  // this extractor and negates nothing else in the clause.
  const notVerbs: Hit[] = [];
  for (const a of activities) {
    const from = Math.max(clause.start, a.start - 14);
    const m = NOT_BEFORE.exec(lower.slice(from, a.start));
    if (m) notVerbs.push({ start: from + m.index, end: a.start, type: 'limit', entry: NOT_VERB });
  }
  if (notVerbs.length) hits = [...hits, ...notVerbs];
  // "is walking 3 miles a day", "now sleeping 6 hours", "has been mowing the lawn": a progressive verb
  // states what the patient does now, the same as "able to".
  for (const a of activities) {
    const w = FIRST_WORD.exec(lower.slice(a.start, Math.min(a.end, a.start + 21)));
    if (!w || !w[0].endsWith('ing')) continue;
    const from = Math.max(clause.start, a.start - 12);
    const m = PROGRESSIVE_BEFORE.exec(lower.slice(from, a.start));
    if (m) hits = [...hits, { start: from + m.index, end: a.start, type: 'capability', entry: PROGRESSIVE }];
  }
  const limits = hits.filter((h) => h.type === 'limit');
  const changes = hits.filter((h) => h.type === 'change');
  const weak = hits.filter((h) => h.type === 'now');
  const capable = hits.filter((h) => h.type === 'capability');
  const independent = hits.filter((h) => h.type === 'independent');
  const freeCues = hits.filter((h) => h.type === 'device-free' || h.type === 'without');

  // Device state: "no longer needs a cane" / "without a cane" vs "ambulates with a cane". A device the
  // clause denies ("Gait: steady, no assistive device") is absent, the same as "without".
  const states: DeviceState[] = devices.map((dv) => {
    const cue = freeCues.find((c) => c.end <= dv.start && dv.start - c.end <= 24 && lower.slice(c.end, dv.start).trim().split(/\s+/).every((w) => w === '' || DEVICE_GAP_WORDS.has(w)));
    if (cue) return { hit: dv, free: true, strong: cue.type === 'device-free', cue };
    return { hit: dv, free: negatedBy(dv), strong: false };
  });
  // "walks without an assistive device and no longer uses the cane": a device given up outranks one in
  // use, which outranks one merely absent.
  const rank = (d: { free: boolean; strong: boolean }) => (d.strong ? 2 : d.free ? 0 : 1);
  let device: DeviceState | undefined;
  for (const state of states) if (!device || rank(state) > rank(device)) device = state;

  if (activities.length || device) {
    const measures = readMeasures(lower, clause.start, clause.end);
    // Pick the activity: the one a compatible measure belongs to, else a concrete task, else the first.
    let activity: Hit | undefined;
    let measure: Measure | undefined;
    const pairs: { a: Hit; m: Measure }[] = [];
    for (const m of measures) {
      let best: Hit | undefined;
      let bestDist = Infinity;
      for (const a of activities) {
        const id = a.entry.activity ?? '';
        const allowed = UNIT_ACTIVITIES[m.unit];
        if (allowed && !allowed.includes(id)) continue;
        const dist = a.end <= m.start ? m.start - a.end : a.start >= m.end ? (a.start - m.end) * 1.5 : 0;
        if (dist < bestDist && dist <= 60) {
          best = a;
          bestDist = dist;
        }
      }
      if (best) {
        pairs.push({ a: best, m });
        // "improved from 20 minutes to 1 hour": the measure after "to" is the current one.
        if (activity === best && measure && /\bto\b/.test(lower.slice(measure.end, m.start))) measure = m;
        if (!activity) {
          activity = best;
          measure = m;
        }
      }
    }
    // Without a measure: a concrete task, else the activity nearest the word that decides the statement
    // ("Working with PT, she was able to ambulate with minimal assistance" is about walking).
    if (!activity) {
      const deciders = hits.filter((h) => h.type === 'limit' || h.type === 'device' || h.type === 'change' || h.type === 'now' || h.type === 'capability');
      const distance = (a: Hit) => Math.min(...deciders.map((d) => (d.end <= a.start ? a.start - d.end : d.start >= a.end ? d.start - a.end : 0)));
      activity = activities.find((a) => a.entry.concrete);
      if (!activity && activities.length) activity = deciders.length ? [...activities].sort((x, y) => distance(x) - distance(y))[0] : activities[0];
    }
    const concrete = activity?.entry.concrete === true;
    const anchor: Hit | undefined = activity ?? device?.hit;
    if (anchor && !offRecord(anchor)) {
      const parts: Span[] = [spanOf(anchor)];
      // "returned to work full duty", "climb one flight of stairs": neighbouring words of the same activity
      // belong to the evidence.
      for (const a of activities) {
        if (a === anchor || a.entry.activity !== activity?.entry.activity) continue;
        const gap = a.start >= anchor.end ? a.start - anchor.end : anchor.start - a.end;
        if (gap >= 0 && gap <= 4) parts.push(spanOf(a));
      }
      if (measure) parts.push(spanOf(measure));
      const use = (h: Hit | undefined) => {
        if (h) parts.push(spanOf(h));
      };
      // "walks 1 block before stopping" is a tolerance: a limit on its own, but the measure of a gain when the
      // sentence says it is new ("is now able to walk 2 blocks before stopping").
      const gain = changes.length > 0 || weak.length > 0;
      const counted = gain ? limits.filter((h) => h.entry.tolerance !== true) : limits;
      const liveLimit = counted.filter((h) => !negatedBy(h) && (measure !== undefined || h.entry.needsMeasure !== true));
      const negatedLimit = counted.length > 0 && liveLimit.length === 0;
      const deviceUsed = device && !device.free ? device : undefined;
      const deviceFree = device && device.free ? device : undefined;

      const base = {
        ...(activity ? { activity: activity.entry.activity } : {}),
        ...(measure ? { measure: { value: measure.value, unit: measure.unit } } : {}),
        ...(device ? { device: idOf(device.hit.entry) } : {}),
      };
      if (device) use(device.hit);

      // A second statement in the same clause: another activity with its own measure or a concrete task
      // ("mowing the lawn and walking the dog 2 miles daily"), or another device in use ("uses a rolling walker
      // for community distances, cane at home"). Only across a list separator, so "sit through a full work
      // shift of 8 hours" stays one statement.
      const between = (x: Span, y: Span) => (x.start >= y.end ? lower.slice(y.end, x.start) : lower.slice(x.end, y.start));
      const extras = (kind: 'improvement' | 'limitation'): Draft[] => {
        const out: Draft[] = [];
        const seen = new Set<string>([activity?.entry.activity ?? '']);
        for (const a of activities) {
          const id = a.entry.activity ?? '';
          const m = pairs.find((p) => p.a === a && p.m !== measure)?.m;
          if (seen.has(id) || (!a.entry.concrete && !m) || !LIST_SEPARATOR.test(between(a, anchor)) || offRecord(a)) continue;
          seen.add(id);
          out.push({ kind, specific: true, activity: id, ...(m ? { measure: { value: m.value, unit: m.unit } } : {}), negated: false, parts: m ? [spanOf(a), spanOf(m)] : [spanOf(a)] });
        }
        if (kind === 'limitation' && deviceUsed) {
          const seenDevices = new Set<string>([idOf(deviceUsed.hit.entry)]);
          for (const st of states) {
            const id = idOf(st.hit.entry);
            if (st.free || seenDevices.has(id) || !between(st.hit, deviceUsed.hit).includes(',')) continue;
            seenDevices.add(id);
            out.push({ kind, specific: true, device: id, negated: false, parts: [spanOf(st.hit)] });
          }
        }
        return out;
      };

      // Evidence of the main statement stops at the other statement's words: in "has been mowing the lawn and
      // walking the dog 2 miles", "been" belongs to the lawn.
      const trim = (ps: Span[], others: readonly Draft[]) =>
        ps.filter((p) => others.every((o) => {
          const at = o.parts[0];
          if (!at || p === ps[0]) return true;
          return at.start < anchor.start ? p.start >= at.end : p.end <= at.start;
        }));

      // "He no longer wakes up at night", "no longer off work": a restriction that has ended.
      const reversal = hits.find((h) => h.type === 'reversal');
      if (reversal && activity && reversal.end <= activity.start && (activity.entry.implies === 'limitation' || liveLimit.some((h) => h.start >= reversal.end))) {
        use(reversal);
        return single({ kind: 'improvement', specific: Boolean(measure || concrete || activity.entry.implies === 'limitation'), ...base, negated: false, parts });
      }
      // A limitation: a restriction cue, a negated activity verb, a device in use, or a restricting phrase.
      if (liveLimit.length || deviceUsed || activity?.entry.implies === 'limitation') {
        use(liveLimit[0]);
        // "unable to walk", "avoids stairs": a total inability is specific; "unable to walk long distances"
        // or "cannot lift heavy objects" is a difficulty without a measure.
        const totalCue = liveLimit.find((h) => h.entry.specific === true);
        const limitExtras = extras('limitation');
        const total = totalCue !== undefined && !hits.some((h) => h.type === 'partial' && h.start >= totalCue.start);
        return {
          draft: { kind: 'limitation', specific: Boolean(measure || deviceUsed || total || (concrete && activity?.entry.implies === 'limitation')), ...base, negated: false, parts: trim(parts, limitExtras) },
          extra: limitExtras,
          byCapability: false,
        };
      }
      if (negatedLimit && !changes.length && !vague.length) return undefined; // "denies difficulty walking"

      // "has not been back to work", "not sleeping through the night": a denied capability is a restriction.
      if (activity?.entry.implies === 'improvement' && negatedBy(activity)) {
        return single({ kind: 'limitation', specific: true, ...base, negated: false, parts });
      }
      // A change word ("now", "again", "better") shows that a device left behind or help no longer needed is
      // new; without one it is a status ("independent with ambulation without assistive device").
      const nowish = weak.length > 0 || changes.length > 0;
      const deviceDropped = deviceFree !== undefined && (deviceFree.strong || nowish);
      const independentNow = independent.length > 0 && nowish;
      const strongChange = changes.length > 0 || vague.length > 0 || deviceFree?.strong === true || activity?.entry.implies === 'improvement';
      const weakChange = weak.length > 0 || capable.length > 0 || deviceFree !== undefined;
      const supported = Boolean(measure) || concrete || deviceDropped || independentNow;
      if (strongChange || (weakChange && supported)) {
        const cues = [...changes, ...vague, ...weak, ...capable];
        const negated = cues.some((h) => h.entry.negated === true || negatedBy(h)) || (activity !== undefined && negatedBy(activity));
        for (const c of cues) use(c);
        if (independentNow) for (const c of independent) use(c);
        if (deviceFree?.cue) use(deviceFree.cue);
        if (negated) return single({ kind: 'vague', specific: false, ...base, negated: true, parts });
        // "ADLs are increased", "mobility has improved": function in general, not an activity.
        if (activity?.entry.generic === true && !supported) return single({ kind: 'vague', specific: false, ...base, negated: false, parts });
        const more = extras('improvement');
        return {
          draft: { kind: 'improvement', specific: supported, ...base, negated: false, parts: trim(parts, more) },
          extra: more,
          byCapability: !changes.length && !vague.length && !weak.length && !deviceFree?.strong,
        };
      }
    }
    if (activities.length && !vague.length) return undefined;
  }

  // A bare improvement claim: "pain is better", "no functional improvement".
  const claim = vague[0];
  if (!claim || !claimHolds(ctx, hits, claim)) return undefined;
  return single({ kind: 'vague', specific: false, negated: claim.entry.negated === true || negatedBy(claim), parts: vague.map(spanOf) });
}

function scaleStatement(doc: PreparedDocument, clause: Span, hits: readonly Hit[], scale: Hit): Draft | undefined {
  const lower = doc.lower;
  const windowEnd = Math.min(clause.end, scale.end + 60);
  const slice = lower.slice(scale.end, windowEnd);
  const numbers: { value: number; start: number; end: number; points: boolean }[] = [];
  SCALE_NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCALE_NUMBER.exec(slice)) !== null && numbers.length < 2) {
    numbers.push({ value: Number(m[1]), start: scale.end + m.index, end: scale.end + m.index + m[0].length, points: Boolean(m[3]) });
  }
  const name = idOf(scale.entry);
  const better = scale.entry.better ?? 'lower';
  const changes = hits.filter((h) => (h.type === 'change' || h.type === 'vague') && h.start >= clause.start && h.end <= clause.end);
  const parts: Span[] = [{ start: scale.start, end: scale.end }];
  const worse = /\b(?:worse|worsened|increased|rose|went up)\b/.test(lower.slice(clause.start, clause.end));
  const lowerWords = /\b(?:decreased|down|dropped|fell|reduced|lower)\b/.test(lower.slice(clause.start, clause.end));
  const [first, second] = numbers;
  if (!first || first.points) {
    if (!changes.length && !lowerWords && !worse) return undefined;
    for (const n of numbers) parts.push(n);
    for (const c of changes) parts.push(c);
    const specific = numbers.length > 0;
    if (worse) return { kind: 'limitation', specific, scale: { name }, negated: false, parts };
    return { kind: 'improvement', specific, scale: { name }, negated: false, parts };
  }
  for (const n of numbers) parts.push(n);
  if (second) {
    // "ODI today 28%, previously 56%": the later number is the earlier score.
    const reversed = /\b(?:previously|prior|before|was|last\s+visit)\b/.test(lower.slice(first.end, second.start));
    const from = reversed ? second.value : first.value;
    const to = reversed ? first.value : second.value;
    const improved = better === 'lower' ? to < from : to > from;
    return { kind: improved ? 'improvement' : 'limitation', specific: true, scale: { name, from, to }, negated: false, parts };
  }
  const to = first.value;
  // "ODI 44%": a single score is a baseline, not a change in function (corpora/ANNOTATION.md).
  if (!changes.length && !lowerWords && !worse) return undefined;
  for (const c of changes) parts.push(c);
  const improved = (changes.length > 0 || lowerWords) && !worse;
  return { kind: improved ? 'improvement' : 'limitation', specific: true, scale: { name, to }, negated: false, parts };
}
