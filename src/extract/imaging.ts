import { z } from 'zod';
import modalitiesData from '../../lexicons/imaging-modalities.json';
import contrastData from '../../lexicons/imaging-contrast.json';
import retentionData from '../../lexicons/imaging-retention.json';
import viewsData from '../../lexicons/imaging-views.json';
import type { ImagingGuidance, Span } from '../facts.js';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField } from '../lexicon.js';
import { parseNumber } from './numbers.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { checkBoxAt } from './checkbox.js';
import { findSpinalLevels } from './levels.js';

type Modality = ImagingGuidance['modality'];
type ViewName = NonNullable<ImagingGuidance['viewNames']>[number];

const imagingModalities = loadLexicon(
  'imaging-modalities',
  modalitiesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      modality: z.enum(['fluoroscopy', 'ultrasound', 'ct']),
      // The machine ("C-arm", "image intensifier"): named beside a guidance statement of its sentence, it is
      // part of that one use ("under fluoroscopic control by rotating the C-arm"), not a second one.
      equipment: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const imagingContrast = loadLexicon(
  'imaging-contrast',
  contrastData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // Phrases that name contrast without describing any given in this procedure: an allergy, a
      // diagnostic study "with and without contrast", or the "contrast agents" of a list of risks.
      exclusion: z.literal(true).optional(),
      // Injectate seen spreading ("good epidural spread", "spread of injectate"): under fluoroscopy only
      // contrast is seen, so it is contrast; under ultrasound it is the drug itself, so it is not.
      spread: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const imagingRetention = loadLexicon(
  'imaging-retention',
  retentionData,
  z
    .object({
      ...entryBase,
      ...termsField,
      // "Images were not saved due to a PACS outage": the sentence's other retention words ("PACS") are void.
      negative: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const imagingViews = loadLexicon(
  'imaging-views',
  viewsData,
  z
    .object({ ...entryBase, ...termsField, view: z.enum(['ap', 'lateral', 'oblique']).optional() })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

type Evidence =
  | { kind: 'contrast'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; exclusion: boolean; spread: boolean }
  | { kind: 'retained'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; negative: boolean }
  | { kind: 'view'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; view?: ViewName | undefined };

// Two scans: a modality phrase ("fluoroscopic images") may start the same words as a retention
// statement ("fluoroscopic images were saved"), and both are needed.
const modalityMatcher = new TermMatcher(imagingModalities.entries);
const evidenceMatcher = new TermMatcher<Evidence>([
  ...imagingContrast.entries.map((e): Evidence => ({ kind: 'contrast', terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, exclusion: e.exclusion ?? false, spread: e.spread ?? false })),
  ...imagingRetention.entries.map((e): Evidence => ({ kind: 'retained', terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, negative: e.negative ?? false })),
  ...imagingViews.entries.map((e): Evidence => ({ kind: 'view', terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, view: e.view })),
]);

// Paragraphs: a line break, or the ".," with which transcribed notes (MTSamples) flatten one.
const PARAGRAPH_BREAK = /\n|\.\s{0,2},/g;
const VIEW_COUNT = /^(?:two|three|four|\d)\b/i;
// Sections that describe no guidance given in this note: evidence there is history or plan.
const NOT_THIS_PROCEDURE = new Set(['plan', 'hpi', 'past-history', 'family-history', 'allergies', 'medications', 'social-history']);

interface Paragraph extends Span {
  guidance: { start: number; end: number; modality: Modality; sentence: number; equipment: boolean }[];
  contrast: boolean;
  /** Injectate seen spreading, which is contrast only under fluoroscopy or CT. */
  spread: boolean;
  retained: boolean;
  views: Set<ViewName>;
  viewCount?: number;
  levels: string[];
}

function paragraphs(doc: PreparedDocument): Paragraph[] {
  const out: Paragraph[] = [];
  for (const section of doc.sections) {
    // The header stays in its paragraph: "FLUOROSCOPY: 22 seconds" is itself a guidance mention.
    let start = section.span.start;
    const scope = doc.text.slice(start, section.span.end);
    PARAGRAPH_BREAK.lastIndex = 0;
    const base = start;
    let m: RegExpExecArray | null;
    while ((m = PARAGRAPH_BREAK.exec(scope)) !== null) {
      const end = base + m.index + m[0].length;
      if (end > start) out.push({ start, end, guidance: [], contrast: false, spread: false, retained: false, views: new Set(), levels: [] });
      start = end;
    }
    if (section.span.end > start) out.push({ start, end: section.span.end, guidance: [], contrast: false, spread: false, retained: false, views: new Set(), levels: [] });
  }
  return out;
}

// A passive negation right after the words ("Fluoroscopy was not needed", "contrast was not injected"), or a
// form field left empty ("Contrast: none").
const NEGATED_AFTER = /^\s{0,2}:\s{0,3}(?:none|no|n|n\/a|not\s{1,2}used)\b|^[^.;]{0,12}?\b(?:was|were|is|are)\s{1,2}not\s{1,2}(?:used|needed|utilized|injected|given|performed|available|obtained|saved|retained|stored|kept)\b/i;

// A list of the procedure's risks names the modality without describing guidance given: "Risks reviewed,
// including radiation exposure from fluoroscopy and allergic reaction to contrast dye". The list runs from a
// risk word to the mention within one clause; a new subject after a comma ends it ("After discussing the
// risks, the patient was taken to the fluoroscopy suite").
const RISK_LIST = /\b(?:risks?|complications?|side\s{1,2}effects?|adverse\s{1,2}(?:effects?|events?|reactions?))\b[^.;]{0,150}$/i;
const RISK_LIST_ENDS = /,\s{0,2}(?:the\s{1,2}patient|patient|we|i|he|she|they|under|using|with|then|and\s{1,2}then)\b/i;

function inRiskList(doc: PreparedDocument, s: Span): boolean {
  const sentence = doc.sentences[doc.sentenceIndexAt(s.start)];
  if (!sentence) return false;
  const m = RISK_LIST.exec(doc.text.slice(Math.max(sentence.start, s.start - 180), s.start));
  return m !== null && !RISK_LIST_ENDS.test(m[0]);
}

// How far (characters) a negation may stand before the words it denies. Dictated notes run a whole procedure
// into one comma-spliced sentence, where the "no" of "contrast along the L4 root, no vascular pattern, 80 mg
// Depo-Medrol, images were saved to the chart" would otherwise deny the retention said three clauses later.
const NEGATION_REACH = 60;
// ... and a comma or semicolon between them starts another clause of the splice ("without any vascular
// uptake, 10 mg dexamethasone given, the fluoroscopic images were stored").
const CLAUSE_SPLICE = /[,;]/;

function voided(doc: PreparedDocument, s: Span): boolean {
  if (NEGATED_AFTER.test(doc.text.slice(s.end, s.end + 40))) return true;
  return doc
    .assertionsAt(s)
    .some(
      (a) =>
        a.direction !== 'SECTION' &&
        a.trigger.span.end <= s.start &&
        ((a.category === 'negated' && s.start - a.trigger.span.end <= NEGATION_REACH && !CLAUSE_SPLICE.test(doc.text.slice(a.trigger.span.end, s.start))) ||
          a.category === 'hypothetical' ||
          a.category === 'historical' ||
          a.category === 'family'),
    );
}

/**
 * Reads each mention of image guidance (fluoroscopy, ultrasound, CT guidance) and what the note says
 * about it: contrast given (contrast, dye, epidurogram, spread, Omnipaque, Isovue), image retention
 * ("images saved to PACS", "permanent image recorded"), the levels and views seen.
 *
 * Attachment rule: a procedure note describes one imaging session per paragraph, so contrast,
 * retention, levels and views found in a paragraph belong to every guidance mention of that paragraph.
 * A paragraph with such statements but no guidance mention of its own (a separate "RADIOLOGY:" or
 * "EPIDUROGRAM:" paragraph, a closing "Images were saved." line) lends them to the mentions of the
 * nearest earlier paragraph that has one. Negated, planned and historical statements ("no contrast
 * was used", "allergic to contrast", "will be done under fluoroscopy") count for nothing.
 * @example
 * extractImagingGuidance('Under fluoroscopic guidance, contrast confirmed epidural spread at L5-S1. AP and lateral images were saved to PACS.');
 * // [{ modality: 'fluoroscopy', contrast: true, levelsVisualized: ['L5-S1'], imageRetained: true, views: 2,
 * //    viewNames: ['ap', 'lateral'], span: { start: 6, end: 27 }, text: 'fluoroscopic guidance' }]
 */
export function extractImagingGuidance(input: string | PreparedDocument): ImagingGuidance[] {
  const doc = toDocument('extractImagingGuidance', input);
  const { text, lower } = doc;
  const guidance = modalityMatcher.matches(lower, doc.tokens);
  if (guidance.length === 0) return [];
  const evidence = evidenceMatcher.matches(lower, doc.tokens);
  const paras = paragraphs(doc);
  const paraAt = (offset: number): Paragraph | undefined => {
    let lo = 0;
    let hi = paras.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = paras[mid];
      if (!p) return undefined;
      if (p.end <= offset) lo = mid + 1;
      else if (p.start > offset) hi = mid - 1;
      else return p;
    }
    return undefined;
  };

  for (const g of guidance) {
    if (voided(doc, g) || inRiskList(doc, g)) continue;
    if (doc.sectionAt(g.start)?.category === 'plan') continue;
    // "Imaging guidance: Ultrasound [x]  Fluoroscopy [ ]": a modality the template offered and the note did not tick.
    if (checkBoxAt(text, g) === 'unchecked') continue;
    const p = paraAt(g.start);
    if (!p) continue;
    const sentence = doc.sentenceIndexAt(g.start);
    const equipment = g.entry.equipment ?? false;
    const prev = p.guidance[p.guidance.length - 1];
    if (prev && prev.modality === g.entry.modality && prev.sentence === sentence && (prev.equipment || equipment)) {
      prev.end = g.end;
      prev.equipment &&= equipment;
    } else p.guidance.push({ start: g.start, end: g.end, modality: g.entry.modality, sentence, equipment });
  }
  const deniedSentences = new Set<number>();
  for (const e of evidence) if (e.entry.kind === 'retained' && e.entry.negative) deniedSentences.add(doc.sentenceIndexAt(e.start));
  for (const e of evidence) {
    const p = paraAt(e.start);
    if (!p) continue;
    if (NOT_THIS_PROCEDURE.has(doc.sectionAt(e.start)?.category ?? '')) continue;
    if (e.entry.kind === 'contrast') {
      if (!e.entry.exclusion && !voided(doc, e) && !inRiskList(doc, e)) {
        if (e.entry.spread) p.spread = true;
        else p.contrast = true;
      }
    } else if (e.entry.kind === 'retained') {
      if (!e.entry.negative && !voided(doc, e) && !deniedSentences.has(doc.sentenceIndexAt(e.start))) p.retained = true;
    } else if (e.entry.view) p.views.add(e.entry.view);
    else {
      const count = VIEW_COUNT.exec(text.slice(e.start, e.end));
      if (count) p.viewCount = parseNumber(count[0]);
    }
  }

  // Lend the statements of a paragraph without guidance to the nearest earlier one with guidance.
  let last: Paragraph | undefined;
  for (const p of paras) {
    const has = p.contrast || p.spread || p.retained || p.views.size > 0 || p.viewCount !== undefined || p.guidance.length > 0;
    if (!has) continue;
    p.levels = [];
    for (const f of findSpinalLevels(text, p.start, p.end)) for (const l of f.levels) if (!p.levels.includes(l)) p.levels.push(l);
    if (p.guidance.length > 0) {
      last = p;
      continue;
    }
    if (!last || NOT_THIS_PROCEDURE.has(doc.sectionAt(p.start)?.category ?? '')) continue;
    last.contrast ||= p.contrast;
    last.spread ||= p.spread;
    last.retained ||= p.retained;
    for (const v of p.views) last.views.add(v);
    last.viewCount ??= p.viewCount;
    for (const l of p.levels) if (!last.levels.includes(l)) last.levels.push(l);
  }

  const out: ImagingGuidance[] = [];
  for (const p of paras) {
    for (const g of p.guidance) {
      const viewNames = (['ap', 'lateral', 'oblique'] as const).filter((v) => p.views.has(v));
      const views = p.viewCount ?? (viewNames.length > 0 ? viewNames.length : undefined);
      out.push({
        modality: g.modality,
        contrast: p.contrast || (p.spread && g.modality !== 'ultrasound'),
        levelsVisualized: [...p.levels],
        imageRetained: p.retained,
        ...(views !== undefined ? { views } : {}),
        ...(viewNames.length > 0 ? { viewNames } : {}),
        span: { start: g.start, end: g.end },
        text: text.slice(g.start, g.end),
      });
    }
  }
  return out;
}
