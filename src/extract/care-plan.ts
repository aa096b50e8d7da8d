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
    .object({ ...entryBase, ...termsField, element: z.enum(CARE_PLAN_ELEMENTS) })
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

type Entry = { terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; element: CarePlanElement; detail?: string | undefined };

const matcher = new TermMatcher<Entry>([
  ...carePlanScales.entries.map((e): Entry => ({ terms: e.terms, element: 'pain-scale', detail: e.detail })),
  ...carePlanElements.entries,
]);
const referralMatcher = new TermMatcher<Entry>(carePlanReferrals.entries.map((e): Entry => ({ ...e, element: 'care-coordination' })));

// A PEG tube is a feeding tube, not the PEG pain scale.
const PEG_TUBE = /^[\s-]{0,2}(?:for\s{1,2})?(?:tube|placement|feeding|site)\b/i;
// Scale abbreviations are written in capitals; in lower case they are other words ("vas deferens").
const ABBREVIATION = /^[A-Za-z0-9-]{2,6}$/;
// "Thought process goal directed" is a mental status finding, not a treatment goal.
const GOAL_DIRECTED = /^[\s-]{1,2}directed\b/i;
// A past-tense action reported without "I" or "we" is another clinician's ("he was prescribed Motrin",
// "was then referred to Dr. X"): the history, not today's plan.
const PAST_ACTION = /^(?:referred|prescribed|started|increased|decreased|reduced|discontinued|tapered|weaned|switched|refilled|titrated|continued)\b/i;
const OWN_SUBJECT = /\b(?:i|we)\s{1,2}(?:have\s{1,2}|had\s{1,2})?(?:also\s{1,2}|then\s{1,2})?$/i;
// Declining is not having: "declines CBT", "not interested in psychology" (ConText's "declined" rule needs an
// article after it).
const DECLINED_BEFORE = /\b(?:declines|declined|refuses|refused|not\s{1,2}interested\s{1,2}in)\s{1,2}(?:(?:a|an|the|any)\s{1,2})?$/i;
// Actions (a prescription changed, a referral made) count for today's plan only: in the history they are
// what other clinicians did ("was started on gabapentin by her PCP", "was referred to us by Dr. X").
const ACTIONS = new Set<CarePlanElement>(['medication-management', 'care-coordination']);
const HISTORY_SECTIONS = new Set(['hpi', 'past-history', 'family-history', 'social-history', 'review-of-systems', 'allergies']);

/**
 * The elements of a person-centered chronic pain care plan (G3002/G3003) a note documents: a validated pain
 * scale (with its name in `detail`), goals, strengths or desired outcomes, medication management,
 * behavioral health and care coordination. Negated mentions ("no psychiatric follow-up") are not elements.
 * @example
 * extractCarePlan('PEG score 7. Goal: walk 30 minutes daily. Continue gabapentin. Refer to pain psychology.');
 * // [{ element: 'pain-scale', detail: 'PEG', ... }, { element: 'goals', ... }, { element: 'medication-management', ... },
 * //  { element: 'care-coordination', ... }, { element: 'behavioral-health', ... }]
 */
export function extractCarePlan(input: string | PreparedDocument): CarePlanElementFact[] {
  const doc = toDocument('extractCarePlan', input);
  const out: CarePlanElementFact[] = [];
  for (const h of [...matcher.matches(doc.lower, doc.tokens), ...referralMatcher.matches(doc.lower, doc.tokens)]) {
    if (keep(doc, h)) {
      out.push({
        element: h.entry.element,
        ...(h.entry.detail ? { detail: h.entry.detail } : {}),
        span: { start: h.start, end: h.end },
        text: doc.text.slice(h.start, h.end),
      });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  // Two names of one thing side by side ("Wong-Baker FACES scale") are one element.
  const merged: CarePlanElementFact[] = [];
  for (const f of out) {
    const prev = merged[merged.length - 1];
    if (prev && prev.element === f.element && prev.detail === f.detail && /^[\s-]{0,2}$/.test(doc.text.slice(prev.span.end, f.span.start))) {
      prev.span = { start: prev.span.start, end: f.span.end };
      prev.text = doc.text.slice(prev.span.start, prev.span.end);
    } else merged.push(f);
  }
  return merged;
}

function keep(doc: PreparedDocument, h: TermMatch<Entry>): boolean {
  const written = doc.text.slice(h.start, h.end);
  if (h.entry.detail === 'PEG' && PEG_TUBE.test(doc.text.slice(h.end, h.end + 20))) return false;
  if (h.entry.detail && ABBREVIATION.test(written) && written !== written.toUpperCase()) return false;
  if (h.entry.element === 'goals' && GOAL_DIRECTED.test(doc.text.slice(h.end, h.end + 12))) return false;
  if (PAST_ACTION.test(written) && !OWN_SUBJECT.test(doc.text.slice(Math.max(0, h.start - 20), h.start))) return false;
  const assertions = doc.assertionsAt(h);
  // A family member named as a strength ("supportive spouse") is the patient's support, not their history.
  if (h.entry.element !== 'strengths' && assertions.some((a) => a.category === 'family')) return false;
  if (assertions.some((a) => a.category === 'negated' && a.direction !== 'SECTION')) return false;
  if (DECLINED_BEFORE.test(doc.text.slice(Math.max(0, h.start - 30), h.start))) return false;
  if (ACTIONS.has(h.entry.element)) {
    if (HISTORY_SECTIONS.has(doc.sectionAt(h.start)?.category ?? '')) return false;
    if (assertions.some((a) => a.category === 'historical' && a.direction !== 'SECTION')) return false;
  }
  return true;
}
