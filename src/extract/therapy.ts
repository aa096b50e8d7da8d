import { z } from 'zod';
import modalitiesData from '../../lexicons/therapy-modalities.json';
import drugsData from '../../lexicons/therapy-drugs.json';
import statusCuesData from '../../lexicons/therapy-status-cues.json';
import outcomeCuesData from '../../lexicons/therapy-outcome-cues.json';
import exclusionsData from '../../lexicons/therapy-exclusions.json';
import { THERAPY_MODALITIES, type Span, type TherapyMention, type TherapyModality } from '../facts.js';
import { entryBase, loadLexicon, TermMatcher, termsField, needsTerms, patternHasStartsWith } from '../lexicon.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { NUMBER_SOURCE, QUANTITY_SOURCE, durationToWeeks, parseNumber, round } from './numbers.js';
import { findDates, weeksBetween } from './dates.js';

type Status = TherapyMention['status'];
type Outcome = NonNullable<TherapyMention['outcome']>;


const therapyModalities = loadLexicon(
  'therapy-modalities',
  modalitiesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      modality: z.enum(THERAPY_MODALITIES),
      // Abbreviations that are also common words or lab names ("Pt states", "tens of"): upper case only.
      caseSensitive: z.boolean().optional(),
      // A class word ("NSAIDs", "conservative treatment") that a list of specific therapies may follow.
      level: z.literal('class').optional(),
      // A term that carries its own verb ("avoiding heavy lifting", "avoid bending") carries its tense:
      // the status when no cue, section or outcome says otherwise.
      impliedStatus: z.enum(['tried', 'current', 'planned']).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const therapyDrugs = loadLexicon(
  'therapy-drugs',
  drugsData,
  // The id is the normalized generic name reported as `drug`; terms hold the generic and brand names.
  z.object({ ...entryBase, modality: z.enum(THERAPY_MODALITIES), terms: z.array(z.string().min(1)).min(1) }),
);

const DIRECTIONS = ['before', 'after', 'both'] as const;

const therapyStatusCues = loadLexicon(
  'therapy-status-cues',
  statusCuesData,
  z
    .object({ ...entryBase, ...termsField, status: z.enum(['tried', 'current', 'planned', 'declined', 'not-tried']), direction: z.enum(DIRECTIONS) })
    .refine(needsTerms, 'an entry needs terms or a pattern'),
);

const therapyOutcomeCues = loadLexicon(
  'therapy-outcome-cues',
  outcomeCuesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // "none" marks phrases that look like an outcome but state none ("no side effects", "for pain relief").
      outcome: z.enum(['failed', 'partial', 'effective', 'not-tolerated', 'unknown', 'none']),
      direction: z.enum(DIRECTIONS),
      // "Percocet helps" (present tense) says the therapy is still in use; "Percocet helped" does not.
      tense: z.literal('present').optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern'),
);

const therapyExclusions = loadLexicon(
  'therapy-exclusions',
  exclusionsData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // term: a longer phrase that wins over the therapy term at the same place ("PT/PTT", "uterine massage");
      // window: a word within WINDOW characters of the mention that voids it ("IV Toradol", "allergic to").
      scope: z.enum(['term', 'window']),
      // Modality names, term entry ids, or "drug" (every pharmacologic mention); all mentions when absent.
      appliesTo: z.array(z.string()).optional(),
      // Where a window word must stand: "allergic to codeine" voids codeine, "codeine ... allergies to
      // multiple medications" does not.
      direction: z.enum(DIRECTIONS).optional(),
      // The word must stand next to the mention, with only list words between ("acetaminophen and
      // salicylate levels" is a lab; "gabapentin, activity level improved" is not).
      adjacent: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

// ---------------------------------------------------------------------------------------------------------

type TermEntry =
  | { kind: 'modality'; id: string; example: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; modality: TherapyModality; caseSensitive: boolean; isClass: boolean; impliedStatus?: Status | undefined }
  | { kind: 'drug'; id: string; example: string; terms: string[]; modality: TherapyModality }
  | { kind: 'exclusion'; id: string; example: string; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined };

type CueEntry =
  | { kind: 'status'; id: string; example: string; terms?: string[] | undefined; pattern?: string | undefined; status: Status; direction: (typeof DIRECTIONS)[number] }
  | { kind: 'outcome'; id: string; example: string; terms?: string[] | undefined; pattern?: string | undefined; outcome: Outcome | 'none'; direction: (typeof DIRECTIONS)[number]; tense?: 'present' | undefined }
  | { kind: 'window'; id: string; example: string; terms?: string[] | undefined; pattern?: string | undefined; appliesTo: readonly string[] | undefined; direction: (typeof DIRECTIONS)[number]; adjacent: boolean };

const termEntries: TermEntry[] = [
  ...therapyModalities.entries.map((e): TermEntry => ({ kind: 'modality', id: e.id, example: e.example, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, modality: e.modality, caseSensitive: e.caseSensitive ?? false, isClass: e.level === 'class', impliedStatus: e.impliedStatus })),
  ...therapyDrugs.entries.map((e): TermEntry => ({ kind: 'drug', id: e.id, example: e.example, terms: e.terms, modality: e.modality })),
  ...therapyExclusions.entries.filter((e) => e.scope === 'term').map((e): TermEntry => ({ kind: 'exclusion', id: e.id, example: e.example, terms: e.terms, pattern: e.pattern, startsWith: e.startsWith })),
];
const cueEntries: CueEntry[] = [
  ...therapyStatusCues.entries.map((e): CueEntry => ({ kind: 'status', ...e })),
  ...therapyOutcomeCues.entries.map((e): CueEntry => ({ kind: 'outcome', ...e })),
  ...therapyExclusions.entries.filter((e) => e.scope === 'window').map((e): CueEntry => ({ kind: 'window', id: e.id, example: e.example, terms: e.terms, pattern: e.pattern, appliesTo: e.appliesTo, direction: e.direction ?? 'both', adjacent: e.adjacent ?? false })),
];

// Patterns name the words they can start with (`startsWith`), so each is tried only where one stands.
const termMatcher = new TermMatcher(termEntries);
const cueMatcher = new TermMatcher(cueEntries);

const PHARMACOLOGIC = new Set<TherapyModality>(['nsaid', 'acetaminophen', 'muscle-relaxant', 'neuropathic-medication', 'opioid']);

/** Longest stretch of one sentence analysed at once, and the context kept around a piece of a longer one. */
const MAX_SPAN = 600;
const PIECE_MARGIN = 150;
/** How far (characters) a window exclusion reaches from the mention. */
const WINDOW = 60;
/** How far a status cue after the therapy may stand ("PT 2x/week was ordered"). */
const AFTER_STATUS_REACH = 50;

// Clause breaks: a cue on the other side of "but" or a semicolon speaks about something else.
const CLAUSE_BREAK = /;|\b(?:but|however|although|though|whereas|while|except|yet)\b/gi;
// Words that may stand between two therapies of one list ("tried PT, chiropractic, and acupuncture").
const CONNECTORS = new Set(
  'and or as well plus including include includes included such like also both either nor then the a an of multiple various several some other unit units treatment treatments therapy care medication medications medicine medicines drugs drug patch patches gel cream tablet tablets tab tabs mg mcg g ml cc po p o bid tid qid qd qhs hs h q daily nightly prn r n b i d t s etc e with'.split(' '),
);
const GAP_WORD = /[\p{L}]+|\d+/gu;
// Up to a few short words may come before the list word ("conservative care, which included").
const SPECIFICS_FOLLOW = /^\s*[,(]?[a-z\s-]{0,48}?(?<![a-z])(?:including|include|includes|included|consisting\s+of|such\s+as|like|e\.g\.|i\.e\.|namely|:)/i;
// How often sessions happen ("massage twice a month", "PT 2x/week", "home exercises daily"): a routine.
const FREQUENCY = /\b(?:once|twice|(?:three|four|five|\d{1,2})\s{0,2}(?:x|times))\s{0,2}(?:a|per|each|\/)\s{0,2}(?:day|week|wk|month|mo)\b|\b(?:daily|nightly|weekly|biweekly|monthly|(?:every|each)\s{1,2}(?:other\s{1,2})?(?:day|night|morning|evening|week|month))\b/i;
// The words right before a therapy that except it from a negation: "has not tried any medications
// other than ibuprofen", "no treatment except a brace".
const EXCEPTED_BEFORE = /\b(?:other\s{1,2}than|except(?:\s{1,2}for)?|besides|aside\s{1,2}from|apart\s{1,2}from|save\s{1,2}for|with\s{1,2}the\s{1,2}exception\s{1,2}of)\s{1,2}(?:(?:a|an|the|some|his|her|occasional|OTC|over-the-counter)\s{1,2})?$/i;
// Words between a therapy and its outcome that make the outcome a clause of its own ("massage twice a
// month, which did help") rather than the therapy's own predicate ("Acetaminophen 1 g t.i.d. has not
// helped").
// A gap that continues a list of objects after a leading outcome ("... PT and 2 months of chiropractic").
const LIST_CONTINUES = /^\s{0,2}(?:,|\(|and\b|or\b)[^.;:]{0,40}$/i;
// Degree and time words that make an effect partial when they follow it closely.
const PARTIAL_QUALIFIER = /^[^.;,]{0,25}?\b(?:somewhat|some|a\s{1,2}little|a\s{1,2}bit|slightly|initially|at\s{1,2}first|at\s{1,2}the\s{1,2}beginning)\b/i;
const OUTCOME_APART = /[,;(]|\b(?:which|that|and|but)\b/i;
const DOSING = /\b(?:daily|nightly|b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|q\.?h\.?s|q\s?\d{1,2}\s?h|q\.\d{1,2}h|times\s+(?:a|per)\s+day|times\s+daily|at\s+bedtime|every\s+\d{1,2}\s+hours)\b/i;

// A therapy lasts days to years: hours and minutes are how long relief lasted, not the course. The unit
// must stand apart from a quantity word, so "for and" is not "an" + "d".
const DURATION_SOURCE = `(?<dA>${NUMBER_SOURCE}|${QUANTITY_SOURCE})(?:\\s?(?:-|to|–)\\s?(?<dB>${NUMBER_SOURCE}))?(?:[\\s-]{1,2}|(?<=\\d))(?<dU>weeks|week|wks\\.?|wk\\.?|months|month|mos\\.?|mo\\.?|years|year|yrs|yr|days|day)(?![\\p{L}])`;
// "6 weeks of PT", and the shorthand with the duration glued to the name: "6 wk PT", "completed 10 weeks PT".
const DURATION_BEFORE = new RegExp(
  `(?:${DURATION_SOURCE})[\\s-]{0,2}(?:(?:(?:course|trial|program|period|block|history)\\s{1,2})?(?:of|in|with)\\s{1,2}(?:[a-z]{1,15}\\s{1,2}){0,2})?$`,
  'iu',
);
const DISTRIBUTIVE_BEFORE = /\b(?:both|all|each)(?:\s{1,2}of\s{1,2}(?:which|these|them|those|the\s{1,2}above))?\s{0,2}(?:(?:have|has|had|were|was)\s{1,2})?$/i;
// "Over the past 2 years she has tried physical therapy, chiropractic care and gabapentin": a period
// opening the clause dates the trials it introduces (and, read per list, every item of it). Only a few
// words may stand between, so a period that dates the pain ("for the past 2 years she has had back pain
// and tried PT") does not reach the therapy.
const DURATION_LEADING = new RegExp(`(?:over|for|during|in|within)\\s{1,2}the\\s{1,2}(?:past|last|previous|prior)\\s{1,2}(?:${DURATION_SOURCE}),?\\s{1,2}(?:[a-z]{1,15}\\s{1,2}){1,4}$`, 'iu');
// "Started PT 2 weeks ago": the course has run from then to the note, so its length so far is known.
const STARTED_BEFORE = /\b(?:started|starting|began|begun|initiated|commenced)\s{1,2}(?:on\s{1,2})?(?:[a-z]{1,15}\s{1,2})?$/i;
const AGO_AFTER = new RegExp(`^\\s{0,2}(?:(?:about|approximately|approx\\.?|around|roughly|nearly|almost)\\s{1,2})?(?:${DURATION_SOURCE})\\s{0,2}ago\\b`, 'iu');
const DURATION_AFTER = new RegExp(
  `^(?:[^.;]{0,40}?(?:\\b(?:for|x|×|over|lasting|during)|\\()|[ \\t]{0,2}(?=\\d))\\s{0,2}(?:(?:about|approximately|approx\\.?|around|roughly|nearly|almost|over|another|an\\s+additional|the\\s+past|the\\s+last|past|last)\\s{1,2})?(?:${DURATION_SOURCE})(?![\\p{L}\\p{N}])(?!\\s{0,2}ago)`,
  'iu',
);
const LIMITED_EFFECT = new RegExp(`^\\s{0,2}(?:only\\s{1,2})?for\\s{1,2}(?:(?:about|approximately|around|roughly)\\s{1,2})?(?:${NUMBER_SOURCE}|${QUANTITY_SOURCE})(?:\\s{1,2}(?:or|to|-)\\s{1,2}(?:${NUMBER_SOURCE}))?\\s{1,2}(?:hours?|days?|weeks?|months?)\\b`, 'iu');
const PAST_AFTER = /^[^.;]{0,40}?\b(?:for|over|during|in)\s{1,2}(?:the\s{1,2})?(?:past|last|previous)\s{1,2}(?<pU>week|month|year)\b/i;
const VISIT_UNIT = '(?:visits|sessions|treatments|appointments|occasions|times)';
const VISITS_BEFORE = new RegExp(`(?<vA>${NUMBER_SOURCE})(?:\\s{0,2}(?:-|to|or)\\s{0,2}(?<vB>${NUMBER_SOURCE}))?\\s{1,2}(?:[a-z]{1,15}\\s{1,2})?${VISIT_UNIT}\\s{1,2}(?:of|with|at)\\s{1,2}(?:[a-z]{1,15}\\s{1,2}){0,2}$`, 'iu');
const VISITS_AFTER = new RegExp(`^[^.;]{0,40}?(?<![\\p{L}\\p{N}])(?:x\\s{0,2})?(?<vA>${NUMBER_SOURCE})(?:\\s{0,2}(?:-|to|or)\\s{0,2}(?<vB>${NUMBER_SOURCE}))?\\s{1,2}(?:[a-z]{1,15}\\s{1,2})?${VISIT_UNIT}(?!\\s{0,2}(?:(?:per|a|an|each|daily|nightly|weekly|monthly)\\b|/))`, 'iu');
const NUMBER_AT_END = new RegExp(`(?<![\\p{L}\\p{N}])(?<vA>${NUMBER_SOURCE})\\s{1,2}$`, 'iu');
const VISIT_AT_START = new RegExp(`^\\s{0,2}${VISIT_UNIT}(?![\\p{L}])(?!\\s{0,2}(?:(?:per|a|an|each|daily|nightly|weekly|monthly)\\b|/))`, 'iu');
const DATE_PHRASE_END = /[,;]|\b(?:and|but|which|who|then|ultimately|subsequently|after|before)\b/i;
// Commas stay inside a date that leads the sentence ("December 4, 2000: He was seen for PT").
const DATE_PHRASE_START_GLOBAL = /[;]|\b(?:and|but|which|who|then|ultimately|subsequently|after|before)\b/gi;

function lastMatch(re: RegExp, s: string): number | undefined {
  re.lastIndex = 0;
  let end: number | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) end = m.index + m[0].length;
  return end;
}
const RANGE_JOIN = /^\s*(?:to|through|thru|until|till|-|–)\s*$/i;
const END_WORD = /\b(?:until|till|through|thru|ended|ending|stopped|discontinued)\s*$/i;

interface Mention {
  start: number;
  end: number;
  entry: Extract<TermEntry, { kind: 'modality' } | { kind: 'drug' }>;
  modality: TherapyModality;
  drug?: string;
  // Named inside a procedure section: reported only when its own words give it a history.
  inProcedure?: boolean;
}
interface Cue {
  start: number;
  end: number;
  entry: CueEntry;
}

/** Binary search over sorted, non-overlapping spans. */
function overlapsAny(spans: readonly Span[], s: Span): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = spans[mid];
    if (!x) return false;
    if (x.end <= s.start) lo = mid + 1;
    else if (x.start >= s.end) hi = mid - 1;
    else return true;
  }
  return false;
}

function isUpperAbbreviation(text: string): boolean {
  const word = /^[A-Za-z.]+/.exec(text)?.[0] ?? '';
  return word.length > 0 && word === word.toUpperCase();
}

function applies(list: readonly string[] | undefined, m: Mention): boolean {
  if (!list) return true;
  return list.some((a) => a === m.entry.id || a === m.modality || (a === 'drug' && PHARMACOLOGIC.has(m.modality)));
}

/** `text[from, to)` with the therapy mentions in it blanked out. */
function withoutMentions(text: string, from: number, to: number, mentions: readonly Mention[]): string {
  let out = '';
  let cursor = from;
  for (const m of mentions) {
    if (m.start < from || m.end > to) continue;
    out += text.slice(cursor, m.start) + ' ';
    cursor = m.end;
  }
  return out + text.slice(cursor, to);
}

function gapIsList(raw: string, skipParentheticals = false): boolean {
  // In an allergy list a short parenthetical ("morphine (itching) and Percocet") is the reaction; in a
  // treatment history it is the outcome ("PT (no relief), chiropractic (helpful)") and ends the item.
  const text = skipParentheticals ? raw.replace(/\([^()]{0,30}\)/g, ' ') : raw;
  if (text.length > 80) return false;
  if (/[;:]/.test(text)) return false;
  GAP_WORD.lastIndex = 0;
  let w: RegExpExecArray | null;
  while ((w = GAP_WORD.exec(text)) !== null) {
    const word = w[0].toLowerCase();
    if (/^\d+$/.test(word)) continue;
    if (!CONNECTORS.has(word)) return false;
  }
  return true;
}

/** Reads the duration, visit count and dates that stand next to one list of therapies. */
function readQuantities(doc: PreparedDocument, before: Span, after: Span, termText: string) {
  const text = doc.text;
  const pre = text.slice(before.start, before.end);
  const post = text.slice(after.start, after.end);
  const spans: Span[] = [];
  let durationWeeks: number | undefined;
  let visits: number | undefined;

  const db = DURATION_BEFORE.exec(pre);
  if (db?.groups?.dA && db.groups.dU) {
    durationWeeks = durationToWeeks(db.groups.dA, db.groups.dB, db.groups.dU);
    spans.push({ start: before.start + db.index, end: before.end });
  } else if (STARTED_BEFORE.test(pre) && AGO_AFTER.test(post)) {
    const ago = AGO_AFTER.exec(post);
    if (ago?.groups?.dA && ago.groups.dU) {
      durationWeeks = durationToWeeks(ago.groups.dA, ago.groups.dB, ago.groups.dU);
      spans.push({ start: after.start, end: after.start + ago[0].length });
    }
  } else {
    const da = DURATION_AFTER.exec(post);
    const dl = da ? null : DURATION_LEADING.exec(pre);
    if (da?.groups?.dA && da.groups.dU) {
      durationWeeks = durationToWeeks(da.groups.dA, da.groups.dB, da.groups.dU);
      spans.push({ start: after.start, end: after.start + da[0].length });
    } else if (dl?.groups?.dA && dl.groups.dU) {
      durationWeeks = durationToWeeks(dl.groups.dA, dl.groups.dB, dl.groups.dU);
      spans.push({ start: before.start + dl.index, end: before.end });
    }
  }

  const vb = VISITS_BEFORE.exec(pre);
  const va = vb ? null : VISITS_AFTER.exec(post);
  const vm = vb ?? va;
  if (vm?.groups?.vA) {
    const n = parseNumber(vm.groups.vA);
    // "eight or nine visits": at least eight were documented.
    if (n !== undefined) visits = Math.floor(n);
    spans.push(vb ? { start: before.start + vb.index, end: before.end } : { start: after.start, end: after.start + vm[0].length });
  } else if (/(?:sessions|visits)$/i.test(termText) || VISIT_AT_START.test(post)) {
    const nb = NUMBER_AT_END.exec(pre);
    const n = nb?.groups?.vA ? parseNumber(nb.groups.vA) : undefined;
    if (nb && n !== undefined) {
      visits = Math.floor(n);
      spans.push({ start: before.start + nb.index, end: before.end });
    }
  }

  let dates: { start?: string; end?: string } | undefined;
  // A date belongs to the therapy only inside its own phrase: "tried PT without benefit and came to a
  // decompression in November 2002" dates the surgery.
  const postCut = DATE_PHRASE_END.exec(post);
  const preCut = lastMatch(DATE_PHRASE_START_GLOBAL, pre);
  const found = [...findDates(text, preCut === undefined ? before.start : before.start + preCut, before.end), ...findDates(text, after.start, postCut ? after.start + postCut.index : after.end)].sort((a, b) => a.start - b.start);
  const first = found[0];
  if (first) {
    const second = found[1];
    if (second && RANGE_JOIN.test(text.slice(first.end, second.start).replace(/^\s*from\s*/i, ''))) {
      dates = { start: first.iso, end: second.iso };
      spans.push({ start: first.start, end: second.end });
      if (durationWeeks === undefined) durationWeeks = weeksBetween(first.iso, second.iso);
    } else {
      const lead = text.slice(Math.max(before.start, first.start - 12), first.start);
      dates = END_WORD.test(lead) ? { end: first.iso } : { start: first.iso };
      spans.push({ start: first.start, end: first.end });
    }
  }

  // "over the past year": one unit. (wink-nlp's DURATION entities were tried here, on therapy sentences
  // with a time word the regex had not read: they cost 1-2 ms a call and found nothing this does not.)
  if (durationWeeks === undefined && !dates) {
    const pa = PAST_AFTER.exec(post);
    if (pa?.groups?.pU) {
      durationWeeks = durationToWeeks('1', undefined, pa.groups.pU);
      spans.push({ start: after.start, end: after.start + pa[0].length });
    }
  }
  return { durationWeeks, visits, dates, spans };
}

/**
 * Finds conservative (non-interventional) therapies in a pain-management note: physical therapy, home
 * exercise, NSAIDs and other analgesic drug classes (brand and generic names), chiropractic, acupuncture,
 * activity modification, massage, TENS, bracing, CBT and the generic "conservative therapy", with what
 * happened to each (tried, current, planned, declined, not tried), its outcome, duration, visit count
 * and dates.
 *
 * Not reported: PT/PTT/INR lab values, occupational, radiation, respiratory and psychotherapy, obstetric
 * massage, allergy lists, family history, drugs given during a procedure (IV Toradol, injectate), a drug
 * named as a lab value or a poisoning ("acetaminophen level"), braces removed or applied in surgery, and
 * general patient education ("NSAIDs can be helpful").
 * @example
 * extractConservativeTherapy('He completed 6 weeks of PT without relief. Failed ibuprofen and Flexeril.');
 * // [{ modality: 'physical-therapy', status: 'tried', outcome: 'failed', durationWeeks: 6, ... },
 * //  { modality: 'nsaid', status: 'tried', outcome: 'failed', drug: 'ibuprofen', ... },
 * //  { modality: 'muscle-relaxant', status: 'tried', outcome: 'failed', drug: 'cyclobenzaprine', ... }]
 */
export function extractConservativeTherapy(input: string | PreparedDocument): TherapyMention[] {
  const doc = toDocument('extractConservativeTherapy', input);
  const text = doc.text;

  // One linear scan over the whole note for therapy terms, drug names and term-level exclusions.
  const bySentence = new Map<number, Mention[]>();
  const termSpans: Span[] = [];
  for (const m of termMatcher.matches(doc.lower, doc.tokens)) {
    const e = m.entry;
    termSpans.push({ start: m.start, end: m.end });
    if (e.kind === 'exclusion') continue;
    if (e.kind === 'modality' && e.caseSensitive && !isUpperAbbreviation(text.slice(m.start, m.end))) continue;
    const section = doc.sectionAt(m.start);
    if (section?.category === 'allergies') continue;
    // A header ("WORK RESTRICTIONS:") names a section, it does not report a therapy.
    if (section?.headerSpan && m.start < section.headerSpan.end && m.end > section.headerSpan.start) continue;
    const si = doc.sentenceIndexAt(m.start);
    const mention: Mention = {
      start: m.start,
      end: m.end,
      entry: e,
      modality: e.modality,
      ...(e.kind === 'drug' ? { drug: e.id } : {}),
      ...(section?.category === 'procedure' ? { inProcedure: true } : {}),
    };
    let list = bySentence.get(si);
    if (!list) bySentence.set(si, (list = []));
    list.push(mention);
  }

  // A sentence whose subject is a relative ("Aunt has back pain treated with Lyrica") is family history
  // however far the therapy stands from the trigger.
  const familySubject = new Set<number>();
  for (const mod of doc.modifiers) {
    if (mod.category !== 'family' || !bySentence.has(mod.sentence)) continue;
    const s = doc.sentences[mod.sentence];
    if (s && /^[\s\d.,)*•-]*(?:(?:his|her|the\s+patient's|patient's)\s+)?$/i.test(text.slice(s.start, mod.trigger.start))) familySubject.add(mod.sentence);
  }

  const out: TherapyMention[] = [];
  for (const [si, mentions] of bySentence) {
    const sentence = doc.sentences[si];
    if (!sentence || familySubject.has(si)) continue;
    if (sentence.end - sentence.start <= MAX_SPAN) {
      analyseSentence(doc, sentence, mentions, termSpans, out);
      continue;
    }
    // A "sentence" of many kilobytes (a list with no periods, a flattened table) is read in pieces of
    // bounded length around its mentions, so the work per mention stays bounded and the scan linear.
    let group: Mention[] = [];
    let prevEnd = sentence.start;
    const flush = () => {
      const first = group[0];
      const last = group[group.length - 1];
      if (!first || !last) return;
      const piece = { start: Math.max(sentence.start, prevEnd, first.start - PIECE_MARGIN), end: Math.min(sentence.end, last.end + PIECE_MARGIN) };
      analyseSentence(doc, piece, group, termSpans, out);
      prevEnd = last.end;
      group = [];
    };
    for (const m of mentions) {
      if (group[0] && m.end - group[0].start > MAX_SPAN) flush();
      group.push(m);
    }
    flush();
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

function analyseSentence(doc: PreparedDocument, sentence: { start: number; end: number }, all: Mention[], termSpans: readonly Span[], sink: TherapyMention[]): void {
  const text = doc.text;
  const out: TherapyMention[] = [];
  const keys: { entry: string; run: number }[] = [];
  const cues: Cue[] = [];
  for (const c of cueMatcher.matches(doc.lower, doc.tokens, sentence.start, sentence.end)) {
    if (overlapsAny(termSpans, c)) continue;
    cues.push(c);
  }

  // Window exclusions (route of administration, allergy) drop a mention before lists are formed.
  const mentions = all.filter((m, i) => {
    const lo = Math.max(sentence.start, m.start - WINDOW, all[i - 1]?.end ?? 0);
    const hi = Math.min(sentence.end, m.end + WINDOW, all[i + 1]?.start ?? Infinity);
    return !cues.some((c) => {
      if (c.entry.kind !== 'window' || !applies(c.entry.appliesTo, m)) return false;
      // "Allergic to morphine (itching) and Percocet": a leading cue covers the whole list after it.
      if (c.entry.direction === 'before') return c.end <= m.start && m.start - c.end <= 2 * WINDOW && gapIsList(withoutMentions(text, c.end, m.start, all), true);
      if (c.entry.adjacent) return c.start >= m.end && c.start - m.end <= 2 * WINDOW && gapIsList(withoutMentions(text, m.end, c.start, all));
      if (c.start < lo || c.end > hi) return false;
      return c.entry.direction === 'both' || c.start >= m.end;
    });
  });
  if (mentions.length === 0) return;

  const breaks: number[] = [];
  const sentenceText = text.slice(sentence.start, sentence.end);
  CLAUSE_BREAK.lastIndex = 0;
  let b: RegExpExecArray | null;
  while ((b = CLAUSE_BREAK.exec(sentenceText)) !== null) breaks.push(sentence.start + b.index);
  const clauseOf = (pos: number) => {
    let start = sentence.start;
    let end = sentence.end;
    for (const x of breaks) {
      if (x < pos) start = x;
      else {
        end = x;
        break;
      }
    }
    return { start, end };
  };

  // Lists: consecutive mentions in one clause with only connectors between them share their cues.
  const runs: Mention[][] = [];
  for (const m of mentions) {
    const last = runs[runs.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && clauseOf(prev.start).start === clauseOf(m.start).start && gapIsList(text.slice(prev.end, m.start))) last.push(m);
    else runs.push([m]);
  }

  // The outcome a leading cue gave the previous run ("Failed 8 weeks of PT and 2 months of chiropractic").
  let leadingOutcome: { cue: Cue; runEnd: number } | undefined;
  runs.forEach((run, ri) => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    const clause = clauseOf(first.start);
    const prevRun = runs[ri - 1];
    const prevEnd = Math.max(clause.start, prevRun?.[prevRun.length - 1]?.end ?? 0);
    const nextStart = Math.min(clause.end, runs[ri + 1]?.[0]?.start ?? Infinity);
    const ownBefore = cues.filter((c) => c.start >= prevEnd && c.end <= first.start);
    const ownAfter = cues.filter((c) => c.start >= last.end && c.end <= nextStart);

    // Status: the nearest cue before the list in its own stretch, then one right after it, then any
    // earlier cue in the clause ("tried PT without relief and gabapentin").
    let statusCue: Cue | undefined;
    const statusBefore = ownBefore.filter((c) => c.entry.kind === 'status' && c.entry.direction !== 'after');
    // A "before" cue with no therapy after it in the clause speaks about this one ("started PT and is
    // currently attending").
    const lastInClause = nextStart >= clause.end;
    // "referred for CBT but declined": a status in the next clause counts when that clause names no
    // therapy of its own.
    const nextClause = ri === runs.length - 1 && clause.end < sentence.end ? clauseOf(clause.end + 1) : undefined;
    const tail = nextClause ? cues.filter((c) => c.entry.kind === 'status' && c.entry.direction !== 'before' && c.start >= nextClause.start && c.end <= nextClause.end) : [];
    const statusAfter = [...ownAfter, ...tail].filter(
      (c) => c.entry.kind === 'status' && (c.entry.direction !== 'before' || (lastInClause && c.entry.status === 'current')) && c.start - last.end <= AFTER_STATUS_REACH,
    );
    const after0 = statusAfter[0];
    if (statusBefore.length > 0) {
      statusCue = statusBefore[statusBefore.length - 1];
      // "has had PT since January, which he continues", "has been on Dilaudid ... in the past": between
      // tried and current, the words after the therapy say when.
      const b0 = statusCue?.entry.kind === 'status' ? statusCue.entry.status : undefined;
      const a0 = after0?.entry.kind === 'status' ? after0.entry.status : undefined;
      if ((b0 === 'tried' && a0 === 'current') || (b0 === 'current' && a0 === 'tried') || (b0 === 'planned' && (a0 === 'declined' || a0 === 'not-tried'))) statusCue = after0;
    } else if (after0) statusCue = after0;
    else {
      const earlier = cues.filter((c) => c.entry.kind === 'status' && c.entry.direction !== 'after' && c.start >= clause.start && c.end <= prevEnd);
      statusCue = earlier[earlier.length - 1];
    }
    // "Has not tried any medications other than ibuprofen": the negation is about the rest, and the
    // therapy it excepts was tried (or is taken: "takes nothing besides Tylenol"). The sentence, not the
    // clause, is searched: "except" also ends a clause.
    const excepted = EXCEPTED_BEFORE.test(text.slice(Math.max(sentence.start, first.start - 40), first.start));
    if (excepted) {
      const negative = (c: Cue | undefined) => c?.entry.kind === 'status' && (c.entry.status === 'not-tried' || c.entry.status === 'declined');
      const lookback = cues.filter((c) => c.entry.kind === 'status' && c.entry.direction !== 'after' && c.start >= sentence.start && c.end <= first.start);
      if (negative(statusCue) || (!statusCue && lookback.some(negative))) statusCue = lookback.filter((c) => !negative(c) && c.start < (lookback.find(negative)?.start ?? 0)).pop();
    }

    // Outcome: the first cue after the list, else the nearest one before it, both within its own stretch.
    let outAfter = ownAfter.filter((c) => c.entry.kind === 'outcome' && c.entry.direction !== 'before');
    // "tried gabapentin, but this was not effective": when the next clause names no therapy, its outcome
    // is about the last one named.
    // "helpful initially but the benefit wore off": that clause may also qualify an effect.
    if (nextClause) {
      const more = cues.filter((c) => c.entry.kind === 'outcome' && c.entry.direction !== 'before' && c.start >= nextClause.start && c.end <= nextClause.end);
      const firstOutcome = outAfter[0]?.entry;
      if (outAfter.length === 0) outAfter = more;
      else if (firstOutcome?.kind === 'outcome' && firstOutcome.outcome === 'effective' && more[0]?.entry.kind === 'outcome' && more[0].entry.outcome === 'partial') outAfter = [more[0]];
    }
    const outBefore = ownBefore.filter((c) => c.entry.kind === 'outcome' && c.entry.direction !== 'after');
    let outcomeCue = outAfter[0] ?? outBefore[outBefore.length - 1];
    // A leading outcome governs every object coordinated after it: "Failed 8 weeks of PT and 2 months
    // of chiropractic care", "despite 3 months of conservative care (ice, bracing, activity
    // modification)". Only a short gap that opens with "and", "or", a comma or a parenthesis, and holds
    // no cue of its own, continues the list.
    if (!outcomeCue && leadingOutcome && leadingOutcome.runEnd >= clause.start && first.start - leadingOutcome.runEnd <= 40 && LIST_CONTINUES.test(text.slice(leadingOutcome.runEnd, first.start))) {
      const gapStart = leadingOutcome.runEnd;
      if (!cues.some((c) => c.start >= gapStart && c.end <= first.start && c.entry.kind !== 'window')) outcomeCue = leadingOutcome.cue;
    }
    leadingOutcome = outcomeCue && outcomeCue.end <= first.start ? { cue: outcomeCue, runEnd: last.end } : undefined;
    // "helped for a few hours only", "relieved the pain temporarily": a qualifier right after an effect
    // makes it partial.
    const qualifier = outAfter[1];
    if (outcomeCue === outAfter[0] && outcomeCue?.entry.kind === 'outcome' && outcomeCue.entry.outcome === 'effective' && qualifier?.entry.kind === 'outcome' && qualifier.entry.outcome === 'partial' && qualifier.start - outcomeCue.end <= 25) outcomeCue = qualifier;
    let outcomeValue = outcomeCue && outcomeCue.entry.kind === 'outcome' ? outcomeCue.entry.outcome : undefined;
    // "helped for two weeks": an effect with a time limit is a temporary one.
    if (outcomeValue === 'effective' && outcomeCue && LIMITED_EFFECT.test(text.slice(outcomeCue.end, outcomeCue.end + 40))) outcomeValue = 'partial';
    // "helps the burning somewhat", "helps some", "did help initially": a degree or a time word right after
    // an effect.
    if (outcomeValue === 'effective' && outcomeCue && outcomeCue.start >= last.end && PARTIAL_QUALIFIER.test(text.slice(outcomeCue.end, outcomeCue.end + 30))) outcomeValue = 'partial';
    const outcome: Outcome | undefined = outcomeValue === 'none' ? undefined : outcomeValue;

    const before: Span = { start: Math.max(prevEnd, first.start - 60), end: first.start };
    const after: Span = { start: last.end, end: Math.min(nextStart, last.end + 70) };
    // A dosing schedule right after a drug ("hydrocodone 5/325 three times daily") is a current regimen.
    const dosing = DOSING.test(text.slice(last.end, Math.min(nextStart, last.end + 50)));
    const quantities = readQuantities(doc, before, after, text.slice(first.start, first.end));
    // A dose or a session frequency with no course length ("massage twice a month, which did help",
    // "unchanged despite hydrocodone 5/325 three times daily") is a routine still followed; a duration,
    // dates or a visit count make it a course, and an outcome that is the therapy's own predicate
    // ("Acetaminophen 1 g t.i.d. has not helped") puts it in the past.
    const course = quantities.durationWeeks !== undefined || quantities.visits !== undefined || quantities.dates !== undefined;
    const frequency = FREQUENCY.test(text.slice(last.end, Math.min(nextStart, last.end + 50)));
    const predicated = !!outcomeCue && outcomeCue.start >= last.end && !OUTCOME_APART.test(text.slice(last.end, outcomeCue.start));
    const drugDosing = dosing && PHARMACOLOGIC.has(first.modality);
    const routine = { dosing, ongoing: (drugDosing || frequency) && !course && !predicated, excepted };

    const historyClause = cues.some((c) => (c.entry.kind === 'status' || c.entry.kind === 'outcome') && c.start >= clause.start && c.end <= first.start);
    // Merge "physical therapy (PT)" and "Tylenol (acetaminophen)" into one mention.
    const merged: Mention[] = [];
    for (const m of run) {
      const p = merged[merged.length - 1];
      if (p && p.modality === m.modality && p.drug === m.drug && /^\s*[(/,-]?\s*$/.test(text.slice(p.end, m.start))) p.end = Math.max(p.end, m.end);
      else merged.push({ ...m });
    }

    merged.forEach((m, mi) => {
      // A class word followed by the specific therapies ("neuropathic medications including Elavil,
      // Cymbalta") is reported through those. The generic "failed conservative management including NSAIDs
      // and PT" is not: a payer counts the documented conservative course itself (ANNOTATION.md).
      const nextM = merged[mi + 1] ?? mentions.find((x) => x.start >= m.end);
      if (m.entry.kind === 'modality' && m.entry.isClass && m.modality !== 'unspecified' && nextM && nextM.start - m.end <= 40 && SPECIFICS_FOLLOW.test(text.slice(m.end, nextM.start))) return;

      // A procedure section mostly describes what was done in the room (IV Toradol, a postoperative
      // splint); terse notes also put the history there ("Procedure: L4-5 ESI. Failed 6 wk PT."), so a
      // therapy there counts only with a status, an outcome or a course length of its own or of its clause
      // ("Failed PT x 8 weeks and meloxicam").
      if (m.inProcedure && !statusCue && !outcomeCue && !course && !historyClause) return;
      let status = decideStatus(doc, m, statusCue, outcomeCue, outcome, routine);
      if (status === 'tried' && !statusCue && outcomeCue?.entry.kind === 'outcome' && outcomeCue.entry.tense === 'present') status = 'current';
      if (status === undefined) return;

      const parts: Span[] = [{ start: m.start, end: m.end }];
      // Evidence stays local: a cue far before the therapy is used but not quoted.
      if (mi === 0 && statusCue && statusCue.start >= prevEnd && statusCue.end <= first.start && first.start - statusCue.end <= 40) parts.push(statusCue);
      if (mi === merged.length - 1) {
        if (statusCue && statusCue.start >= last.end && statusCue.end <= nextStart) parts.push(statusCue);
        if (outcomeCue && outcomeCue.start >= last.end) parts.push(outcomeCue);
        parts.push(...quantities.spans.filter((s) => s.start >= last.end));
      }
      if (mi === 0) {
        if (outcomeCue && outcomeCue.end <= first.start) parts.push(outcomeCue);
        parts.push(...quantities.spans.filter((s) => s.end <= first.start));
      }
      const start = Math.min(...parts.map((p) => p.start));
      const end = Math.max(...parts.map((p) => p.end));
      const fact: TherapyMention = {
        modality: m.modality,
        status,
        ...(outcome ? { outcome } : {}),
        ...(quantities.durationWeeks !== undefined ? { durationWeeks: round(quantities.durationWeeks) } : {}),
        ...(quantities.visits !== undefined ? { visits: quantities.visits } : {}),
        ...(quantities.dates ? { dates: quantities.dates } : {}),
        ...(m.drug ? { drug: m.drug } : {}),
        span: { start, end },
        text: text.slice(start, end),
      };
      out.push(fact);
      keys.push({ entry: m.entry.kind === 'modality' && m.entry.isClass ? `${m.entry.id}@${m.start}` : `${m.modality}|${m.drug ?? ''}`, run: ri });
    });
  });

  // "Chiropractic care for 2 months and daily home exercises for 3 months, both without lasting benefit",
  // "PT, NSAIDs and a TENS unit, all of which failed": an outcome opened by "both", "all" or "each" speaks of
  // every therapy tried before it in the sentence, not only of the nearest list.
  for (const c of cues) {
    if (c.entry.kind !== 'outcome' || c.entry.outcome === 'none' || !DISTRIBUTIVE_BEFORE.test(text.slice(Math.max(sentence.start, c.start - 24), c.start))) continue;
    const value = c.entry.outcome;
    out.forEach((f, fi) => {
      if (f.outcome === undefined && f.span.end <= c.start && (f.status === 'tried' || f.status === 'current')) out[fi] = { ...f, outcome: value };
    });
  }

  // One therapy named twice in a sentence with the same status ("a chiropractic specialist ... visits of
  // chiropractic care", "referred to pain psychology and completed CBT", "activity modification: avoid
  // bending") is one fact: it keeps the better documented attributes, and its evidence spans both
  // mentions, since neither alone says which is the treatment and which the provider or the detail.
  // Items of one list ("Voltaren gel and Flector patches") stay separate, and so do class words ("refuses
  // opioids; wants to avoid narcotics", "not responsive to conservative care despite multiple attempts at
  // conservative care"): each is a statement of its own, not the provider and the treatment of one course.
  const kept: TherapyMention[] = [];
  const keptKey: string[] = [];
  const keptRun: number[] = [];
  out.forEach((f, fi) => {
    const key = `${keys[fi]?.entry ?? ''}|${f.status}`;
    const i = keptKey.findIndex((k, ki) => k === key && keys[fi]?.run !== keptRun[ki]);
    const k = i < 0 ? undefined : kept[i];
    if (!k) {
      kept.push(f);
      keptKey.push(key);
      keptRun.push(keys[fi]?.run ?? -1);
      return;
    }
    const score = (x: TherapyMention) => (x.outcome ? 2 : 0) + (x.durationWeeks !== undefined ? 1 : 0) + (x.visits !== undefined ? 1 : 0) + (x.dates ? 1 : 0);
    const [best, other] = score(f) >= score(k) ? [f, k] : [k, f];
    const span = { start: Math.min(f.span.start, k.span.start), end: Math.max(f.span.end, k.span.end) };
    kept[i] = {
      ...best,
      span,
      text: text.slice(span.start, span.end),
      ...(best.outcome ?? other.outcome ? { outcome: best.outcome ?? other.outcome } : {}),
      ...(best.durationWeeks ?? other.durationWeeks) !== undefined ? { durationWeeks: best.durationWeeks ?? other.durationWeeks } : {},
      ...(best.visits ?? other.visits) !== undefined ? { visits: best.visits ?? other.visits } : {},
      ...(best.dates ?? other.dates ? { dates: best.dates ?? other.dates } : {}),
    };
  });
  sink.push(...kept);
}

/** undefined means "do not report" (family history, someone else's therapy). */
function decideStatus(
  doc: PreparedDocument,
  m: Mention,
  statusCue: Cue | undefined,
  outcomeCue: Cue | undefined,
  outcome: Outcome | undefined,
  routine: { dosing: boolean; ongoing: boolean; excepted: boolean },
): Status | undefined {
  const assertions = doc.assertionsAt({ start: m.start, end: m.end });
  if (assertions.some((a) => a.category === 'family')) return undefined;
  if (statusCue && statusCue.entry.kind === 'status') return statusCue.entry.status;

  // A negation that is really about the outcome ("no relief with PT", "denies side effects from
  // gabapentin") says nothing about whether the therapy was tried.
  const negated = !routine.excepted && assertions.some(
    (a) =>
      a.category === 'negated' &&
      a.direction !== 'SECTION' &&
      a.trigger.span.end <= m.start &&
      m.start - a.trigger.span.end <= 30 &&
      !(outcomeCue && outcomeCue.start < m.start && outcomeCue.end > a.trigger.span.start),
  );
  // An outcome means the therapy was tried, whatever a nearby "not" says.
  if (negated && !outcome) return 'not-tried';
  const section = doc.sectionAt(m.start)?.category;
  if (section === 'plan') return outcome ? 'tried' : 'planned';
  if (section === 'medications') return 'current';
  if (m.entry.kind === 'modality' && m.entry.impliedStatus) return m.entry.impliedStatus;
  if (routine.ongoing) return 'current';
  if (outcome) return 'tried';
  if (routine.dosing && PHARMACOLOGIC.has(m.modality)) return 'current';
  if (assertions.some((a) => a.category === 'hypothetical')) return 'planned';
  return 'tried';
}
