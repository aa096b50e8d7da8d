import { z } from 'zod';
import scaleCuesData from '../../lexicons/pain-scale-cues.json';
import blockersData from '../../lexicons/pain-score-blockers.json';
import timingCuesData from '../../lexicons/pain-timing-cues.json';
import qualifiersData from '../../lexicons/pain-qualifiers.json';
import goalCuesData from '../../lexicons/pain-goal-cues.json';
import thresholdCuesData from '../../lexicons/pain-threshold-cues.json';
import type { PainScore } from '../facts.js';
import { entryBase, loadLexicon, termsField, TermMatcher, type LexiconEntryBase, needsTerms } from '../lexicon.js';
import { NUMBER_SOURCE, TIME_UNIT_SOURCE, numberWords, parseNumber, round } from './numbers.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';


/** Words that make an "x/10" a pain rating; the two scale entries also name the scale. */
export const painScaleCues = loadLexicon(
  'pain-scale-cues',
  scaleCuesData,
  z.object({ ...entryBase, ...termsField, scale: z.enum(['nrs', 'vas']).optional() }).refine(needsTerms),
);
/** What an "x/10" counts when it is not pain: nodes, cores, stools, strength, other named scales. */
export const painScoreBlockers = loadLexicon('pain-score-blockers', blockersData, z.object({ ...entryBase, ...termsField }).refine(needsTerms));
/** Before/after-the-procedure phrases, and the procedure words that let weak ones ("after", "baseline") count. */
export const painTimingCues = loadLexicon(
  'pain-timing-cues',
  timingCuesData,
  z
    // binds: a label that heads the score after it only ("Pre NRS 6/10 | Post NRS 3/10"), or a bare word
    // closing the score right before it only ("NRS 6/10 pre.", never another score of the sentence).
    .object({ ...entryBase, ...termsField, timing: z.enum(['pre', 'post', 'anchor']), strength: z.enum(['strong', 'weak']), binds: z.enum(['following', 'preceding']).optional() })
    .refine(needsTerms),
);
export const painQualifiers = loadLexicon(
  'pain-qualifiers',
  qualifiersData,
  z
    .object({ ...entryBase, ...termsField, qualifier: z.enum(['current', 'worst', 'least', 'average', 'at-rest', 'with-activity']) })
    .refine(needsTerms),
);
/** Therapy-goal phrasing: a score in a goal is a target, not an observation. */
export const painGoalCues = loadLexicon('pain-goal-cues', goalCuesData, z.object({ ...entryBase, ...termsField }).refine(needsTerms));
/** Conditions ("call if pain is above 7/10"): a threshold in instructions is neither observed nor a goal. */
export const painThresholdCues = loadLexicon('pain-threshold-cues', thresholdCuesData, z.object({ ...entryBase, ...termsField }).refine(needsTerms));

type Role = 'cue' | 'blocker' | 'timing' | 'qualifier' | 'goal' | 'threshold';
interface Cue extends LexiconEntryBase {
  role: Role;
  scale?: 'nrs' | 'vas' | undefined;
  timing?: 'pre' | 'post' | 'anchor';
  strength?: 'strong' | 'weak';
  binds?: 'following' | 'preceding' | undefined;
  qualifier?: NonNullable<PainScore['qualifier']>;
}
const ALL_CUES: Cue[] = [
  ...painScaleCues.entries.map((e) => ({ ...e, role: 'cue' as const })),
  ...painScoreBlockers.entries.map((e) => ({ ...e, role: 'blocker' as const })),
  ...painTimingCues.entries.map((e) => ({ ...e, role: 'timing' as const })),
  ...painQualifiers.entries.map((e) => ({ ...e, role: 'qualifier' as const })),
  ...painGoalCues.entries.map((e) => ({ ...e, role: 'goal' as const })),
  ...painThresholdCues.entries.map((e) => ({ ...e, role: 'threshold' as const })),
];
// One scan finds every cue of a sentence; it only runs on sentences that hold a candidate score.
const CUES = new TermMatcher(ALL_CUES);

const NUM_B = `(?<![a-z])(?:${NUMBER_SOURCE})`;
const NUM = `(?<![a-z0-9/.+#])(?<!\\d[-–])(?:${NUMBER_SOURCE})`;
const ZERO_TO_TEN = `(?:0|1|zero|one)[ \\t]?(?:-|–|to)[ \\t]?(?:10|ten)`;
// A label that makes a bare number a rating ("NRS 3", "pain score of zero", "rates it as a 6"), or a
// scale description that introduces one ("0-10 scale: 6"). The description itself is consumed here so
// its 0 and 10 are never read as scores.
const PREFIX =
  `(?<![a-z])(?:` +
  `visual[ \\t]+analog(?:ue)?[ \\t]+scale|numeric(?:al)?[ \\t]+(?:pain[ \\t]+)?(?:rating|score)(?:[ \\t]+scale)?` +
  `|(?:pain|vas|nrs|nprs)(?:[ \\t]+(?:score|level|scale|rating|intensity|severity)s?)?(?:[ \\t]?\\(${ZERO_TO_TEN}\\))?` +
  `|rat(?:es|ed|ing)` +
  `|${ZERO_TO_TEN}[ \\t]?(?:point[ \\t]+)?(?:pain[ \\t]+)?scale` +
  `|scale[ \\t]+(?:of|from)[ \\t]+${ZERO_TO_TEN}` +
  `)(?![a-z])`;
// An arrow between two ratings is a change ("Pain 7/10 -> 3/10"), read like "from 7/10 to 3/10".
const ARROW = `[ \\t]{0,2}(?:-{1,2}>|=>|→)[ \\t]{0,2}`;
const SEP = `${ARROW}|[ \\t]?(?:-|–|to)[ \\t]?|[ \\t]and[ \\t]`;
// A bare "Pre"/"Post" label glued to a rating ("Pre 7/10, post 2/10", "Pre: 8/10") is the terse form of
// the procedure's before/after scores: it makes the rating a pain score without the word "pain".
// "Pre: 8/10", "post 3/10", "Post-procedure 2/10", "After: 1/10": a pre/post label right before a x/10 makes it a score
// without the word pain, as terse procedure templates write it.
const TIMING_LABEL_BEFORE = /(?:^|[^a-z-])(?:(?:pre|post)(?:[- ]?(?:procedure|procedural|injection|block|op|operative|esi|treatment))?[ \t]{0,2}:?|(?:before|after)[ \t]{0,2}:)[ \t]{0,2}$/;
const SUFFIX =
  `[ \\t]?/[ \\t]?(?<den>100|10)(?![\\d/])` +
  `|[ \\t]+(?:out[ \\t]+)?of[ \\t]+(?:10|ten)(?![\\d])` +
  `|[ \\t]?(?<mm>mm|cm)(?![a-z])` +
  `|[ \\t]+on[ \\t]+(?:a|an|the|our)[ \\t]+[^.;\\n]{0,30}?scale(?:[ \\t]+(?:of|from)[ \\t]+(?:${ZERO_TO_TEN}|10|ten)(?!\\d))?`;

// Every match starts at a digit, a number word or a label word, never inside a word. Saying so up front
// lets the engine skip most positions with one character test (about twice as fast on MTSamples).
const FIRST_CHARS = new Set(['v', 'n', 'p', 'r', 's', 'o', 'z']);
for (const e of numberWords.entries) for (const w of Object.keys(e.values)) if (/^[a-z]/.test(w)) FIRST_CHARS.add(w.charAt(0));
const SCORE = new RegExp(
  `(?<![a-z])(?=[\\d${[...FIRST_CHARS].sort().join('')}])` +
    `(?:(?<pre>${PREFIX})(?<conn>[^\\d.;\\n]{0,24}?))?` +
    `(?<a>${NUM})(?<ad>[ \\t]?/[ \\t]?10(?![\\d/]))?(?:(?<sep>${SEP})(?<b>${NUM_B}))?(?<suf>${SUFFIX})?`,
  'g',
);

// What may follow a labelled bare number for it to still be a rating: not a dose, a duration, a count.
const NOT_A_RATING_AFTER = new RegExp(
  `^[ \\t]?(?:[/%=°]|(?:-[ \\t]?)?(?:${TIME_UNIT_SOURCE}|percent|mg|mcg|ml|cc|times|x|point|points|degrees|being|is[ \\t]+(?:no|the|worst|best)|level|levels|episodes|tablets?|pills?|refills?|years?|yrs?|y/o|year-old|lbs?|pounds|kg)(?![a-z]))`,
);
const CONNECTOR_WORDS = new Set(
  'is was of at as about approximately approx around roughly a an currently today now pre post before after rated rates rating remains remained reported reports reporting to her his the their its it pain score level typically usually down up has had been decreased increased improved dropped went go goes from between less than greater under below above this morning still only maybe perhaps nearly almost'.split(
    ' ',
  ),
);
const DATE_PREPOSITION = /(?:^|[^a-z])(?:on|since|until|till|dated|date|dos|through|thru|starting|beginning|effective|visit|by|last|next)[ \t]{1,3}$/;
const RANGE_CUE = /(?:rang|var|between|fluctuat|anywhere)/;
const CHANGE_FROM = /from[ \t]{1,3}$/;
const CLAUSE_WORD = /\b(?:and|but|while|whereas|although|with|compared|versus|vs|than)\b/g;
// "Worst 9/10, least 3/10" needs no other word to be about pain.
const QUALIFIER_CUES = new Set(['worst', 'least', 'average']);
const CONTRAST = /\b(?:compared|versus|vs|than|from|whereas|while|but|down|up)\b/;
// "10 being the worst pain imaginable" anchors the scale; it does not qualify a score.
const SCALE_ANCHOR_BEFORE = /(?:being(?:[ \t]+the)?|\d[ \t]*=|\d[ \t]+is(?:[ \t]+the)?)[ \t]*$/;
const PROCEDURE_SECTIONS = new Set(['pre-procedure', 'procedure', 'post-procedure']);
const FILLER_WORDS = new Set(['of', 'the', 'his', 'her', 'their', 'score', 'scores', 'grade', 'rating', 'is', 'was', 'at', 'a', 'an', 'scale', 'were', 'are']);

interface Found {
  start: number;
  end: number;
  cue: Cue;
}
interface Candidate {
  start: number;
  end: number;
  value: number;
  range?: [number, number];
  scale: PainScore['scale'];
  timing?: PainScore['timing'];
}

/**
 * Reads 0-10 pain ratings ("8/10", "eight out of ten", "NRS: 5", "VAS 65 mm", "6-7/10") with their
 * timing around a procedure, qualifier (worst, at rest, ...) and whether they are a therapy goal.
 * An "x/10" needs a pain cue nearby ("out of 10" and a named scale are cues themselves), so dates,
 * blood pressures, strengths, drug strengths, lymph node counts and scale descriptions are not read.
 * A change "from 9/10 to 1/10" gives two scores; in a procedure context the first is `pre`, the
 * second `post`.
 * @example
 * extractPainScores('Pre-procedure pain 8/10. In recovery, pain 1/10.');
 * // [{ value: 8, scale: 'unspecified', timing: 'pre', kind: 'observed', span: { start: 19, end: 23 }, text: '8/10' },
 * //  { value: 1, scale: 'unspecified', timing: 'post', kind: 'observed', span: { start: 43, end: 47 }, text: '1/10' }]
 */
export function extractPainScores(input: string | PreparedDocument): PainScore[] {
  const doc = toDocument('extractPainScores', input);
  const lower = doc.lower;
  const candidates: Candidate[] = [];
  const re = SCORE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lower)) !== null) {
    const g = m.groups ?? {};
    const aStart = m.index + (g.pre?.length ?? 0) + (g.conn?.length ?? 0);
    const end = m.index + m[0].length;
    const read = readCandidate(doc, m, g, aStart, end, candidates);
    if (typeof read === 'number') re.lastIndex = read;
    else if (!read && g.pre !== undefined) {
      // The label did not introduce a rating; rescan after it so a score inside the span is not lost.
      re.lastIndex = m.index + g.pre.length;
    }
  }
  return finish(doc, candidates);
}

function readCandidate(
  doc: PreparedDocument,
  m: RegExpExecArray,
  g: Record<string, string | undefined>,
  aStart: number,
  end: number,
  out: Candidate[],
): boolean | number {
  const lower = doc.lower;
  const aRaw = g.a ?? '';
  const a = parseNumber(aRaw);
  if (a === undefined) return false;
  const aEnd = aStart + aRaw.length;
  // A spelled number glued to letters is part of a word ("tender", "oneself").
  if (/[a-z]/.test(aRaw.charAt(0)) && /[a-z]/.test(lower.charAt(aEnd))) return false;
  const pre = g.pre;
  const suf = g.suf;
  const ad = g.ad;
  // "5 and 8/10" is a range only after "between"; "4/10 with X and 9/10" are two scores, so read the
  // first alone and resume the scan at the second.
  if (g.sep !== undefined && /and/.test(g.sep) && !/between[ \t]{1,3}$/.test(lower.slice(Math.max(0, aStart - 12), aStart))) {
    const resume = aEnd + (ad === undefined ? 0 : ad.length);
    if (ad === undefined) return resume;
    const single = { ...m.groups, b: undefined, sep: undefined, suf: undefined, den: undefined, mm: undefined } as Record<string, string | undefined>;
    readCandidate(doc, m, single, aStart, resume, out);
    return resume;
  }
  let b = g.b === undefined ? undefined : parseNumber(g.b);
  let coreEnd = end;
  if (g.b !== undefined && (b === undefined || (ad !== undefined && suf === undefined))) {
    // "3/10 - 4 weeks ago": the second number is not part of the rating.
    b = undefined;
    coreEnd = aEnd + (ad?.length ?? 0);
  }
  const hasSlash = ad !== undefined || g.den !== undefined;
  const form: 'slash' | 'outof' | 'mm' | 'scale' | 'label' =
    hasSlash ? 'slash' : suf === undefined ? 'label' : g.mm !== undefined ? 'mm' : /of[ \t]+(?:10|ten)$/.test(suf) && !/scale/.test(suf) ? 'outof' : 'scale';
  if (form === 'label' && pre === undefined && !continuesBare(doc, out, aStart, a)) return false;
  // A labelled bare number followed by a unit is a dose, a duration or a count ("pain for 3 weeks").
  if (form === 'label' && NOT_A_RATING_AFTER.test(lower.slice(coreEnd, coreEnd + 16))) return false;
  // Followed by another slash: a date (10/10/2025), a drug strength (10/325), a fraction of something else.
  if (/^[ \t]?\//.test(lower.slice(coreEnd, coreEnd + 3))) return false;
  // "0-10", "1 to 10": a description of the scale, never a rating.
  if (b !== undefined && a <= 1 && b === 10 && ad === undefined) return false;
  const preText = pre ?? '';
  const preIsScaleDesc = /^(?:0|1|zero|one)|^scale/.test(preText);
  if (form === 'label' || (form === 'mm' && pre !== undefined)) {
    if (!connectorOk(g.conn ?? '', preText, preIsScaleDesc)) return false;
  }
  const spanStart = form === 'label' || form === 'mm' ? m.index : aStart;
  const span = { start: spanStart, end: coreEnd };
  if (form === 'mm' && !/vas|analog/.test(preText) && !nearVas(doc, aStart)) return false;
  // A date without a year ("seen on 8/10") reads like a score.
  if (DATE_PREPOSITION.test(lower.slice(Math.max(0, aStart - 16), aStart))) return false;

  const sentence = sentenceCues(doc, aStart);
  if (blocked(lower, sentence.cues, aStart, coreEnd, preText)) return false;
  // "5 on the MRC scale", "2 on the Ashworth scale": the scale named in the suffix is not a pain scale.
  if (form === 'scale' && sentence.cues.some((c) => c.cue.role === 'blocker' && c.start >= aEnd && c.end <= coreEnd)) return false;
  if (
    form === 'slash' &&
    pre === undefined &&
    !hasPainCue(sentence.cues, aStart, coreEnd, sentence.start, sentence.end) &&
    !listContinues(out, aStart, sentence.start) &&
    !TIMING_LABEL_BEFORE.test(lower.slice(Math.max(0, aStart - 20), aStart))
  ) {
    return false;
  }

  // Scale: named in the label or the suffix, else the nearest scale name in the sentence.
  let scale: PainScore['scale'] = 'unspecified';
  const named = /vas|visual|analog/.test(preText + (suf ?? '')) ? 'vas' : /nrs|nprs|numeric/.test(preText + (suf ?? '')) ? 'nrs' : undefined;
  const continues = listContinues(out, aStart, sentence.start);
  if (named) scale = named;
  else if (form === 'mm' || g.den === '100') scale = 'vas';
  else {
    let best = Infinity;
    for (const c of sentence.cues) {
      if (c.cue.role !== 'cue' || !c.cue.scale) continue;
      const d = c.end <= aStart ? aStart - c.end : c.start >= coreEnd ? c.start - coreEnd : 0;
      if (d < best && d <= 80) {
        best = d;
        scale = c.cue.scale;
      }
    }
    const last = out[out.length - 1];
    if (scale === 'unspecified' && continues && last) scale = last.scale;
  }

  let divisor = 1;
  if (g.den === '100' || g.mm === 'mm') divisor = 10;
  else if (form === 'label' && scale === 'vas' && a > 10 && a <= 100 && b === undefined) divisor = 10;
  const va = round(a / divisor, 2);
  const vb = b === undefined ? undefined : round(b / divisor, 2);
  if (va > 10 || (vb !== undefined && vb > 10)) return false;

  if (vb !== undefined) {
    const sep = g.sep ?? '';
    const before = lower.slice(Math.max(0, aStart - 40), aStart);
    const arrow = /[>→]/.test(sep);
    const isTransition = (arrow || (/to/.test(sep) && (ad !== undefined || CHANGE_FROM.test(before)))) && !RANGE_CUE.test(before);
    if (isTransition) {
      const firstEnd = aEnd + (ad?.length ?? 0);
      const proc = procedureContext(doc, aStart, sentence.cues);
      out.push({ start: aStart, end: firstEnd, value: va, scale, ...(proc ? { timing: 'pre' as const } : {}) });
      const bStart = firstEnd + sep.length;
      out.push({ start: bStart, end: coreEnd, value: vb, scale, ...(proc ? { timing: 'post' as const } : {}) });
      return true;
    }
    const lo = Math.min(va, vb);
    const hi = Math.max(va, vb);
    out.push({ ...span, value: round((lo + hi) / 2, 2), range: [lo, hi], scale });
    return true;
  }
  out.push({ ...span, value: va, scale });
  return true;
}

function connectorOk(conn: string, pre: string, preIsScaleDesc: boolean): boolean {
  const words = conn.split(/[^a-z~:=<>≤≥-]+/).filter((w) => w.length > 0);
  const bareLabel = /^pain$/.test(pre) || /^rat/.test(pre);
  let linked = !bareLabel || preIsScaleDesc;
  if (!preIsScaleDesc && conn.includes(',')) return false;
  for (const w of words) {
    if (/^[~:=<>≤≥-]+$/.test(w)) {
      linked = true;
      continue;
    }
    const bare = w.replace(/^[~:=<>≤≥-]+|[~:=<>≤≥-]+$/g, '');
    if (bare === '' || CONNECTOR_WORDS.has(bare)) {
      if (bare !== 'a' && bare !== 'an' && bare !== 'the' && bare !== 'her' && bare !== 'his' && bare !== 'its') linked = true;
      continue;
    }
    return false;
  }
  return linked;
}

function nearVas(doc: PreparedDocument, at: number): boolean {
  return /vas|visual analog|analog/.test(doc.lower.slice(Math.max(0, at - 30), at));
}

interface SentenceCues {
  start: number;
  end: number;
  index: number;
  cues: Found[];
}
const cueCache = new WeakMap<PreparedDocument, Map<number, SentenceCues>>();
// A "sentence" longer than this (a table, a run-on note with no punctuation) is only searched near the
// score, so the work per score stays bounded and a long text stays linear.
const LONG_SENTENCE = 1200;
const NEAR = 300;

function sentenceCues(doc: PreparedDocument, offset: number): SentenceCues {
  const index = doc.sentenceIndexAt(offset);
  const s = doc.sentences[index];
  const start = s ? Math.min(s.start, offset) : 0;
  const end = s ? Math.max(s.end, offset) : doc.text.length;
  if (end - start > LONG_SENTENCE) return { start, end, index, cues: nearCues(doc, Math.max(start, offset - NEAR), Math.min(end, offset + NEAR)) };
  let byIndex = cueCache.get(doc);
  if (!byIndex) {
    byIndex = new Map();
    cueCache.set(doc, byIndex);
  }
  let found = byIndex.get(index);
  if (!found || found.start > start || found.end < end) {
    found = { start, end, index, cues: scanCues(doc, start, end) };
    byIndex.set(index, found);
  }
  return found;
}

const BLOCK = 512;
const blockCache = new WeakMap<PreparedDocument, Map<number, Found[]>>();

/** Cues in [from, to) of a long sentence, from fixed blocks of the text that are each scanned once. */
function nearCues(doc: PreparedDocument, from: number, to: number): Found[] {
  let blocks = blockCache.get(doc);
  if (!blocks) {
    blocks = new Map();
    blockCache.set(doc, blocks);
  }
  const out: Found[] = [];
  for (let k = Math.floor(from / BLOCK); k * BLOCK < to; k++) {
    let cues = blocks.get(k);
    if (!cues) {
      // Each block is scanned with a margin so a phrase across its edge is found, and kept by the
      // block its start falls in.
      cues = scanCues(doc, Math.max(0, k * BLOCK - 64), Math.min(doc.lower.length, (k + 1) * BLOCK + 64)).filter(
        (c) => c.start >= k * BLOCK && c.start < (k + 1) * BLOCK,
      );
      blocks.set(k, cues);
    }
    for (const c of cues) if (c.start >= from && c.end <= to) out.push(c);
  }
  return out;
}

function scanCues(doc: PreparedDocument, from: number, to: number): Found[] {
  // Scan one character wider on each side, so word boundaries still hold at a block's edges.
  const lo = Math.max(0, from - 1);
  const cues: Found[] = [];
  for (const c of CUES.matches(doc.lower, doc.tokens, lo, Math.min(doc.lower.length, to + 1))) {
    if (c.start >= from && c.end <= to) cues.push({ start: c.start, end: c.end, cue: c.entry });
  }
  return cues;
}

/** How many other candidates lie inside [from, to); candidates are sorted by start. */
function countBetween(all: readonly Candidate[], from: number, to: number, self: Candidate): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((all[mid]?.start ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  let n = 0;
  for (let i = lo; i < all.length; i++) {
    const o = all[i];
    if (!o || o.start >= to) break;
    if (o !== self && o.end <= to) n++;
  }
  return n;
}

// "a VAS pain score regarding her lower back at a 6-7/10 and regarding her neck about 3/10": a score
// that continues a list of scores in the same sentence needs no cue of its own.
function listContinues(out: readonly Candidate[], start: number, sentenceStart: number): boolean {
  const last = out[out.length - 1];
  return last !== undefined && last.end >= sentenceStart && start - last.end <= 60;
}

// "NRS: 5 at rest, 8 with walking", "Pain scores: pre 8, post 3": a bare number right after a score of
// the same sentence, with only qualifier or timing words between, is the next score of the list.
const LIST_GAP_WORDS = new Set(
  'at rest resting with and or on during activity activities walking standing sitting movement worst least best average now today currently then pre post before after prior procedure injection block when while lying night day'.split(' '),
);
function continuesBare(doc: PreparedDocument, out: readonly Candidate[], start: number, value: number): boolean {
  const last = out[out.length - 1];
  if (!last || last.end > start || start - last.end > 30 || value > 10 || !Number.isInteger(value)) return false;
  if (doc.sentenceIndexAt(last.start) !== doc.sentenceIndexAt(start)) return false;
  const gap = doc.lower.slice(last.end, start);
  if (!/[,:]|\b(?:and|or)\b/.test(gap) || /[.;]/.test(gap)) return false;
  for (const w of gap.split(/[^a-z]+/)) if (w !== '' && !LIST_GAP_WORDS.has(w)) return false;
  return true;
}

function hasPainCue(cues: readonly Found[], start: number, end: number, sStart: number, sEnd: number): boolean {
  const from = Math.max(sStart, start - 70);
  const to = Math.min(sEnd, end + 40);
  for (const c of cues) if ((c.cue.role === 'cue' || (c.cue.role === 'qualifier' && QUALIFIER_CUES.has(c.cue.id))) && c.start >= from && c.end <= to) return true;
  return false;
}

// A blocker names what the number counts only when it sits right against it: "5/10 stools",
// "10/10 of the lymph nodes", "Gleason score 7/10". A blocker elsewhere in the sentence says nothing.
function blocked(lower: string, cues: readonly Found[], start: number, end: number, pre: string): boolean {
  for (const c of cues) {
    if (c.cue.role !== 'blocker') continue;
    if (c.start >= end && c.start - end <= 24) {
      if (onlyFiller(lower.slice(end, c.start))) return true;
    } else if (c.end <= start && start - c.end <= 24 && pre === '') {
      if (onlyFiller(lower.slice(c.end, start))) return true;
    }
  }
  return false;
}

function onlyFiller(between: string): boolean {
  if (/[.;,]/.test(between)) return false;
  for (const w of between.split(/[^a-z]+/)) if (w !== '' && !FILLER_WORDS.has(w)) return false;
  return true;
}

function procedureContext(doc: PreparedDocument, offset: number, cues: readonly Found[]): boolean {
  const category = doc.sectionAt(offset)?.category;
  if (category && PROCEDURE_SECTIONS.has(category)) return true;
  for (const c of cues) if (c.cue.role === 'timing' && (c.cue.timing === 'anchor' || c.cue.strength === 'strong')) return true;
  // The procedure is often named in the sentence before ("She tolerated the block well. Pain 1/10 after.")
  // or, for the score taken before it, in the sentence after ("VAS 7/10 on arrival. Under fluoroscopy ...").
  const si = doc.sentenceIndexAt(offset);
  for (const near of [doc.sentences[si - 1], doc.sentences[si + 1]]) {
    if (!near) continue;
    const nearCues = sentenceCues(doc, Math.max(near.start, near.end - 1));
    for (const c of nearCues.cues) if (c.cue.role === 'timing' && c.cue.timing === 'anchor') return true;
  }
  return false;
}

// "The patient tolerated the procedure well." ends the procedure: a score in the next sentences of
// the same section is a post-procedure score.
function completedBefore(doc: PreparedDocument, offset: number, sentence: SentenceCues): boolean {
  for (const c of sentence.cues) if (c.end <= offset && c.cue.id === 'post-completion') return true;
  const section = doc.sectionAt(offset);
  for (let i = sentence.index - 1; i >= Math.max(0, sentence.index - 2); i--) {
    const prev = doc.sentences[i];
    if (!prev || doc.sections[prev.section] !== section) break;
    for (const c of sentenceCues(doc, Math.max(prev.start, prev.end - 1)).cues) if (c.cue.id === 'post-completion') return true;
  }
  return false;
}

// How far a cue is from a score, in characters plus a toll for each clause break, conjunction and
// score between them: "Pre-procedure pain 8/10, post-procedure 2/10" gives each score its own cue.
function attachCost(lower: string, from: number, to: number, scoresBetween: number): number {
  const gap = lower.slice(from, to);
  let cost = gap.length + 40 * scoresBetween;
  for (let i = 0; i < gap.length; i++) {
    const ch = gap.charCodeAt(i);
    if (ch === 44 || ch === 59 || ch === 58 || ch === 46) cost += 25;
  }
  CLAUSE_WORD.lastIndex = 0;
  while (CLAUSE_WORD.exec(gap) !== null) cost += 20;
  return cost;
}

/**
 * Whether a timing cue may speak of this score: "NRS 6/10 pre." labels only the score it closes ("8/10
 * before and 3/10 after." is not two post scores), and "Pre NRS 6/10 | Post NRS 3/10" heads only the score
 * after it. Other cues reach either way (see `nearest`).
 */
function bindsTo(f: Found, cand: Candidate): boolean {
  const binds = f.cue.binds;
  if (binds === 'preceding') return f.start >= cand.end && f.start - cand.end <= 3;
  if (binds === 'following') return f.end <= cand.start;
  return true;
}

function nearest<T>(
  lower: string,
  cand: Candidate,
  cues: readonly Found[],
  all: readonly Candidate[],
  pick: (f: Found) => T | undefined,
  maxGap: number,
  local = false,
): T | undefined {
  let best: T | undefined;
  let bestCost = Infinity;
  for (const c of cues) {
    const v = pick(c);
    if (v === undefined) continue;
    let from: number;
    let to: number;
    if (c.end <= cand.start) {
      from = c.end;
      to = cand.start;
    } else if (c.start >= cand.end) {
      from = cand.end;
      to = c.start;
    } else {
      // A cue inside the evidence ("VAS pain score ...") belongs to it.
      return v;
    }
    if (to - from > maxGap) continue;
    // A semicolon ends the clause: "relief after the previous ESI; pain is back to 8/10"; a bar separates
    // a template's fields ("Pre NRS 6/10 | Post NRS 3/10").
    const gap = lower.slice(from, to);
    if (gap.includes(';') || gap.includes('|')) continue;
    const between = countBetween(all, from, to, cand);
    // A cue after another score belongs to that score when the two are contrasted ("2/10 compared to
    // 8/10 prior to the injection") but is shared by a plain list ("0/10 at rest and 0/10 with
    // maneuvers following the block"). Qualifiers (local) never reach past another score.
    if (between > 0 && (local || (c.start >= cand.end && CONTRAST.test(lower.slice(from, to))))) continue;
    const cost = attachCost(lower, from, to, between);
    if (cost < bestCost) {
      bestCost = cost;
      best = v;
    }
  }
  return best;
}

function finish(doc: PreparedDocument, candidates: Candidate[]): PainScore[] {
  const out: PainScore[] = [];
  const lower = doc.lower;
  for (const cand of candidates) {
    const sentence = sentenceCues(doc, cand.start);
    const cues = sentence.cues;
    const section = doc.sectionAt(cand.start);
    // A condition in instructions ("call if pain is above 7/10") is a threshold, not a reading.
    let threshold = false;
    let goal = section !== undefined && /goal/.test(section.name);
    for (const c of cues) {
      if (c.end > cand.start) {
        // "3/10 is the goal": a goal noun right after the score.
        if (c.cue.role === 'goal' && c.cue.id === 'goal-noun' && c.start >= cand.end && c.start - cand.end <= 20) goal = true;
        continue;
      }
      if (/;/.test(lower.slice(c.end, cand.start))) continue;
      if (c.cue.role === 'goal') goal = true;
      else if (c.cue.role === 'threshold' && cand.start - c.end <= 60) threshold = true;
    }
    if (threshold && !goal) continue;
    let timing: PainScore['timing'] = 'unspecified';
    if (goal) timing = 'unspecified';
    else if (cand.timing) timing = cand.timing;
    else {
      const proc = procedureContext(doc, cand.start, cues);
      const cued = nearest(
        lower,
        cand,
        cues,
        candidates,
        (f) => (f.cue.role === 'timing' && f.cue.timing !== 'anchor' && (f.cue.strength === 'strong' || proc) && bindsTo(f, cand) ? f.cue.timing : undefined),
        60,
      );
      if (cued === 'pre' || cued === 'post') timing = cued;
      else if (completedBefore(doc, cand.start, sentence)) timing = 'post';
      else if (section?.category === 'pre-procedure') timing = 'pre';
      else if (section?.category === 'post-procedure') timing = 'post';
    }
    const qualifier = cand.timing ? undefined : nearest(lower, cand, cues, candidates, (f) => (f.cue.role === 'qualifier' && !SCALE_ANCHOR_BEFORE.test(lower.slice(Math.max(0, f.start - 12), f.start)) ? f.cue.qualifier : undefined),
          40,
          true,
        );
    out.push({
      value: cand.value,
      ...(cand.range ? { range: cand.range } : {}),
      scale: cand.scale,
      timing,
      ...(qualifier ? { qualifier } : {}),
      kind: goal ? 'goal' : 'observed',
      span: { start: cand.start, end: cand.end },
      text: doc.text.slice(cand.start, cand.end),
    });
  }
  return out;
}
