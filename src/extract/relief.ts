import { z } from 'zod';
import cuesData from '../../lexicons/relief-cues.json';
import modifiersData from '../../lexicons/relief-modifiers.json';
import comparatorsData from '../../lexicons/relief-comparators.json';
import negationData from '../../lexicons/relief-negation-cues.json';
import fullData from '../../lexicons/relief-full-cues.json';
import lightData from '../../lexicons/relief-light-words.json';
import nonPainData from '../../lexicons/relief-non-pain-targets.json';
import painTargetsData from '../../lexicons/relief-pain-targets.json';
import vetoData from '../../lexicons/non-relief-percent-contexts.json';
import hypotheticalData from '../../lexicons/relief-hypothetical-cues.json';
import clauseBreaksData from '../../lexicons/relief-clause-breaks.json';
import durationIntroData from '../../lexicons/relief-duration-intros.json';
import type { PainRelief } from '../facts.js';
import { entryBase, literalSource, loadLexicon } from '../lexicon.js';
import { toDocument, type ContextModifier, type PreparedDocument } from '../pipeline/prepare.js';
import { sectionAssertion } from '../pipeline/01-sections.js';
import { tokenAtOrAfter, tokenize } from '../pipeline/03-tokens.js';
import { DURATION_SOURCE, NUMBER_SOURCE, durationToWeeks, parseNumber, round } from './numbers.js';

// Relief lexicons are matched on the prepared document's tokens ("SpO2" is the tokens "spo", "2"), so
// every entry is a plain list of phrases; the one regex scan over the note only looks for "%", "percent"
// and the relief nouns that can carry a word amount ("no relief", "complete relief").
const terms = { terms: z.array(z.string().min(1)).min(1) };

export const reliefCues = loadLexicon(
  'relief-cues',
  cuesData,
  z.object({
    ...entryBase,
    ...terms,
    // "60% relief": the cue may follow the number; "relief of 60%", "pain improved by 50%": it may precede it.
    afterNumber: z.boolean(),
    beforeNumber: z.boolean(),
    // Verbs have a subject ("her opioid use decreased by 50%") that must not be something other than pain.
    verb: z.boolean(),
    // Weak cues (improvement, reduction) are about pain only when no other target follows ("in her sleep").
    strength: z.enum(['strong', 'weak']),
    // Whether a word amount may stand for the number ("no relief" is 0, "complete relief" is 100).
    qualitative: z.boolean(),
  }),
);
export const reliefModifiers = loadLexicon('relief-modifiers', modifiersData, z.object({ ...entryBase, ...terms }));
export const reliefComparators = loadLexicon(
  'relief-comparators',
  comparatorsData,
  z.object({ ...entryBase, ...terms, symbol: z.enum(['>', '>=', '<', '~']), position: z.enum(['before', 'after']) }),
);
export const reliefNegationCues = loadLexicon(
  'relief-negation-cues',
  negationData,
  z.object({ ...entryBase, ...terms, position: z.enum(['before', 'after']) }),
);
export const reliefFullCues = loadLexicon('relief-full-cues', fullData, z.object({ ...entryBase, ...terms }));
export const reliefLightWords = loadLexicon('relief-light-words', lightData, z.object({ ...entryBase, ...terms }));
export const reliefNonPainTargets = loadLexicon('relief-non-pain-targets', nonPainData, z.object({ ...entryBase, ...terms }));
export const reliefPainTargets = loadLexicon('relief-pain-targets', painTargetsData, z.object({ ...entryBase, ...terms }));
export const nonReliefPercentContexts = loadLexicon(
  'non-relief-percent-contexts',
  vetoData,
  z.object({ ...entryBase, ...terms, position: z.enum(['either', 'after']) }),
);
export const reliefHypotheticalCues = loadLexicon('relief-hypothetical-cues', hypotheticalData, z.object({ ...entryBase, ...terms }));
export const reliefClauseBreaks = loadLexicon('relief-clause-breaks', clauseBreaksData, z.object({ ...entryBase, ...terms }));
export const reliefDurationIntros = loadLexicon(
  'relief-duration-intros',
  durationIntroData,
  z.object({ ...entryBase, ...terms, role: z.enum(['intro', 'hedge', 'reject-after']) }),
);

type CueEntry = (typeof reliefCues.entries)[number];

/** Phrases as token sequences, found starting at or ending at a token of a prepared document. */
class PhraseSet<E> {
  private readonly byFirst = new Map<string, { words: string[]; entry: E }[]>();
  private readonly byLast = new Map<string, { words: string[]; entry: E }[]>();

  constructor(entries: readonly E[], termsOf: (e: E) => readonly string[]) {
    for (const entry of entries) {
      for (const t of termsOf(entry)) {
        const lower = t.toLowerCase();
        const tk = tokenize(lower);
        const words: string[] = [];
        for (let i = 0; i < tk.count; i++) words.push(lower.slice(tk.starts[i], tk.ends[i]));
        const add = (m: Map<string, { words: string[]; entry: E }[]>, key: string) => {
          const list = m.get(key) ?? [];
          list.push({ words, entry });
          list.sort((a, b) => b.words.length - a.words.length);
          m.set(key, list);
        };
        const first = words[0];
        const last = words[words.length - 1];
        if (first === undefined || last === undefined) continue;
        add(this.byFirst, first);
        add(this.byLast, last);
      }
    }
  }

  /** The longest phrase whose first token is `i` and that ends before token `limit`; `end` is exclusive. */
  startAt(w: Words, i: number, limit: number): { entry: E; end: number } | undefined {
    if (i >= limit) return undefined;
    const list = this.byFirst.get(w.at(i));
    if (!list) return undefined;
    for (const p of list) {
      if (i + p.words.length > limit) continue;
      let ok = true;
      for (let k = 1; k < p.words.length && ok; k++) ok = w.at(i + k) === p.words[k];
      if (ok) return { entry: p.entry, end: i + p.words.length };
    }
    return undefined;
  }

  /** The longest phrase whose last token is `j` and that starts at or after token `floor`. */
  endAt(w: Words, j: number, floor: number): { entry: E; start: number } | undefined {
    if (j < floor) return undefined;
    const list = this.byLast.get(w.at(j));
    if (!list) return undefined;
    for (const p of list) {
      const start = j - p.words.length + 1;
      if (start < floor) continue;
      let ok = true;
      for (let k = 0; k < p.words.length - 1 && ok; k++) ok = w.at(start + k) === p.words[k];
      if (ok) return { entry: p.entry, start };
    }
    return undefined;
  }

  /** Whether any phrase starts at a token in [from, to). */
  anyIn(w: Words, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.startAt(w, i, to)) return true;
    return false;
  }
}

/** Lower-cased token strings of a document, sliced on demand (each check reads a handful). */
class Words {
  constructor(readonly doc: PreparedDocument) {}
  at(i: number): string {
    const t = this.doc.tokens;
    return i >= 0 && i < t.count ? this.doc.lower.slice(t.starts[i], t.ends[i]) : '';
  }
  start(i: number): number {
    return this.doc.tokens.starts[i] ?? this.doc.text.length;
  }
  end(i: number): number {
    return this.doc.tokens.ends[i] ?? this.doc.text.length;
  }
}

const byTerms = <E extends { terms: string[] }>(entries: readonly E[], keep: (e: E) => boolean = () => true) =>
  new PhraseSet(entries.filter(keep), (e) => e.terms);

const CUES = byTerms(reliefCues.entries);
const MODIFIERS = byTerms(reliefModifiers.entries);
const COMP_BEFORE = byTerms(reliefComparators.entries, (e) => e.position === 'before');
const COMP_AFTER = byTerms(reliefComparators.entries, (e) => e.position === 'after');
const NEG_BEFORE = byTerms(reliefNegationCues.entries, (e) => e.position === 'before');
const NEG_AFTER = byTerms(reliefNegationCues.entries, (e) => e.position === 'after');
const FULL = byTerms(reliefFullCues.entries);
const LIGHT = byTerms(reliefLightWords.entries);
const NON_PAIN = byTerms(reliefNonPainTargets.entries);
const PAIN = byTerms(reliefPainTargets.entries);
const VETO_EITHER = byTerms(nonReliefPercentContexts.entries, (e) => e.position === 'either');
const VETO_AFTER = byTerms(nonReliefPercentContexts.entries);
const HYPOTHETICAL = byTerms(reliefHypotheticalCues.entries);
const BREAKS = byTerms(reliefClauseBreaks.entries);
const DUR_INTRO = byTerms(reliefDurationIntros.entries, (e) => e.role === 'intro');
const DUR_HEDGE = byTerms(reliefDurationIntros.entries, (e) => e.role === 'hedge');
const DUR_REJECT = byTerms(reliefDurationIntros.entries, (e) => e.role === 'reject-after');

// Words that sit between "in"/"of" and what improved ("in her functional", "of his low back pain").
const TARGET_LEAD = new Set(['in', 'of']);
const DETERMINERS = new Set(['his', 'her', 'their', 'the', 'its', 'my', 'a', 'an', 'overall']);
// Auxiliaries between a subject and a relief verb ("her opioid use has been reduced by 50%").
const AUXILIARIES = new Set(['has', 'have', 'had', 'was', 'were', 'is', 'are', 'been', 'be', 'also', 'now', 'then', 'significantly', 'greatly', 'markedly']);

function qualNouns(): string {
  const words = new Set<string>();
  for (const e of reliefCues.entries) {
    if (!e.qualitative) continue;
    for (const t of e.terms) {
      const last = t.toLowerCase().split(/\s+/).pop();
      if (last) words.add(literalSource(last));
    }
  }
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

// The one scan per note: a percent sign, the word "percent", or a relief noun that a word amount may
// qualify. Everything else is a local check on the few tokens around each hit.
const SCAN = new RegExp(`(?<pct>%|(?<![\\p{L}\\p{N}])(?:percent|per\\s?cent|pct)(?![\\p{L}\\p{N}]))|(?<![\\p{L}\\p{N}])(?:${qualNouns()})(?![\\p{L}\\p{N}])`, 'giu');
// The number (or range) right before a percent sign: "50", "0.25", "eighty", "50-60", "35% to 40 ", "80+".
const NUMBER_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}.])(?<a>${NUMBER_SOURCE})(?:\\s?%?\\s?(?:-|–|to)\\s?(?<b>${NUMBER_SOURCE}))?(?<plus>\\+)?\\s?$`,
  'iu',
);
// A range that continues after this percent sign ("35% to 40 %"): the later sign reads the whole range.
const RANGE_CONTINUES = new RegExp(`\\s?(?:-|–|to)\\s?(?:${NUMBER_SOURCE})\\s?(?:%|percent|per\\s?cent)`, 'iuy');
const DURATION = new RegExp(`(?:${DURATION_SOURCE})(?![\\p{L}\\p{N}])`, 'iuy');
// Enough characters for the longest figure before a sign ("seventy-five to eighty ").
const NUMBER_LOOKBACK = 48;
// Tokens either side of a hit that any local check may read; a run-on line must not make a check scan it all.
const CLAUSE_REACH = 48;
// ConText scopes run a few words; a family trigger further than this from a fact cannot cover it.
const FAMILY_REACH = 400;

interface Fact extends PainRelief {
  /** First token of the evidence, for the clause checks. */
  firstToken: number;
}

/**
 * Percent relief from a treatment: "60% relief", "greater than 50% improvement in pain", "relief of
 * approximately 80% of her pain", "50-60% relief" (the midpoint), "no relief" (0), "complete relief"
 * (100), with how long it lasted when the sentence says ("lasting approximately 3 months", "x 2 weeks").
 *
 * Vague amounts ("minimal relief", "some relief", "no significant relief") give no fact: a payer reads
 * them as undocumented, and turning them into a number would invent one. Percentages of something else
 * (SpO2, ejection fraction, "1% lidocaine", "50% stenosis", "2% of patients", "75% of his pain is in his
 * buttock"), goals and conditions ("if he obtains at least 50% relief"), a family member's relief, and
 * improvement of something other than pain ("50% improvement in his walking tolerance") are skipped.
 *
 * @example
 * extractPainRelief('After the L5 TFESI she reports greater than 60% relief lasting 3 months.');
 * // [{ percent: 60, comparator: '>', durationWeeks: 13.0357, span: { start: 31, end: 71 },
 * //    text: 'greater than 60% relief lasting 3 months' }]
 * extractPainRelief('Prior ESI gave no relief.'); // [{ percent: 0, span: { start: 15, end: 24 }, text: 'no relief' }]
 */
export function extractPainRelief(input: string | PreparedDocument): PainRelief[] {
  const doc = toDocument('extractPainRelief', input);
  const w = new Words(doc);
  const { lower } = doc;
  const facts: Fact[] = [];
  let family: ContextModifier[] | undefined; // family triggers, read once when a fact needs them
  let prevPercentEnd = -1; // token index after the last percent sign read, so a cue is not searched past it

  SCAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCAN.exec(lower)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const fact = m.groups?.pct !== undefined ? readPercent(doc, w, start, end, prevPercentEnd) : readWordAmount(doc, w, start);
    if (m.groups?.pct !== undefined) prevPercentEnd = tokenAtOrAfter(doc.tokens, end);
    if (!fact) continue;
    if (overlapsRecent(facts, fact)) continue;
    if (isHypothetical(doc, w, fact)) continue;
    family ??= doc.modifiers
      .filter((x) => x.category === 'family' && x.direction !== 'TERMINATE' && x.direction !== 'PSEUDO')
      .sort((x, y) => x.trigger.start - y.trigger.start);
    if (aboutFamily(doc, fact, family)) continue;
    facts.push(fact);
  }
  return facts.map(
    (f): PainRelief => ({
      percent: f.percent,
      ...(f.comparator ? { comparator: f.comparator } : {}),
      ...(f.durationWeeks !== undefined ? { durationWeeks: f.durationWeeks } : {}),
      span: f.span,
      text: f.text,
    }),
  );
}

/**
 * The relief is a relative's: a family trigger whose ConText scope covers it ("Mother had 80% relief"),
 * or a FAMILY HISTORY section. Same rule as `assertionsAt`, but over family triggers near the fact
 * only, so a run-on sentence full of triggers stays linear.
 */
function aboutFamily(doc: PreparedDocument, fact: Fact, family: readonly ContextModifier[]): boolean {
  const section = doc.sectionAt(fact.span.start);
  if (section && sectionAssertion(section) === 'family') return true;
  if (!family.length) return false;
  const sentence = doc.sentenceIndexAt(fact.span.start);
  let lo = 0;
  let hi = family.length;
  const from = fact.span.start - FAMILY_REACH;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((family[mid]?.trigger.start ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < family.length; i++) {
    const m = family[i];
    if (!m || m.trigger.start > fact.span.end + FAMILY_REACH) break;
    if (m.sentence !== sentence) continue;
    if (m.trigger.start >= fact.span.start && m.trigger.end <= fact.span.end) continue;
    if (fact.span.start < m.scope.end && fact.span.end > m.scope.start) return true;
  }
  return false;
}

/** Facts come out left to right, so only the last few can overlap a new one ("no relief (0%)"). */
function overlapsRecent(facts: readonly Fact[], fact: Fact): boolean {
  for (let i = facts.length - 1; i >= 0 && i >= facts.length - 4; i--) {
    const f = facts[i];
    if (f && f.span.start < fact.span.end && fact.span.start < f.span.end) return true;
  }
  return false;
}

/** Token bounds [lo, hi) of the sentence holding `offset`, cut at semicolons (a new clause, e.g. vitals). */
function clauseBounds(doc: PreparedDocument, w: Words, tok: number, offset: number): [number, number] {
  const s = doc.sentences[doc.sentenceIndexAt(offset)];
  let lo = s ? tokenAtOrAfter(doc.tokens, s.start) : 0;
  let hi = s ? tokenAtOrAfter(doc.tokens, s.end) : doc.tokens.count;
  if (lo > tok) lo = tok;
  if (hi <= tok) hi = tok + 1;
  lo = Math.max(lo, tok - CLAUSE_REACH);
  hi = Math.min(hi, tok + CLAUSE_REACH);
  for (let i = tok - 1; i >= lo; i--) {
    if (w.at(i) === ';') {
      lo = i + 1;
      break;
    }
  }
  for (let i = tok + 1; i < hi; i++) {
    if (w.at(i) === ';') {
      hi = i;
      break;
    }
  }
  return [lo, hi];
}

function readPercent(doc: PreparedDocument, w: Words, pStart: number, pEnd: number, prevPercentEnd: number): Fact | undefined {
  const { text, lower } = doc;
  RANGE_CONTINUES.lastIndex = pEnd;
  if (RANGE_CONTINUES.test(lower)) return undefined;
  const from = Math.max(0, pStart - NUMBER_LOOKBACK);
  const nm = NUMBER_BEFORE.exec(lower.slice(from, pStart));
  if (!nm?.groups?.a) return undefined;
  let numStart = from + nm.index;
  let a = parseNumber(nm.groups.a);
  const bRaw = nm.groups.b;
  let b = bRaw !== undefined ? parseNumber(bRaw) : undefined;
  if (a === undefined) return undefined;
  // "from 80% to 20%" is a change, not a range: read the last number only.
  if (b !== undefined && bRaw !== undefined && (b < a || /from\s$/.test(lower.slice(Math.max(0, numStart - 5), numStart)))) {
    a = b;
    b = undefined;
    numStart = from + nm.index + nm[0].lastIndexOf(bRaw);
  }
  const percent = round(b === undefined ? a : (a + b) / 2);
  if (!(percent >= 0 && percent <= 100)) return undefined;

  const pTok = tokenAtOrAfter(doc.tokens, pStart);
  const nTok = tokenAtOrAfter(doc.tokens, numStart);
  const [lo, hi] = clauseBounds(doc, w, pTok, pStart);
  let after = tokenAtOrAfter(doc.tokens, pEnd);

  let comparator: PainRelief['comparator'];
  let left = nTok;
  const cb = COMP_BEFORE.endAt(w, nTok - 1, lo);
  if (cb) {
    comparator = cb.entry.symbol;
    left = cb.start;
  }
  if (nm.groups.plus) comparator = '>=';
  const ca = COMP_AFTER.startAt(w, after, hi);
  if (ca) {
    comparator = ca.entry.symbol;
    after = ca.end;
  }

  // "1% lidocaine", "50% stenosis", "2% of patients", "75% of his pain is in his buttock".
  if (VETO_AFTER.startAt(w, after, hi)) return undefined;
  // "did not get at least 50% relief" says less than 50 without saying how much: no fact.
  if (negatedBefore(w, left, lo)) return undefined;

  let spanStart = w.start(left);
  let spanEnd = w.end(after - 1);
  let factEnd = after;

  // The cue after the number: "60% relief", "80 percent pain relief", "50% improvement or greater".
  let i = after;
  for (let k = 0; k < 2; k++) {
    const mod = MODIFIERS.startAt(w, i, hi);
    if (!mod || CUES.startAt(w, i, hi)) break;
    i = mod.end;
  }
  const cueAfter = CUES.startAt(w, i, hi);
  if (cueAfter && cueAfter.entry.afterNumber) {
    let t = cueAfter.end;
    const ca2 = COMP_AFTER.startAt(w, t, hi);
    if (ca2) {
      comparator = ca2.entry.symbol;
      t = ca2.end;
    }
    if (aboutSomethingElse(w, t, hi)) return undefined;
    spanEnd = w.end(cueAfter.end - 1);
    factEnd = cueAfter.end;
  } else {
    // The cue before the number: "relief of approximately 80%", "pain improved by 50%", "helped her
    // axial back pain approximately 70%", "Percent relief: 80%". Never past an earlier percent sign, so
    // "50% relief on the right and 30% on the left" reads the second figure from the same cue.
    const floor = Math.max(lo, prevPercentEnd, left - 16);
    let cue: { entry: CueEntry; start: number } | undefined;
    let j = left - 1;
    for (; j >= floor; j--) {
      cue = CUES.endAt(w, j, floor);
      if (cue) break;
    }
    if (!cue || !cue.entry.beforeNumber) return undefined;
    const gapFrom = j + 1;
    if (!gapIsClean(doc, w, gapFrom, left)) return undefined;
    if (cue.entry.verb) {
      // "SpO2 improved to 98%", "ROM improved to 80% of normal" give a level, not a change.
      if (w.at(gapFrom) === 'to') return undefined;
      if (subjectIsSomethingElse(w, cue.start, lo)) return undefined;
    }
    // A cue right after an earlier figure is that figure's evidence; this one starts at its own number.
    if (cue.start !== prevPercentEnd) spanStart = w.start(cue.start);
  }

  const fact: Fact = { percent, span: { start: spanStart, end: spanEnd }, text: '', firstToken: Math.min(left, tokenAtOrAfter(doc.tokens, spanStart)) };
  if (comparator) fact.comparator = comparator;
  const dur = readDuration(doc, w, factEnd, hi);
  if (dur) {
    fact.durationWeeks = dur.weeks;
    fact.span.end = dur.end;
  }
  fact.text = text.slice(fact.span.start, fact.span.end);
  return fact;
}

/** "no relief", "did not get any relief", "denies any relief", "complete relief", "Relief: none". */
function readWordAmount(doc: PreparedDocument, w: Words, nounStart: number): Fact | undefined {
  const tok = tokenAtOrAfter(doc.tokens, nounStart);
  const [lo, hi] = clauseBounds(doc, w, tok, nounStart);
  const cue = CUES.startAt(w, tok, hi);
  if (!cue || !cue.entry.qualitative) return undefined;
  const cueEnd = cue.end;
  const cueStart = tok;

  // Weak nouns ("no improvement", "no reduction") count only when pain is named: "no improvement in
  // his pain" is a failed treatment, "no improvement with the surgery" may be about anything.
  if (cue.entry.strength === 'weak' && !namesPain(w, cueEnd, hi)) return undefined;

  let j = cueStart - 1;
  for (let k = 0; k < 6 && j >= lo; k++) {
    const light = LIGHT.endAt(w, j, lo);
    if (!light) break;
    j = light.start - 1;
  }
  const neg = NEG_BEFORE.endAt(w, j, lo);
  if (neg) return wordFact(doc, w, 0, neg.start, cueEnd, hi, false);
  const full = FULL.endAt(w, j, lo);
  if (full) {
    // "did not get complete relief", "nearly complete relief": neither 100 nor 0.
    if (negatedBefore(w, full.start, lo) || COMP_BEFORE.endAt(w, full.start - 1, lo)) return undefined;
    return wordFact(doc, w, 100, full.start, cueEnd, hi, true);
  }
  if (w.at(cueEnd) === ':' || w.at(cueEnd) === '-') {
    const none = NEG_AFTER.startAt(w, cueEnd + 1, hi);
    if (none) return wordFact(doc, w, 0, cueStart, none.end, hi, false);
  }
  return undefined;
}

function wordFact(doc: PreparedDocument, w: Words, percent: number, first: number, endTok: number, hi: number, withDuration: boolean): Fact {
  const fact: Fact = { percent, span: { start: w.start(first), end: w.end(endTok - 1) }, text: '', firstToken: first };
  // How long "no relief" lasted means nothing; only a full relief carries a duration.
  const dur = withDuration ? readDuration(doc, w, endTok, hi) : undefined;
  if (dur) {
    fact.durationWeeks = dur.weeks;
    fact.span.end = dur.end;
  }
  fact.text = doc.text.slice(fact.span.start, fact.span.end);
  return fact;
}

/** A negation right before token `first`, over light words ("did not get any", "denies"). */
function negatedBefore(w: Words, first: number, lo: number): boolean {
  let j = first - 1;
  for (let k = 0; k < 6 && j >= lo; k++) {
    if (NEG_BEFORE.endAt(w, j, lo)) return true;
    const light = LIGHT.endAt(w, j, lo);
    if (!light) break;
    j = light.start - 1;
  }
  return NEG_BEFORE.endAt(w, j, lo) !== undefined;
}

/** After a cue: "in her functional and ADL activities", "in his sleep", "of the dose". */
function aboutSomethingElse(w: Words, t: number, hi: number): boolean {
  if (!TARGET_LEAD.has(w.at(t))) return false;
  let i = t + 1;
  while (i < hi && DETERMINERS.has(w.at(i))) i++;
  return NON_PAIN.startAt(w, i, hi) !== undefined;
}

/** "in his low back pain", "of her radicular symptoms": pain named within a few words after the cue. */
function namesPain(w: Words, t: number, hi: number): boolean {
  if (!TARGET_LEAD.has(w.at(t))) return false;
  for (let i = t + 1; i < Math.min(hi, t + 6); i++) {
    if (PAIN.startAt(w, i, hi)) return true;
    if (NON_PAIN.startAt(w, i, hi)) return false;
  }
  return false;
}

/**
 * Between a cue and its number: no other quantity ("relief for 6 hours, SpO2 97%"), nothing that makes
 * the figure about something else ("relief with 2% lidocaine", "improvement in her walking of 50%"),
 * and not too far.
 */
function gapIsClean(doc: PreparedDocument, w: Words, from: number, to: number): boolean {
  let words = 0;
  for (let i = from; i < to; i++) {
    const s = w.at(i);
    const c = s.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      // A number glued to a letter or hyphen is a level or a name ("L4-5", "MBB #2"); a free one is a quantity.
      const before = doc.text.charAt(w.start(i) - 1);
      if (!/[\p{L}\p{N}\-#/]/u.test(before)) return false;
    } else if (/\p{L}/u.test(s)) {
      if (++words > 10) return false;
    }
  }
  return !VETO_EITHER.anyIn(w, from, to) && !NON_PAIN.anyIn(w, from, to);
}

/** "her opioid use decreased", "the gabapentin dose was reduced": the verb's subject is not pain. */
function subjectIsSomethingElse(w: Words, verbStart: number, lo: number): boolean {
  let j = verbStart - 1;
  while (j >= lo && AUXILIARIES.has(w.at(j))) j--;
  if (j < lo) return false;
  return NON_PAIN.endAt(w, j, lo) !== undefined || VETO_EITHER.endAt(w, j, lo) !== undefined;
}

/** "lasting approximately 3 months", "for 8 weeks", "x 2 weeks", "which lasted 4 days", within the clause. */
function readDuration(doc: PreparedDocument, w: Words, from: number, hi: number): { weeks: number; end: number } | undefined {
  const limit = Math.min(hi, from + 14);
  for (let i = from; i < limit; i++) {
    const s = w.at(i);
    if (s === '%' || s === 'percent' || BREAKS.startAt(w, i, hi)) return undefined;
    const intro = DUR_INTRO.startAt(w, i, hi);
    if (!intro) continue;
    let k = intro.end;
    const hedge = DUR_HEDGE.startAt(w, k, hi);
    if (hedge) k = hedge.end;
    if (k >= hi) return undefined;
    DURATION.lastIndex = w.start(k);
    const d = DURATION.exec(doc.lower);
    if (!d?.groups?.dA || !d.groups.dU) continue;
    const dEnd = d.index + d[0].length;
    if (DUR_REJECT.startAt(w, tokenAtOrAfter(doc.tokens, dEnd), hi)) return undefined;
    const weeks = durationToWeeks(d.groups.dA, d.groups.dB, d.groups.dU);
    if (weeks === undefined) continue;
    return { weeks, end: dEnd };
  }
  return undefined;
}

/**
 * A goal, a condition or a requirement before the figure, in the same clause: "If he obtains at least
 * 50% relief", "The goal of treatment is 50% reduction", "Payer criteria require 80% relief". A clause
 * break lets a plan cite a past result ("Will repeat the ESI since she had 70% relief").
 */
function isHypothetical(doc: PreparedDocument, w: Words, fact: Fact): boolean {
  const [lo] = clauseBounds(doc, w, fact.firstToken, fact.span.start);
  for (let j = fact.firstToken - 1; j >= lo && j >= fact.firstToken - 24; j--) {
    if (BREAKS.endAt(w, j, lo)) return false;
    if (HYPOTHETICAL.endAt(w, j, lo)) return true;
  }
  return false;
}
