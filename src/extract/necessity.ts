import { z } from 'zod';
import diagnosesData from '../../lexicons/necessity-diagnoses.json';
import imagingData from '../../lexicons/necessity-imaging.json';
import symptomsData from '../../lexicons/necessity-symptoms.json';
import impactData from '../../lexicons/necessity-impact.json';
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

// Statements that pain impairs function which the functional extractor does not read as a specific limitation
// ("has a difficult time opening jars", "is debilitating", "stopped working"): a payer's necessity review
// counts them as functional impact even when they name no measure.
const necessityImpact = loadLexicon(
  'necessity-impact',
  impactData,
  z.object({ ...entryBase, ...termsField }).refine(needsTerms, 'an entry needs terms or a pattern').refine(patternHasStartsWith, 'a pattern needs startsWith'),
);
const impactMatcher = new TermMatcher(necessityImpact.entries);

type DiagEntry = { kind: 'diagnosis'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; diagnosis: Diagnosis } | { kind: 'symptom'; terms: string[] };
type ImagingEntry = { terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; role: 'modality' | 'finding' | 'normal' | 'order' };

// Two matchers: a condition named in an imaging report ("foraminal stenosis") is a finding of the report
// (and then not a diagnosis), and one alternation would give the place to only one of them.
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
// Terse notes write the duration right after the symptom with no "for" ("axial back pain 18 months", "leg
// pain, 6 wks"); a time after a procedure or an event ("pain 2 weeks after the RFA") is not its chronicity.
const DURATION_DIRECT = new RegExp(`^\\s{0,2}[,(-]?\\s{0,2}${QUALIFIER}(?:${DURATION_SOURCE})(?![\\p{L}\\p{N}])(?!\\s{1,2}(?:after|post|following|since|from)\\b)`, 'iu');
const DURATION_AGO = new RegExp(`^[^.;:]{0,50}?\\b(?:began|begun|started|start|onset|beginning|first\\s{1,2}noted|developed)\\b[^.;:]{0,30}?(?<![\\p{L}\\p{N}])(?:${DURATION_SOURCE})\\s{1,2}ago\\b`, 'iu');
// The duration told before the symptom: "Five years ago, she developed symptoms ...", "within the last couple
// of years, began to develop numbness".
const DURATION_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?<pre>(?:within|over|in|during)\\s{1,2}the\\s{1,2}(?:last|past)\\s{1,2})?(?:${DURATION_SOURCE})(?<ago>\\s{1,2}ago)?\\s{0,2},?\\s{0,2}(?:(?:she|he|they|the\\s{1,2}patient)\\s{1,2})?(?:has\\s{1,2}|had\\s{1,2})?(?:developed|began|begun|started|noticed|first\\s{1,2}noticed|experienced)\\b[^.;:]{0,40}$`, 'iu');
// An onset given as a year ("neck pain since 2015", "Symptoms began after an MVC in 2019"): the symptoms are
// dated, but weeks would need the visit date, so the fact carries none.
const ONSET_YEAR = /^[^.;:]{0,40}?\b(?:since\s{1,2}(?:(?:early|late|mid)\s{1,2})?(?:[a-z]{3,9}\s{1,2})?(?:19|20)\d\d|(?:began|begun|started|onset|developed)\b[^.;:]{0,40}?\bin\s{1,2}(?:[a-z]{3,9}\s{1,2})?(?:19|20)\d\d)\b(?:\s{1,2}and\s{1,2}(?:has|have)\s{1,2}(?:persisted|continued)(?:\s{1,2}since)?)?/i;
const HISTORY_OF = new RegExp(`(?<![\\p{L}\\p{N}])(?:${DURATION_SOURCE})[\\s-]{0,2}(?:history|hx)\\s{1,2}of\\s{1,2}[a-z\\s-]{0,50}$`, 'iu');
// A duration after these words belongs to a treatment, its relief or a follow-up, not to the symptoms.
const NOT_SYMPTOM_TIME = /\b(?:relief|relieved|lasting|lasted|therapy|PT|injections?|block|ablation|taking|takes|took|medications?|follow|smok\w{0,3}|work\w{0,3}|employed|married|tried|treated|helped|improved|better|resolved|free)\b/i;
const LONG_UNIT = /(?:day|week|wk|month|mo|year|yr)s?\b/i;
const SHORT_UNITS = new Set(['minute', 'hour']);
const SAME_DIAGNOSIS_JOIN = /^\s{0,2}(?:with|and|,)\s{1,2}$/i;
// A sentence that goes on reporting the study the previous one named: "Updated cervical spine MRI is
// reviewed. It demonstrates moderate stenosis at C4-5, C5-6."
const REPORT_CONTINUES = /^\W{0,3}(?:it|this|these|they|which|the\s{1,2}(?:study|scan|report|images?|films?|mri|ct))\s{1,2}(?:also\s{1,2})?(?:shows?|showed|demonstrates?|demonstrated|reveals?|revealed|confirms?|confirmed|notes?|noted|is\s{1,2}significant|was\s{1,2}significant|indicates?|indicated)\b/i;
// Words only an imaging report uses ("annular fissure", "disc bulge", "ligamentum flavum hypertrophy"): with a
// spinal level they report a study even where the sentence does not name it ("At L4-L5, there is an annular
// disc bulge ...").
const REPORT_ONLY = /\b(?:annular\s{1,2}(?:tear|fissure|fissuring)|(?:disc|disk)\s{1,2}(?:bulge|bulging|desiccation|osteophyte\s{1,2}complex)|bulging\s{1,2}(?:disc|disk)|ligamentum\s{1,2}flavum|uncovertebral|effacement|thecal\s{1,2}sac|signal\s{1,2}(?:change|intensity)|modic|endplate)/i;
const DIAGNOSIS_LABEL = /^\W{0,3}(?:dx|diagnos[ie]s|impression|assessment)\b/i;
const REGION_WORD = /\b(?:lumbar|lumbosacral|cervical|thoracic|sacral|sacrum)\b/i;
const REGION_OF: Readonly<Record<string, Region>> = { C: 'cervical', T: 'thoracic', L: 'lumbar', S: 'sacral' };

const notReported = (doc: PreparedDocument, s: { start: number; end: number }) => doc.assertionsAt(s).some((a) => a.category === 'family');
const negatedAt = (doc: PreparedDocument, s: { start: number; end: number }) => doc.assertionsAt(s).some((a) => a.category === 'negated' && a.direction !== 'SECTION');

/**
 * The elements of medical necessity a payer looks for before an interventional procedure: the diagnosis
 * (radiculopathy, spondylosis, facet arthropathy, stenosis, ...), how long the symptoms have lasted, their
 * functional impact (the limitations read by `extractFunctionalStatements`, and statements that pain impairs
 * function: "difficult time opening jars", "is debilitating", "stopped working"), and imaging findings with the
 * spinal levels they name, so the level treated can be checked against them. A condition named inside an
 * imaging result is that finding, not a diagnosis; a report listing levels clause by clause (";") gives one
 * finding per clause. A duration with no unit count ("since 2015") is a symptom-duration without `durationWeeks`.
 * @example
 * extractMedicalNecessity('Low back pain for 6 months. MRI shows L4-5 disc protrusion with foraminal stenosis.');
 * // [{ element: 'symptom-duration', durationWeeks: 26.07, ... }, { element: 'imaging-finding', levels: ['L4-5'], region: 'lumbar', ... }]
 */
export function extractMedicalNecessity(input: string | PreparedDocument): NecessityElement[] {
  const doc = toDocument('extractMedicalNecessity', input);
  const out: NecessityElement[] = [];
  const diag = diagMatcher.matches(doc.lower, doc.tokens);
  const imaging = imagingMatcher.matches(doc.lower, doc.tokens);
  const text = doc.text;

  const findings: NecessityElement[] = [];
  readImaging(doc, diag, imaging, findings);
  // A condition named inside an imaging result is what the study shows, not the clinician's diagnosis: a
  // payer wants the diagnosis stated clinically, with the imaging to corroborate it ("MRI reveals lumbar
  // spinal stenosis at L4-5" is one imaging finding).
  let f = 0;
  let last: NecessityElement | undefined;
  for (const h of diag) {
    if (h.entry.kind !== 'diagnosis' || notReported(doc, h)) continue;
    while (f < findings.length && (findings[f]?.span.end ?? 0) <= h.start) f++;
    const finding = findings[f];
    if (finding && finding.span.start <= h.start && h.end <= finding.span.end) continue;
    // "Lumbar spinal stenosis with neurogenic claudication" is one diagnosis (one ICD-10 code), named twice.
    if (last?.diagnosis === h.entry.diagnosis && SAME_DIAGNOSIS_JOIN.test(text.slice(last.span.end, h.start))) {
      last.span = { start: last.span.start, end: h.end };
      last.text = text.slice(last.span.start, h.end);
      continue;
    }
    last = { element: 'diagnosis', diagnosis: h.entry.diagnosis, negated: negatedAt(doc, h), span: { start: h.start, end: h.end }, text: text.slice(h.start, h.end) };
    out.push(last);
  }
  out.push(...findings);
  readDurations(doc, diag, out);
  const limitations = extractFunctionalStatements(doc).filter((f) => f.kind === 'limitation');
  for (const f of limitations) out.push({ element: 'functional-impact', negated: f.negated, span: f.span, text: f.text });
  for (const h of impactMatcher.matches(doc.lower, doc.tokens)) {
    if (limitations.some((f) => f.span.start < h.end && h.start < f.span.end)) continue;
    if (doc.assertionsAt(h).some((a) => a.category === 'family' || (a.category === 'hypothetical' && a.direction !== 'SECTION'))) continue;
    out.push({ element: 'functional-impact', negated: negatedAt(doc, h), span: { start: h.start, end: h.end }, text: text.slice(h.start, h.end) });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function readDurations(doc: PreparedDocument, diag: readonly TermMatch<DiagEntry>[], out: NecessityElement[]): void {
  const text = doc.text;
  let lastEnd = -1;
  const usedBefore = new Set<number>();
  for (const [k, h] of diag.entries()) {
    if (h.start < lastEnd) continue;
    const sentence = doc.sentences[doc.sentenceIndexAt(h.start)];
    if (!sentence) continue;
    // A duration belongs to the nearest symptom before it: "neck pain since 2015 with right arm paresthesias
    // for the past 4 months" dates the pain and the paresthesias apart.
    const nextSymptom = diag[k + 1];
    const tail = text.slice(h.end, Math.min(sentence.end, h.end + 160, nextSymptom?.start ?? Infinity));
    // Most symptom words have no duration after them: a cheap look for a unit word saves the full pattern.
    const m = LONG_UNIT.test(tail) ? (DURATION_AFTER.exec(tail) ?? DURATION_AGO.exec(tail) ?? DURATION_DIRECT.exec(tail)) : null;
    let found: { start: number; end: number; weeks: number } | undefined;
    if (m && !NOT_SYMPTOM_TIME.test(tail.slice(0, m.index + m[0].length)) && m.groups?.dA && m.groups.dU && !SHORT_UNITS.has(unitId(m.groups.dU) ?? '')) {
      const weeks = durationToWeeks(m.groups.dA, m.groups.dB, m.groups.dU);
      // The evidence runs from the symptom to the end of its duration.
      if (weeks !== undefined) found = { start: h.start, end: h.end + m.index + m[0].length, weeks };
    }
    let undated: { start: number; end: number } | undefined;
    if (!found) {
      const y = ONSET_YEAR.exec(tail);
      if (y && !NOT_SYMPTOM_TIME.test(y[0])) undated = { start: h.start, end: h.end + y.index + y[0].length };
    }
    if (!found && !undated) {
      const head = text.slice(Math.max(sentence.start, h.start - 120), h.start);
      const b = LONG_UNIT.test(head) ? DURATION_BEFORE.exec(head) : null;
      if (b?.groups?.dA && b.groups.dU && (b.groups.pre ?? b.groups.ago) && !SHORT_UNITS.has(unitId(b.groups.dU) ?? '')) {
        const weeks = durationToWeeks(b.groups.dA, b.groups.dB, b.groups.dU);
        const start = h.start - head.length + b.index;
        // One duration told before several symptoms ("she developed symptoms radiating ...") is one fact.
        if (usedBefore.has(start)) continue;
        usedBefore.add(start);
        found = weeks !== undefined ? { start, end: h.end, weeks } : undefined;
        if (weeks === undefined) undated = { start, end: h.end };
      }
    }
    if (undated && !notReported(doc, undated)) {
      lastEnd = undated.end;
      out.push({ element: 'symptom-duration', negated: false, span: undated, text: text.slice(undated.start, undated.end) });
      continue;
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
  let studyBefore = false;
  for (const sentence of doc.sentences) {
    const continues = studyBefore && REPORT_CONTINUES.test(text.slice(sentence.start, Math.min(sentence.end, sentence.start + 60)));
    studyBefore = false;
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
    if (modality) studyBefore = true;
    // A finding counts as imaging when the sentence names the study, goes on reporting the one the previous
    // sentence named, stands in an imaging section, or uses report-only words with a level.
    const sentenceText = text.slice(sentence.start, sentence.end);
    // Terse notes run the diagnosis line into the study's section ("MRI: R L4-5 facet hypertrophy. Dx lumbar
    // spondylosis"): a line the clinician labels as the diagnosis is the diagnosis, not more of the report.
    const inImagingSection = doc.sectionAt(sentence.start)?.category === 'imaging' && !DIAGNOSIS_LABEL.test(sentenceText);
    const reportOnly = !modality && REPORT_ONLY.test(sentenceText) && findSpinalLevels(text, sentence.start, sentence.end).length > 0;
    if (!modality && !inImagingSection && !continues && !reportOnly) continue;
    // An ordered study reports nothing yet.
    if (hits.some((h) => h.role === 'order') || (modality && doc.assertionsAt(modality).some((a) => a.category === 'hypothetical'))) continue;
    hits.sort((a, b) => a.start - b.start);
    const findings = hits.filter((h) => h.role === 'finding' && (!modality || h.start > modality.start));
    const normal = hits.find((h) => h.role === 'normal' && (!modality || h.start > modality.start));
    if (!findings.length && !(modality && normal)) continue;
    // Without the study named, a report line leads with its level: "At L4-L5, there is an annular disc bulge".
    const leadLevel = modality ? undefined : findSpinalLevels(text, sentence.start, findings[0]?.start ?? sentence.start)[0];
    const sentenceFrom = modality ? modality.start : (leadLevel?.span.start ?? findings[0]?.start ?? sentence.start);
    // A report that lists its levels one clause each ("L4-5 protrusion ...; mild foraminal narrowing at L5-S1")
    // gives one finding per clause, so each level is checked against its own finding. A clause that only
    // denies ("; no stenosis") stays with the one before.
    const groups: (typeof findings)[] = [];
    let group: typeof findings = [];
    for (const f of findings) {
      const prev = group[group.length - 1];
      if (prev && text.slice(prev.end, f.start).includes(';') && !negatedAt(doc, f) && group.some((g) => !negatedAt(doc, g))) {
        groups.push(group);
        group = [];
      }
      group.push(f);
    }
    groups.push(group);
    groups.forEach((g, k) => {
      const from = k === 0 ? sentenceFrom : (findingStart(text, g[0]?.start ?? sentenceFrom, sentence.start));
      const clauseEnd = groups[k + 1]?.[0] ? text.lastIndexOf(';', groups[k + 1]?.[0]?.start ?? sentence.end) : sentence.end;
      const positive = g.filter((f) => !negatedAt(doc, f));
      const lastFinding = g[g.length - 1];
      const levels = findSpinalLevels(text, from, clauseEnd);
      let to = Math.max(lastFinding?.end ?? normal?.end ?? from, k === 0 ? (modality?.end ?? from) : from);
      for (const l of levels) if (l.span.end > to && l.span.start - to < 40) to = l.span.end;
      const levelsIn = levels.filter((l) => l.span.start < to).flatMap((l) => l.levels);
      const region = regionOf(sentenceText, levelsIn);
      out.push({
        element: 'imaging-finding',
        ...(levelsIn.length ? { levels: [...new Set(levelsIn)] } : {}),
        ...(region ? { region } : {}),
        negated: positive.length === 0,
        span: { start: from, end: to },
        text: text.slice(from, to),
      });
    });
  }
}

/** Where a clause's finding starts: after the ';' that opens the clause, at its first word. */
function findingStart(text: string, at: number, floor: number): number {
  const semi = text.lastIndexOf(';', at);
  let s = semi >= floor ? semi + 1 : at;
  while (s < at && /\s/.test(text[s] ?? '')) s++;
  return s;
}

function regionOf(sentence: string, levels: readonly string[]): Region | undefined {
  const word = REGION_WORD.exec(sentence)?.[0].toLowerCase();
  if (word) return word.startsWith('lumbo') ? 'lumbar' : word === 'sacrum' ? 'sacral' : (word as Region);
  const first = levels[0]?.[0];
  return first ? REGION_OF[first] : undefined;
}
