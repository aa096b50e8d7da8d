import { z } from 'zod';
import scalesData from '../../lexicons/care-plan-scales.json';
import elementsData from '../../lexicons/care-plan-elements.json';
import referralsData from '../../lexicons/care-plan-referrals.json';
import { CARE_PLAN_ELEMENTS, type CarePlanElement, type CarePlanElementFact } from '../facts.js';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField, type TermMatch } from '../lexicon.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';

const carePlanScales = loadLexicon(
  'care-plan-scales',
  scalesData,
  // `detail` is the scale's short name, reported with the element.
  z.object({ ...entryBase, detail: z.string().min(1), terms: z.array(z.string().min(1)).min(1) }),
);

const carePlanElements = loadLexicon(
  'care-plan-elements',
  elementsData,
  z
    // screen: a scored screening instrument (PHQ-9, GAD-7): "PHQ-2 negative" is a screen done, not denied.
    .object({ ...entryBase, ...termsField, element: z.enum(CARE_PLAN_ELEMENTS), screen: z.boolean().optional() })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

// Referrals are read apart from the other elements: "referral to pain psychology" is both care coordination
// and behavioral health, and one alternation would give the words to only one of them.
const carePlanReferrals = loadLexicon(
  'care-plan-referrals',
  referralsData,
  z.object({ ...entryBase, ...termsField }).refine(needsTerms, 'an entry needs terms or a pattern').refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

type Entry = {
  terms?: string[] | undefined;
  pattern?: string | undefined;
  startsWith?: string[] | undefined;
  element: CarePlanElement;
  detail?: string | undefined;
  screen?: boolean | undefined;
  referral?: boolean | undefined;
};

const matcher = new TermMatcher<Entry>([
  ...carePlanScales.entries.map((e): Entry => ({ terms: e.terms, element: 'pain-scale', detail: e.detail })),
  ...carePlanElements.entries,
]);
const referralMatcher = new TermMatcher<Entry>(carePlanReferrals.entries.map((e): Entry => ({ ...e, element: 'care-coordination', referral: true })));

// A PEG tube is a feeding tube, not the PEG pain scale.
const PEG_TUBE = /^[\s-]{0,2}(?:for\s{1,2})?(?:tube|placement|feeding|site)\b/i;
// Scale abbreviations are written in capitals; in lower case they are other words ("vas deferens").
const ABBREVIATION = /^[A-Za-z0-9-]{2,6}$/;
// "Thought process goal directed" is a mental status finding, not a treatment goal.
const GOAL_DIRECTED = /^[\s-]{1,2}directed\b/i;
// A past-tense action reported without "I" or "we" is another clinician's ("he was prescribed Motrin",
// "was then referred to Dr. X"): the history, not today's plan.
const PAST_ACTION = /^(?:referred|prescribed|started|increased|decreased|reduced|discontinued|tapered|weaned|switched|refilled|titrated|continued|added)\b/i;
// ...unless it opens the sentence, the telegraphic style of a plan ("2. Referred to pain psychology."):
// "Previously referred to PT" and "was referred" do not.
const SENTENCE_OPENING = /^[\s\d.)(#*•-]{0,8}(?:[A-Za-z][A-Za-z /-]{0,30}:\s{0,3})?$/;
const OWN_SUBJECT = /\b(?:i|we)\s{1,2}(?:have\s{1,2}|had\s{1,2})?(?:also\s{1,2}|then\s{1,2})?$/i;
// Declining is not having: "declines CBT", "not interested in psychology" (ConText's "declined" rule needs an
// article after it).
const DECLINED_BEFORE = /\b(?:declines|declined|refuses|refused|not\s{1,2}interested\s{1,2}in)\s{1,2}(?:(?:a|an|the|any)\s{1,2})?$/i;
// Actions (a prescription changed, a referral made) count for today's plan only: in the history they are
// what other clinicians did ("was started on gabapentin by her PCP", "was referred to us by Dr. X").
const ACTIONS = new Set<CarePlanElement>(['medication-management', 'care-coordination']);
// "Goals were not discussed", "PDMP was not reviewed": the negation follows the element.
const NEGATED_AFTER = /^[\s)]{0,3}(?:were|was|is|are|has|have|had)\s{1,2}(?:not|never)\b/i;
// A scale to be given later ("PROMIS at the next visit") is not an assessment done.
const NEXT_VISIT = /^[^.;]{0,30}\b(?:at|by|on|during)\s{1,2}(?:the\s{1,2})?(?:next|following|subsequent|future)\s{1,2}(?:visit|appointment|encounter|follow-up)\b/i;
// Goals and strengths are statements, often lists ("Strengths: supportive husband, highly motivated"):
// one sentence naming several is one element, not several.
const STATEMENTS = new Set<CarePlanElement>(['goals', 'strengths']);
// Words that may join a behavioral-health referral to the service it names ("referral to pain psychology
// for CBT").
const REFERRAL_JOINERS = new Set(['for', 'and', 'to', 'with', 'a', 'an', 'the', 'of', 'in', '']);
const joins = (gap: string): boolean => gap.length <= 16 && gap.split(/[\s,-]+/).every((w) => REFERRAL_JOINERS.has(w.toLowerCase()));
const HISTORY_SECTIONS = new Set(['hpi', 'past-history', 'family-history', 'social-history', 'review-of-systems', 'allergies']);

/**
 * The elements of a person-centered chronic pain care plan (G3002/G3003) a note documents: a validated pain
 * scale (with its name in `detail`), goals, strengths or desired outcomes, medication management,
 * behavioral health and care coordination. Negated mentions ("no psychiatric follow-up"), scales planned
 * for a later visit and past behavioral treatment are not elements. Each medication action or contact with
 * another clinician is one fact; the goals or strengths one sentence lists are one; a referral to behavioral
 * health is one behavioral-health fact (conventions in corpora/ANNOTATION.md).
 * @example
 * extractCarePlan('PEG score 7. Goal: walk 30 minutes daily. Continue gabapentin. Refer to pain psychology. Spoke with his PCP.');
 * // [{ element: 'pain-scale', detail: 'PEG', ... }, { element: 'goals', ... }, { element: 'medication-management', ... },
 * //  { element: 'behavioral-health', text: 'Refer to pain psychology', ... }, { element: 'care-coordination', ... }]
 */
export function extractCarePlan(input: string | PreparedDocument): CarePlanElementFact[] {
  const doc = toDocument('extractCarePlan', input);
  type Found = { element: CarePlanElement; detail?: string | undefined; start: number; end: number; referral: boolean };
  const found: Found[] = [];
  for (const h of [...matcher.matches(doc.lower, doc.tokens), ...referralMatcher.matches(doc.lower, doc.tokens)]) {
    if (keep(doc, h)) found.push({ element: h.entry.element, detail: h.entry.detail, start: h.start, end: h.end, referral: h.entry.referral ?? false });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const text = doc.text;
  const sentenceOf = (offset: number) => doc.sentenceIndexAt(offset);
  const dropped = new Set<Found>();
  // A referral to behavioral health is the behavioral-health element, once: counted also as care
  // coordination, one referral would fill two of the six elements. It takes in the services it names
  // ("Referred to pain psychology for CBT-CP").
  found.forEach((r, i) => {
    if (!r.referral) return;
    const named: Found[] = [];
    const prior = found[i - 1];
    if (prior?.element === 'behavioral-health' && prior.end > r.start) named.push(prior);
    let j = i + 1;
    for (; j < found.length && (found[j]?.start ?? Infinity) < r.end; j++) {
      const f = found[j];
      if (f?.element === 'behavioral-health') named.push(f);
    }
    if (!named.length) return;
    let end = Math.max(r.end, ...named.map((f) => f.end));
    for (; j < found.length; j++) {
      const f = found[j];
      if (!f || f.start < end) continue;
      if (f.element !== 'behavioral-health' || !joins(text.slice(end, f.start))) break;
      named.push(f);
      end = f.end;
    }
    for (const f of named) dropped.add(f);
    r.element = 'behavioral-health';
    r.end = end;
  });
  const merged: Found[] = [];
  const lastOf = new Map<string, Found>();
  for (const f of found) {
    if (dropped.has(f)) continue;
    const key = `${f.element}|${f.detail ?? ''}`;
    const prev = lastOf.get(key);
    // Two names of one thing side by side ("Wong-Baker FACES scale") are one element, and so are the goals
    // or strengths one sentence lists.
    if (prev && f.start < prev.end) continue;
    const adjacent = prev !== undefined && /^[\s-]{0,2}$/.test(text.slice(prev.end, f.start));
    const statement = prev !== undefined && STATEMENTS.has(f.element) && sentenceOf(prev.start) === sentenceOf(f.start);
    if (prev && (adjacent || statement)) prev.end = f.end;
    else {
      merged.push(f);
      lastOf.set(key, f);
    }
  }
  // A template label ("Care coordination: spoke with the hospice RN; letter sent to cardiologist") heads the
  // actions it lists; they are the facts, the label is not one more.
  const later = new Set<string>();
  const out: Found[] = [];
  for (let i = merged.length - 1; i >= 0; i--) {
    const f = merged[i];
    if (!f) continue;
    const key = `${String(sentenceOf(f.start))}|${f.element}`;
    if (!(later.has(key) && /^\s{0,2}:/.test(text.slice(f.end, f.end + 3)))) out.push(f);
    later.add(key);
  }
  out.reverse();
  return out.map((f) => ({
    element: f.element,
    ...(f.detail ? { detail: f.detail } : {}),
    span: { start: f.start, end: f.end },
    text: text.slice(f.start, f.end),
  }));
}

function keep(doc: PreparedDocument, h: TermMatch<Entry>): boolean {
  const text = doc.text;
  const written = text.slice(h.start, h.end);
  if (h.entry.detail === 'PEG' && PEG_TUBE.test(text.slice(h.end, h.end + 20))) return false;
  if (h.entry.detail && ABBREVIATION.test(written) && written !== written.toUpperCase()) return false;
  if (h.entry.element === 'goals' && GOAL_DIRECTED.test(text.slice(h.end, h.end + 12))) return false;
  if (PAST_ACTION.test(written) && !OWN_SUBJECT.test(text.slice(Math.max(0, h.start - 20), h.start))) {
    const sentence = doc.sentences[doc.sentenceIndexAt(h.start)];
    if (!sentence || !SENTENCE_OPENING.test(text.slice(Math.max(sentence.start, h.start - 40), h.start))) return false;
  }
  // In list-like plans a semicolon ends a clause: "no aberrancies; UDS consistent" does not deny the UDS.
  const assertions = doc.assertionsAt(h).filter((a) => a.direction === 'SECTION' || !text.slice(Math.min(a.trigger.span.end, h.end), Math.max(a.trigger.span.start, h.start)).includes(';'));
  // A family member named as a strength ("supportive spouse") is the patient's support, not their history.
  if (h.entry.element !== 'strengths' && assertions.some((a) => a.category === 'family')) return false;
  // "PHQ-2 negative" reports a screen's result; only a negation before the instrument denies it.
  if (assertions.some((a) => a.category === 'negated' && a.direction !== 'SECTION' && !(h.entry.screen && a.trigger.span.start >= h.end))) return false;
  if (NEGATED_AFTER.test(text.slice(h.end, h.end + 24))) return false;
  if (DECLINED_BEFORE.test(text.slice(Math.max(0, h.start - 30), h.start))) return false;
  const historical = assertions.some((a) => a.category === 'historical' && a.direction !== 'SECTION');
  if (ACTIONS.has(h.entry.element)) {
    if (HISTORY_SECTIONS.has(doc.sectionAt(h.start)?.category ?? '')) return false;
    if (historical) return false;
  }
  // Past behavioral treatment ("History of CBT in 2019") is history, not today's plan.
  if (h.entry.element === 'behavioral-health' && !h.entry.screen && historical) return false;
  // A scale or screen to be given later is not one given.
  if (h.entry.detail || h.entry.screen) {
    if (assertions.some((a) => a.category === 'hypothetical' && a.direction !== 'SECTION')) return false;
    if (NEXT_VISIT.test(text.slice(h.end, h.end + 60))) return false;
  }
  return true;
}
