import { z } from 'zod';
import diagnosesData from '../../lexicons/necessity-diagnoses.json';
import imagingData from '../../lexicons/necessity-imaging.json';
import symptomsData from '../../lexicons/necessity-symptoms.json';
import { DIAGNOSES, type Diagnosis, type NecessityElement } from '../facts.js';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField, type TermMatch } from '../lexicon.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { extractFunctionalStatements } from './functional.js';
import { findSpinalLevels } from './levels.js';
import { DURATION_SOURCE, durationToWeeks, unitId } from './numbers.js';

type Region = NonNullable<NecessityElement['region']>;

const necessityDiagnoses = loadLexicon(
  'necessity-diagnoses',
  diagnosesData,
  z
    .object({ ...entryBase, ...termsField, diagnosis: z.enum(DIAGNOSES) })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const necessityImaging = loadLexicon(
  'necessity-imaging',
  imagingData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // modality: names a study; finding: an abnormality a study reports; normal: a study reported normal;
      // order: the study is requested, not read ("MRI to evaluate for stenosis" reports nothing).
      role: z.enum(['modality', 'finding', 'normal', 'order']),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const necessitySymptoms = loadLexicon('necessity-symptoms', symptomsData, z.object({ ...entryBase, terms: z.array(z.string().min(1)).min(1) }));

type DiagEntry = { kind: 'diagnosis'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; diagnosis: Diagnosis } | { kind: 'symptom'; terms: string[] };
type ImagingEntry = { terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; role: 'modality' | 'finding' | 'normal' | 'order' };

// Two matchers: a diagnosis named in an imaging report ("foraminal stenosis") is both a diagnosis and a
// finding, and one alternation would give the place to only one of them.
const diagMatcher = new TermMatcher<DiagEntry>([
  ...necessityDiagnoses.entries.map((e): DiagEntry => ({ kind: 'diagnosis', terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, diagnosis: e.diagnosis })),
  ...necessitySymptoms.entries.map((e): DiagEntry => ({ kind: 'symptom', terms: e.terms })),
]);
const imagingMatcher = new TermMatcher<ImagingEntry>(necessityImaging.entries);

// How long the symptoms have lasted: "for 6 months", "x 2 years", "over the past 3 weeks", "a 6-month
// history of", "began 2 years ago". Minutes and hours are the length of one episode, not chronicity.
// Up to two qualifiers ("for the past", "over about"), each optional rather than repeated.
const QUALIFIER = '(?:(?:about|approximately|approx\\.?|around|roughly|nearly|almost|over|more\\s{1,2}than|greater\\s{1,2}than|at\\s{1,2}least|the\\s{1,2}past|the\\s{1,2}last|past|last|the\\s{1,2}previous)\\s{1,2})?';
const LEAD = `(?:for|x|×|over|since|during)\\s{0,2}${QUALIFIER}${QUALIFIER}`;
const DURATION_AFTER = new RegExp(`^[^.;:]{0,60}?(?<![\\p{L}\\p{N}])${LEAD}(?:${DURATION_SOURCE})(?![\\p{L}\\p{N}])`, 'iu');
const DURATION_AGO = new RegExp(`^[^.;:]{0,50}?\\b(?:began|begun|started|start|onset|beginning|first\\s{1,2}noted|developed)\\b[^.;:]{0,30}?(?<![\\p{L}\\p{N}])(?:${DURATION_SOURCE})\\s{1,2}ago\\b`, 'iu');
const HISTORY_OF = new RegExp(`(?<![\\p{L}\\p{N}])(?:${DURATION_SOURCE})[\\s-]{0,2}(?:history|hx)\\s{1,2}of\\s{1,2}[a-z\\s-]{0,50}$`, 'iu');
// A duration after these words belongs to a treatment, its relief or a follow-up, not to the symptoms.
const NOT_SYMPTOM_TIME = /\b(?:relief|relieved|lasting|lasted|therapy|PT|injections?|block|ablation|taking|takes|took|medications?|follow|smok\w{0,3}|work\w{0,3}|employed|married|tried|treated|helped|improved|better|resolved|free)\b/i;
const LONG_UNIT = /(?:day|week|wk|month|mo|year|yr)s?\b/i;
const SHORT_UNITS = new Set(['minute', 'hour']);
const REGION_WORD = /\b(?:lumbar|lumbosacral|cervical|thoracic|sacral|sacrum)\b/i;
const REGION_OF: Readonly<Record<string, Region>> = { C: 'cervical', T: 'thoracic', L: 'lumbar', S: 'sacral' };

const notReported = (doc: PreparedDocument, s: { start: number; end: number }) => doc.assertionsAt(s).some((a) => a.category === 'family');
const negatedAt = (doc: PreparedDocument, s: { start: number; end: number }) => doc.assertionsAt(s).some((a) => a.category === 'negated' && a.direction !== 'SECTION');

/**
 * The elements of medical necessity a payer looks for before an interventional procedure: the diagnosis
 * (radiculopathy, spondylosis, facet arthropathy, stenosis, ...), how long the symptoms have lasted, their
 * functional impact (the limitations read by `extractFunctionalStatements`), and imaging findings with the
 * spinal levels they name, so the level treated can be checked against them.
 * @example
 * extractMedicalNecessity('Low back pain for 6 months. MRI shows L4-5 disc protrusion with foraminal stenosis.');
 * // [{ element: 'symptom-duration', durationWeeks: 26.07, ... }, { element: 'imaging-finding', levels: ['L4-5'], region: 'lumbar', ... },
 * //  { element: 'diagnosis', diagnosis: 'disc-herniation', ... }, { element: 'diagnosis', diagnosis: 'spinal-stenosis', ... }]
 */
export function extractMedicalNecessity(input: string | PreparedDocument): NecessityElement[] {
  const doc = toDocument('extractMedicalNecessity', input);
  const out: NecessityElement[] = [];
  const diag = diagMatcher.matches(doc.lower, doc.tokens);
  const imaging = imagingMatcher.matches(doc.lower, doc.tokens);
  const text = doc.text;

  for (const h of diag) {
    if (h.entry.kind !== 'diagnosis' || notReported(doc, h)) continue;
    out.push({ element: 'diagnosis', diagnosis: h.entry.diagnosis, negated: negatedAt(doc, h), span: { start: h.start, end: h.end }, text: text.slice(h.start, h.end) });
  }
  readDurations(doc, diag, out);
  readImaging(doc, diag, imaging, out);
  for (const f of extractFunctionalStatements(doc)) {
    if (f.kind !== 'limitation') continue;
    out.push({ element: 'functional-impact', negated: f.negated, span: f.span, text: f.text });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function readDurations(doc: PreparedDocument, diag: readonly TermMatch<DiagEntry>[], out: NecessityElement[]): void {
  const text = doc.text;
  let lastEnd = -1;
  for (const h of diag) {
    if (h.start < lastEnd) continue;
    const sentence = doc.sentences[doc.sentenceIndexAt(h.start)];
    if (!sentence) continue;
    const tail = text.slice(h.end, Math.min(sentence.end, h.end + 160));
    // Most symptom words have no duration after them: a cheap look for a unit word saves the full pattern.
    const m = LONG_UNIT.test(tail) ? (DURATION_AFTER.exec(tail) ?? DURATION_AGO.exec(tail)) : null;
    let found: { start: number; end: number; weeks: number } | undefined;
    if (m && !NOT_SYMPTOM_TIME.test(tail.slice(0, m.index + m[0].length)) && m.groups?.dA && m.groups.dU && !SHORT_UNITS.has(unitId(m.groups.dU) ?? '')) {
      const weeks = durationToWeeks(m.groups.dA, m.groups.dB, m.groups.dU);
      // The evidence runs from the symptom to the end of its duration.
      if (weeks !== undefined) found = { start: h.start, end: h.end + m.index + m[0].length, weeks };
    }
    if (!found) {
      const head = text.slice(Math.max(sentence.start, h.start - 80), h.start);
      const b = /\b(?:history|hx)\b/i.test(head) ? HISTORY_OF.exec(head) : null;
      if (b?.groups?.dA && b.groups.dU && !SHORT_UNITS.has(unitId(b.groups.dU) ?? '')) {
        const weeks = durationToWeeks(b.groups.dA, b.groups.dB, b.groups.dU);
        if (weeks !== undefined) found = { start: h.start - head.length + b.index, end: h.end, weeks };
      }
    }
    if (!found || notReported(doc, found)) continue;
    lastEnd = found.end;
    out.push({ element: 'symptom-duration', durationWeeks: found.weeks, negated: false, span: { start: found.start, end: found.end }, text: text.slice(found.start, found.end) });
  }
}

function readImaging(doc: PreparedDocument, diag: readonly TermMatch<DiagEntry>[], imaging: readonly TermMatch<ImagingEntry>[], out: NecessityElement[]): void {
  const text = doc.text;
  let i = 0;
  let d = 0;
  for (const sentence of doc.sentences) {
    const hits: { start: number; end: number; role: ImagingEntry['role'] }[] = [];
    while (i < imaging.length && (imaging[i]?.start ?? 0) < sentence.start) i++;
    for (let j = i; j < imaging.length && (imaging[j]?.start ?? 0) < sentence.end; j++) {
      const h = imaging[j];
      if (h) hits.push({ start: h.start, end: h.end, role: h.entry.role });
    }
    while (d < diag.length && (diag[d]?.start ?? 0) < sentence.start) d++;
    for (let j = d; j < diag.length && (diag[j]?.start ?? 0) < sentence.end; j++) {
      const h = diag[j];
      if (h?.entry.kind === 'diagnosis') hits.push({ start: h.start, end: h.end, role: 'finding' });
    }
    const modality = hits.find((h) => h.role === 'modality');
    // A finding counts as imaging when the sentence names the study or stands in an imaging section.
    const inImagingSection = doc.sectionAt(sentence.start)?.category === 'imaging';
    if (!modality && !inImagingSection) continue;
    // An ordered study reports nothing yet.
    if (hits.some((h) => h.role === 'order') || (modality && doc.assertionsAt(modality).some((a) => a.category === 'hypothetical'))) continue;
    hits.sort((a, b) => a.start - b.start);
    const findings = hits.filter((h) => h.role === 'finding' && (!modality || h.start > modality.start));
    const normal = hits.find((h) => h.role === 'normal' && (!modality || h.start > modality.start));
    if (!findings.length && !(modality && normal)) continue;
    const from = modality ? modality.start : (findings[0]?.start ?? sentence.start);
    const positive = findings.filter((f) => !negatedAt(doc, f));
    const last = findings[findings.length - 1];
    const levels = findSpinalLevels(text, from, sentence.end);
    let to = Math.max(last?.end ?? normal?.end ?? from, modality?.end ?? from);
    for (const l of levels) if (l.span.end > to && l.span.start - to < 40) to = l.span.end;
    const levelsIn = levels.filter((l) => l.span.start < to).flatMap((l) => l.levels);
    const region = regionOf(text.slice(sentence.start, sentence.end), levelsIn);
    out.push({
      element: 'imaging-finding',
      ...(levelsIn.length ? { levels: [...new Set(levelsIn)] } : {}),
      ...(region ? { region } : {}),
      negated: positive.length === 0,
      span: { start: from, end: to },
      text: text.slice(from, to),
    });
  }
}

function regionOf(sentence: string, levels: readonly string[]): Region | undefined {
  const word = REGION_WORD.exec(sentence)?.[0].toLowerCase();
  if (word) return word.startsWith('lumbo') ? 'lumbar' : word === 'sacrum' ? 'sacral' : (word as Region);
  const first = levels[0]?.[0];
  return first ? REGION_OF[first] : undefined;
}
