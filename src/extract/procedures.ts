import { z } from 'zod';
import typesData from '../../lexicons/procedure-types.json';
import approachesData from '../../lexicons/procedure-approaches.json';
import lateralityData from '../../lexicons/procedure-laterality.json';
import regionsData from '../../lexicons/procedure-regions.json';
import statusCuesData from '../../lexicons/procedure-status-cues.json';
import cptData from '../../lexicons/cpt-codes.json';
import { PROCEDURE_TYPES, SPINE_REGIONS, type ProcedureCode, type ProcedureMention, type ProcedureType, type Span, type SpineRegion } from '../facts.js';
import { entryBase, loadLexicon, needsTerms, patternHasStartsWith, TermMatcher, termsField } from '../lexicon.js';
import { toDocument, type PreparedDocument } from '../pipeline/prepare.js';
import { checkBoxAt } from './checkbox.js';
import { findSpinalLevels } from './levels.js';

type Status = ProcedureMention['status'];
type Side = 'left' | 'right' | 'bilateral';
const DIRECTIONS = ['before', 'after', 'both'] as const;

const procedureTypes = loadLexicon(
  'procedure-types',
  typesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      type: z.enum(PROCEDURE_TYPES),
      // The approach a name states by itself ("transforaminal epidural steroid injection").
      approach: z.string().optional(),
      // The device named without saying trial or permanent ("spinal cord stimulator"): a permanent implant
      // unless "trial" stands right next to it.
      bare: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const procedureApproaches = loadLexicon(
  'procedure-approaches',
  approachesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      approach: z.string(),
      // An unspecified epidural steroid injection done through this approach is that kind of ESI
      // ("epidural steroid injection ... using a paramedian approach" is interlaminar).
      impliesType: z.enum(PROCEDURE_TYPES).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern'),
);

const procedureLaterality = loadLexicon(
  'procedure-laterality',
  lateralityData,
  z.object({ ...entryBase, side: z.enum(['left', 'right', 'bilateral']), terms: z.array(z.string().min(1)).min(1) }),
);

const procedureRegions = loadLexicon(
  'procedure-regions',
  regionsData,
  z.object({ ...entryBase, region: z.enum(SPINE_REGIONS), terms: z.array(z.string().min(1)).min(1) }),
);

const procedureStatusCues = loadLexicon(
  'procedure-status-cues',
  statusCuesData,
  z
    .object({
      ...entryBase,
      ...termsField,
      status: z.enum(['performed', 'planned', 'prior', 'negated']),
      direction: z.enum(DIRECTIONS),
      // Says what finally happened to the procedure ("..., which were performed today", "was cancelled"): it
      // outranks a cue before the name ("Her treatment plan will consist of trigger point injections, which
      // were performed today").
      decisive: z.literal(true).optional(),
      // An outcome word ("successful SCS trial"): it dates the procedure only when nothing else in the clause
      // or the section does, since "a successful L4-5 TFESI was performed today" is today's.
      weak: z.literal(true).optional(),
      // A refusal with no object of its own ("..., but the patient does not wish to proceed"): it reaches back
      // across the clause break to the procedure the sentence proposed.
      sentence: z.literal(true).optional(),
    })
    .refine(needsTerms, 'an entry needs terms or a pattern')
    .refine(patternHasStartsWith, 'a pattern needs startsWith'),
);

const cptCodes = loadLexicon(
  'cpt-codes',
  cptData,
  z.object({
    ...entryBase,
    system: z.enum(['cpt', 'hcpcs']),
    // Absent for codes that bill no one procedure (image guidance, chronic pain management).
    type: z.enum(PROCEDURE_TYPES).optional(),
    region: z.enum(SPINE_REGIONS).optional(),
    codes: z.array(z.string().regex(/^(?:\d{5}|[A-Z]\d{4})$/)).min(1),
    description: z.string().min(1),
  }),
);

type CodeEntry = (typeof cptCodes.entries)[number];
const CODE_TABLE = new Map<string, CodeEntry>();
for (const e of cptCodes.entries) for (const c of e.codes) CODE_TABLE.set(c, e);

/**
 * What the pain-procedure code table says a CPT/HCPCS code bills (codes given with a claim, not read from
 * text), or undefined for a code outside the table.
 *
 * @example
 * lookupCode('64483'); // { code: '64483', system: 'cpt', type: 'transforaminal-esi', region: 'lumbar', description: '...' }
 */
export function lookupCode(code: string): { code: string; system: 'cpt' | 'hcpcs'; type?: ProcedureType; region?: SpineRegion; description: string } | undefined {
  const e = CODE_TABLE.get(code.trim().toUpperCase());
  if (!e) return undefined;
  return { code: code.trim().toUpperCase(), system: e.system, ...(e.type ? { type: e.type } : {}), ...(e.region ? { region: e.region } : {}), description: e.description };
}

type Entry =
  | { kind: 'type'; terms?: string[] | undefined; pattern?: string | undefined; startsWith?: string[] | undefined; type: ProcedureType; approach?: string | undefined; bare: boolean }
  | { kind: 'approach'; terms?: string[] | undefined; pattern?: string | undefined; approach: string; impliesType?: ProcedureType | undefined }
  | { kind: 'side'; terms: string[]; side: Side }
  | { kind: 'region'; terms: string[]; region: SpineRegion }
  | {
      kind: 'status';
      terms?: string[] | undefined;
      pattern?: string | undefined;
      startsWith?: string[] | undefined;
      status: Status;
      direction: (typeof DIRECTIONS)[number];
      decisive: boolean;
      weak: boolean;
      sentence: boolean;
    };

const matcher = new TermMatcher<Entry>([
  ...procedureTypes.entries.map((e): Entry => ({ kind: 'type', terms: e.terms, pattern: e.pattern, startsWith: e.startsWith, type: e.type, approach: e.approach, bare: e.bare ?? false })),
  ...procedureApproaches.entries.map((e): Entry => ({ kind: 'approach', terms: e.terms, pattern: e.pattern, approach: e.approach, impliesType: e.impliesType })),
  ...procedureLaterality.entries.map((e): Entry => ({ kind: 'side', terms: e.terms, side: e.side })),
  ...procedureRegions.entries.map((e): Entry => ({ kind: 'region', terms: e.terms, region: e.region })),
  ...procedureStatusCues.entries.map(
    (e): Entry => ({
      kind: 'status',
      terms: e.terms,
      pattern: e.pattern,
      startsWith: e.startsWith,
      status: e.status,
      direction: e.direction,
      decisive: e.decisive ?? false,
      weak: e.weak ?? false,
      sentence: e.sentence ?? false,
    }),
  ),
]);

interface Hit {
  start: number;
  end: number;
  entry: Entry;
}

/** How far (characters) the words before a procedure name may reach ("Left L4-5 and L5-S1 ..."). */
const BEFORE_REACH = 80;
/** How far the words after a name may reach ("... at L4-5 on the left, which was performed today"). */
const AFTER_REACH = 100;
// A clause break ends what a name's modifiers and status cues can be: "TFESI gave relief; will schedule RFA".
// The colon of a template field ("Level(s): L4-5, L5-S1   Side: Left") labels the name's own modifiers.
const CLAUSE_BREAK = /;|(?<!\b(?:levels?|level\(s\)|side|laterality|approach|region|site)\s{0,2}):|\.(?=\s)|\b(?:but|however|although|though|whereas|because)\b/gi;
// Words that start the next item of a list of procedures; the item's own levels and side follow them.
const LIST_SEPARATOR = /,|&|\b(?:and|or|then|plus|followed\s{1,2}by|as\s{1,2}well\s{1,2}as)\b/i;
const TRIAL_NEAR = /\btrial\b/i;
/** How far (characters) a ConText negation trigger may stand before the name it denies. */
const NEGATION_REACH = 50;
/** How far after the name an approach word still describes it ("ESI at L4-L5 using a paramedian approach"). */
const APPROACH_AFTER_REACH = 40;

const SECTION_STATUS: Partial<Record<string, Status>> = {
  procedure: 'performed',
  'post-procedure': 'performed',
  'pre-procedure': 'performed',
  other: 'performed',
  plan: 'planned',
  assessment: 'planned',
  hpi: 'prior',
  'past-history': 'prior',
  medications: 'prior',
  'review-of-systems': 'prior',
  exam: 'prior',
  imaging: 'prior',
  'social-history': 'prior',
  allergies: 'prior',
};

const PRIOR_HEADER = /^(?:prior|previous|past)\b/i;
const TIMING_PREFIX = /(?<![\p{L}\p{N}])(?:pre|post)-$/iu;
const SIDE_LETTER = /(?<![\p{L}\p{N}/.&-])([LR])\.?\s{1,2}$/u;

const REGION_OF_LETTER: Record<string, SpineRegion> = { C: 'cervical', T: 'thoracic', L: 'lumbar', S: 'sacral' };

function clauseBounds(text: string, from: number, to: number, at: number): Span {
  let start = from;
  let end = to;
  CLAUSE_BREAK.lastIndex = 0;
  const scope = text.slice(from, to);
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(scope)) !== null) {
    const s = from + m.index;
    if (s + m[0].length <= at) start = s + m[0].length;
    else if (s >= at) {
      end = s;
      break;
    }
  }
  return { start, end };
}

// Words that may stand inside one run of levels ("L3, L4 medial branches and L5", "from L3 to S1").
const RUN_GAP = /^(?:[\s,&/-]|\b(?:and|or|to|through|thru|medial|branch|branches|dorsal|ramus|rami|nerve|nerves|roots?|levels?|facets?|foramina?|joints?)\b)*$/i;
/** How far a run of levels may stand before the name it modifies ("left L3-L4 level was identified for a"). */
const LEVELS_BEFORE_GAP = 35;
/** How far a run of levels may start after the name ("... injection, intralaminar approach, at L4-5"). */
const LEVELS_AFTER_GAP = 45;

/**
 * The one run of levels that modifies a name: the run ending right before it, or the run starting
 * right after it. Other levels in the clause are about something else ("kyphoplasty at L1 using the same
 * steps as on T12").
 */
function levelRun(text: string, from: number, to: number, side: 'before' | 'after'): { levels: string[]; spans: Span[] } {
  if (to <= from) return { levels: [], spans: [] };
  const found = findSpinalLevels(text, from, to);
  if (found.length === 0) return { levels: [], spans: [] };
  const run: typeof found = [];
  if (side === 'before') {
    for (let i = found.length - 1; i >= 0; i--) {
      const f = found[i];
      if (!f) break;
      const next = run[0];
      if (next ? !RUN_GAP.test(text.slice(f.span.end, next.span.start)) : to - f.span.end > LEVELS_BEFORE_GAP) break;
      run.unshift(f);
    }
  } else {
    for (const f of found) {
      const prev = run[run.length - 1];
      if (prev ? !RUN_GAP.test(text.slice(prev.span.end, f.span.start)) : f.span.start - from > LEVELS_AFTER_GAP) break;
      run.push(f);
    }
  }
  const levels: string[] = [];
  for (const f of run) for (const l of f.levels) if (!levels.includes(l)) levels.push(l);
  return { levels, spans: run.map((f) => f.span) };
}

const FIELD_LABEL = /\b(?:(levels?|level\(s\)|site\(s\))|(side|laterality))\s{0,2}:/giy;
const FIELD_LINE_REACH = 120;

/**
 * The "Level(s):" and "Side:" fields that follow a procedure name on its template line, read only when
 * the line goes on with such a label: other words after a name are another sentence's.
 */
function templateFields(doc: PreparedDocument, from: number): { levels: { levels: string[]; spans: Span[] }; sides: Hit[] } {
  const none = { levels: { levels: [], spans: [] }, sides: [] };
  const { text } = doc;
  let nl = text.indexOf('\n', from);
  let at = from;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r')) at++;
  // A checkbox form puts the fields on the line under the procedure choices ("Procedure: [ ] TFESI [x] ILESI"
  // then "Level(s): L4/5   Side: midline"): when the name ends its line, the next line's fields are its own.
  if (nl >= 0 && at >= nl) {
    at = nl + 1;
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
    nl = text.indexOf('\n', at);
  }
  const lineEnd = Math.min(nl < 0 ? text.length : nl, at + FIELD_LINE_REACH);
  const labels: { start: number; end: number; level: boolean }[] = [];
  for (;;) {
    FIELD_LABEL.lastIndex = at;
    const m = FIELD_LABEL.exec(text);
    if (!m || m.index >= lineEnd) break;
    labels.push({ start: m.index, end: m.index + m[0].length, level: m[1] !== undefined });
    // The field's value runs to the next label, found by skipping the value's words.
    const rest = /\s{2,}|\t|[,;]\s{0,2}(?=[A-Za-z()]+\s{0,2}:)/g;
    rest.lastIndex = FIELD_LABEL.lastIndex;
    const gap = rest.exec(text);
    if (!gap || gap.index >= lineEnd) break;
    at = gap.index + gap[0].length;
  }
  if (!labels.length) return none;
  const out: { levels: { levels: string[]; spans: Span[] }; sides: Hit[] } = { levels: { levels: [], spans: [] }, sides: [] };
  labels.forEach((l, i) => {
    const end = labels[i + 1]?.start ?? lineEnd;
    if (l.level) {
      for (const f of findSpinalLevels(text, l.end, end)) {
        for (const v of f.levels) if (!out.levels.levels.includes(v)) out.levels.levels.push(v);
        out.levels.spans.push(f.span);
      }
    } else out.sides.push(...matcher.matches(doc.lower, doc.tokens, l.end, end).filter((h) => h.entry.kind === 'side'));
  });
  return out;
}

function sideOf(hits: readonly Hit[]): Side | undefined {
  const sides = new Set<Side>();
  for (const h of hits) if (h.entry.kind === 'side') sides.add(h.entry.side);
  if (sides.has('bilateral') || (sides.has('left') && sides.has('right'))) return 'bilateral';
  return sides.has('left') ? 'left' : sides.has('right') ? 'right' : undefined;
}

function within(hits: readonly Hit[], s: Span): Hit[] {
  return hits.filter((h) => h.start >= s.start && h.end <= s.end);
}

/**
 * Reads the interventional pain procedures a note names: the type, whether it was done in this note,
 * is planned, was done before or is negated, the region, normalized spinal levels, side, approach and
 * any CPT/HCPCS codes written with it.
 *
 * Status comes, in order, from a status cue in the name's own clause ("s/p", "will schedule", "was
 * performed", "declined"), then the ConText assertions on the name (negated, historical,
 * hypothetical), then the section (a PROCEDURE section is what was done; PLAN is planned; HPI and past
 * history are prior).
 * @example
 * extractProcedures('PROCEDURE: Left L5-S1 transforaminal epidural steroid injection.');
 * // [{ type: 'transforaminal-esi', status: 'performed', region: 'lumbar', levels: ['L5-S1'], laterality: 'left',
 * //    approach: 'transforaminal', codes: [], span: { start: 11, end: 63 }, text: 'Left L5-S1 transforaminal epidural steroid injection' }]
 */
export function extractProcedures(input: string | PreparedDocument): ProcedureMention[] {
  const doc = toDocument('extractProcedures', input);
  const { text, lower } = doc;
  const out: ProcedureMention[] = [];
  let codes: ProcedureCode[] | undefined;
  for (const sentence of doc.sentences) {
    const hits: Hit[] = matcher.matches(lower, doc.tokens, sentence.start, sentence.end);
    if (!hits.some((h) => h.entry.kind === 'type')) continue;
    codes ??= extractProcedureCodes(doc);
    const sentenceCodes = codes.filter((c) => c.span.start >= sentence.start && c.span.end <= sentence.end);
    // The descriptor of a guidance code lists the procedures it may guide ("76005, Fluoroscopic guidance
    // ... (epidural, transforaminal epidural, ...)"): none of them was named as done.
    const lead = sentenceCodes[0];
    if (lead && !lead.type && /^[\s,.(]*$/.test(text.slice(sentence.start, lead.span.start))) continue;

    // "Radiofrequency thermocoagulation (RFTC)": a name and its abbreviation are one mention.
    const mentions: (Hit & { entry: Extract<Entry, { kind: 'type' }> })[] = [];
    for (const h of hits) {
      if (h.entry.kind !== 'type') continue;
      // "[ ] Interlaminar ESI": an option the template offered and the note did not choose.
      if (checkBoxAt(text, h) === 'unchecked') continue;
      const prev = mentions[mentions.length - 1];
      if (prev && prev.entry.type === h.entry.type && /^\s*[(/,-]?\s*$/.test(text.slice(prev.end, h.start))) {
        prev.end = h.end;
        continue;
      }
      mentions.push({ start: h.start, end: h.end, entry: h.entry });
    }

    let previous: { status: Status; fromCue: boolean; end: number } | undefined;
    mentions.forEach((m, i) => {
      const prev = mentions[i - 1];
      const next = mentions[i + 1];
      const clause = clauseBounds(text, sentence.start, sentence.end, m.start);
      // Between two names, the words up to the first list separator still describe the first one
      // ("TFESI (L3 nerve root) and left L4-5 TFESI"); from it on they are the next one's modifiers.
      let beforeStart = Math.max(clause.start, m.start - BEFORE_REACH);
      if (prev) {
        const gap = text.slice(prev.end, m.start);
        const sep = LIST_SEPARATOR.exec(gap);
        beforeStart = Math.max(beforeStart, prev.end + (sep ? sep.index : 0));
      }
      let afterEnd = Math.min(clause.end, m.end + AFTER_REACH);
      if (next) {
        const sep = LIST_SEPARATOR.exec(text.slice(m.end, next.start));
        afterEnd = Math.min(afterEnd, m.end + (sep ? sep.index : 0));
      }
      const before: Span = { start: beforeStart, end: m.start };
      const after: Span = { start: m.end, end: Math.max(m.end, afterEnd) };
      const hitsBefore = within(hits, before);
      const hitsAfter = within(hits, after);

      const assertions = doc.assertionsAt({ start: m.start, end: m.end });
      if (assertions.some((a) => a.category === 'family')) return;
      // "7/10 pre-RFA", "post-TFESI pain 2/10": the name only times a score or a visit; whether that
      // procedure was done today or months ago is said where it is named on its own.
      if (TIMING_PREFIX.test(text.slice(Math.max(sentence.start, m.start - 6), m.start))) return;

      // Status: the nearest cue before the name in its clause, else the first one after it.
      const isCue = (h: Hit, not: 'before' | 'after', weak: boolean) => h.entry.kind === 'status' && h.entry.direction !== not && h.entry.weak === weak;
      const cueBefore = hitsBefore.filter((h) => isCue(h, 'after', false)).pop();
      const cueAfter = hitsAfter.find((h) => isCue(h, 'before', false));
      // What the sentence says happened to the procedure outranks how it was named: "the planned right
      // L4-5 RFA was cancelled".
      const decisive = cueAfter?.entry.kind === 'status' && cueAfter.entry.decisive;
      let cue = decisive ? cueAfter : (cueBefore ?? cueAfter);
      const section = doc.sectionAt(m.start);
      const inProcedureSection = section?.category === 'procedure' || section?.category === 'post-procedure';
      if (!cue && !inProcedureSection) cue = hitsBefore.filter((h) => isCue(h, 'after', true)).pop();
      // "T12 and L1 kyphoplasty was recommended by Dr. Singh, but the patient does not wish to proceed": a
      // refusal without an object of its own reaches back over the clause break, up to the next name.
      const refusal = cue?.entry.kind === 'status' && cue.entry.status === 'negated' ? undefined : hits.find((h) => h.entry.kind === 'status' && h.entry.sentence && h.start >= clause.end && (!next || h.end <= next.start));
      if (refusal) cue = refusal;
      let status: Status | undefined = cue?.entry.kind === 'status' ? cue.entry.status : undefined;
      // The next item of a list shares the first one's cue: "s/p L4-5 TFESI and L5-S1 MBB".
      if (!status && previous?.fromCue && prev && !/[.;:]|\b(?:but|however)\b/i.test(text.slice(prev.end, m.start))) status = previous.status;
      const fromCue = status !== undefined;
      // A negation close before the name denies it whatever else names it: "I do not think this patient is
      // a good candidate for spinal cord stimulation", "denies any previous epidural injections". A far one
      // is about another clause ("has not exhausted conservative measures and would like to start with
      // epidural steroid injections").
      const negated = assertions.some((a) => a.category === 'negated' && a.direction !== 'SECTION' && a.trigger.span.end <= m.start && m.start - a.trigger.span.end <= NEGATION_REACH);
      if (negated && status !== 'negated' && !(cue && cue.start >= m.end)) status = 'negated';
      if (!status) {
        if (negated) status = 'negated';
        else if (assertions.some((a) => a.category === 'historical' && a.direction !== 'SECTION')) status = 'prior';
        else if (assertions.some((a) => a.category === 'hypothetical' && a.direction !== 'SECTION')) status = 'planned';
        // A list headed "PRIOR INTERVENTIONS:" or "Previous blocks:" is history, whatever the header lexicon knows.
        else if (section?.category === 'other' && PRIOR_HEADER.test(section.name)) status = 'prior';
        else status = SECTION_STATUS[section?.category ?? 'other'] ?? 'performed';
      }
      previous = { status, fromCue, end: m.end };

      let type = m.entry.type;
      if (m.entry.bare && TRIAL_NEAR.test(text.slice(Math.max(sentence.start, m.start - 20), Math.min(sentence.end, m.end + 20)))) type = 'scs-trial';

      const lvBefore = levelRun(text, before.start, before.end, 'before');
      let lvAfter = lvBefore.levels.length ? { levels: [], spans: [] } : levelRun(text, after.start, after.end, 'after');
      let sideHits = hitsBefore.some((h) => h.entry.kind === 'side') ? hitsBefore.filter((h) => h.entry.kind === 'side') : hitsAfter.filter((h) => h.entry.kind === 'side');
      // A template's fields on the rest of the line describe the last name of the sentence: "[x] Transforaminal
      // ESI   Level(s): L4-5, L5-S1   Side: Left" (the field labels start sentences of their own).
      if (!next && (!lvBefore.levels.length || !sideHits.length)) {
        const fields = templateFields(doc, sentence.end);
        if (!lvBefore.levels.length && !lvAfter.levels.length) lvAfter = fields.levels;
        if (!sideHits.length) sideHits = fields.sides;
      }
      const levels = lvBefore.levels.length ? lvBefore.levels : lvAfter.levels;
      let laterality = sideOf(sideHits);
      // Abbreviated notes write the side as one capital letter right before the name or its levels: "s/p L
      // TFESI L5-S1", "R L4-5 TFESI". Only there: a lone L or R elsewhere is a level letter, a unit or an initial.
      const head = lvBefore.spans[0]?.start ?? m.start;
      const letter = laterality ? null : SIDE_LETTER.exec(text.slice(Math.max(before.start, head - 4), head));
      const letterSpan = letter ? { start: head - letter[0].length, end: head - letter[0].length + 1 } : undefined;
      if (letter) laterality = letter[1] === 'L' ? 'left' : 'right';

      const approachHit = [...hitsBefore, ...hitsAfter.filter((h) => h.start - m.end <= APPROACH_AFTER_REACH)].find((h) => h.entry.kind === 'approach');
      let approach = m.entry.approach;
      if (approachHit?.entry.kind === 'approach') {
        approach ??= approachHit.entry.approach;
        if (type === 'esi-unspecified' && approachHit.entry.impliesType) type = approachHit.entry.impliesType;
      }

      const regionHit = [...hitsBefore, ...hitsAfter].find((h) => h.entry.kind === 'region');
      const firstLevel = levels[0];
      const ownCodes = sentenceCodes.filter((c) => c.span.start >= before.start && c.span.end <= after.end);
      const region: SpineRegion | undefined =
        regionHit?.entry.kind === 'region' ? regionHit.entry.region : firstLevel ? REGION_OF_LETTER[firstLevel[0] ?? ''] : ownCodes.find((c) => c.region)?.region;

      // Evidence: the name and the modifiers and cues read for it, all inside its own stretch.
      const parts: Span[] = [{ start: m.start, end: m.end }, ...lvBefore.spans, ...lvAfter.spans, ...sideHits, ...ownCodes.map((c) => c.span)];
      if (letterSpan) parts.push(letterSpan);
      if (regionHit) parts.push(regionHit);
      if (approachHit) parts.push(approachHit);
      if (cue && fromCue && (cue.end <= m.start ? m.start - cue.end <= 40 : cue.start - m.end <= 60)) parts.push(cue);
      const start = Math.min(...parts.map((p) => p.start));
      const end = Math.max(...parts.map((p) => p.end));
      out.push({
        type,
        status,
        ...(region ? { region } : {}),
        levels,
        ...(laterality ? { laterality } : {}),
        ...(approach ? { approach } : {}),
        codes: ownCodes.map((c) => c.code),
        span: { start, end },
        text: text.slice(start, end),
      });
    });
  }
  return out;
}

// A code is five digits (CPT) or a letter and four digits (HCPCS), standing alone: not inside a longer
// number, a date ("12/20552"), a decimal or a zip+4 ("64450-1234").
const CODE = /(?<![\p{L}\p{N}])(?:\d{5}|[Gg]\d{4})(?![\p{L}\p{N}]|[./]\d|-\d{3})/gu;
// Numbers that are not codes: record numbers, phone and account numbers, addresses.
const NOT_A_CODE_BEFORE = /(?:\b(?:mrn|medical\s{1,2}record|record|chart|acct|account|zip|zip\s{1,2}code|phone|tel|telephone|fax|pager|ext|id|dob|room|rm|suite|ste|box|lot|ref|reference|invoice|claim|npi|ssn|member|policy|group|patient|pt|case|order|accession|specimen|street|st|ave|road|rd)\b\.?\s{0,2}(?:no\.?|number|#)?\s{0,2}[:#]?\s{0,2}|\d[-/]|\d\.|,\s{0,2}[A-Z]{2}\s{1,2}|\$\s{0,1})$/i;
// What makes a five-digit number read as a code: a code word before it in the line, a modifier or unit
// count after it, or a descriptor after it ("64483 LT, Injection ...", "(CPT 64483)").
const CODE_WORD_BEFORE = /\b(?:cpt|cpt-?4|hcpcs|codes?|billing|billed|bill|procedure\s{1,2}codes?)\b[^\n.;]{0,40}$/i;
const MODIFIER_AFTER = /^\s{0,2}(?:[-–]\s{0,2})?(?:lt|rt|50|59|26|tc|xu|xs|kx|x\s{0,2}\d{1,2}|×\s{0,2}\d{1,2})\b/i;
const DESCRIPTOR_AFTER = /^\s{0,2}(?:[,:–-]|\s)\s{0,2}(?:[A-Z][a-z]{2,}|injection|destruction|insertion|percutaneous|fluoroscopic|ultrasonic|chronic|transforaminal|interlaminar|paravertebral)/;
const UNITS_AFTER = /^\s{0,2}(?:[-–]\s{0,2}(?:lt|rt|50|59)\s{0,2})?(?:(?:x|×)\s{0,2}(\d{1,2})\b|[,:(]?\s{0,2}(\d{1,2})\s{1,2}units?\b)/i;

/**
 * Finds the CPT/HCPCS codes of pain procedures written in a note (the table is
 * `lexicons/cpt-codes.json`: epidural, facet, RFA, SI joint, SCS, vertebral augmentation, trigger point,
 * nerve block, chronic pain management and image-guidance codes), with the procedure type and region
 * the code bills and the units written after it ("64484 x2"). A five-digit number counts only where it
 * reads as a code: after a code word ("CPT"), in a list of codes, or followed by a modifier or a
 * descriptor; never after a record, phone, account or zip label, or inside a date or a longer number.
 * @example
 * extractProcedureCodes('CPT: 64483-LT, 64484 x2, 77003.');
 * // [{ code: '64483', system: 'cpt', type: 'transforaminal-esi', region: 'lumbar', span: { start: 5, end: 10 }, text: '64483' },
 * //  { code: '64484', system: 'cpt', type: 'transforaminal-esi', region: 'lumbar', units: 2, ... },
 * //  { code: '77003', system: 'cpt', ... }]
 */
export function extractProcedureCodes(input: string | PreparedDocument): ProcedureCode[] {
  const doc = toDocument('extractProcedureCodes', input);
  const { text } = doc;
  const found: { code: string; entry: CodeEntry; start: number; end: number }[] = [];
  CODE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CODE.exec(text)) !== null) {
    const code = m[0].toUpperCase();
    const entry = CODE_TABLE.get(code);
    if (!entry) continue;
    const start = m.index;
    const before = text.slice(Math.max(0, start - 30), start);
    if (NOT_A_CODE_BEFORE.test(before)) continue;
    found.push({ code, entry, start, end: start + m[0].length });
  }
  const out: ProcedureCode[] = [];
  found.forEach((f, i) => {
    const lineStart = Math.max(text.lastIndexOf('\n', f.start) + 1, f.start - 60);
    const after = text.slice(f.end, f.end + 40);
    const section = doc.sectionAt(f.start)?.name ?? '';
    const neighbour = [found[i - 1], found[i + 1]].some((g) => g && Math.abs(g.start - f.start) <= 40);
    const looksLikeCode =
      CODE_WORD_BEFORE.test(text.slice(lineStart, f.start)) ||
      /\b(?:cpt|hcpcs|codes?|billing)\b/i.test(section) ||
      neighbour ||
      MODIFIER_AFTER.test(after) ||
      DESCRIPTOR_AFTER.test(after) ||
      /\(\s{0,2}$/.test(text.slice(f.start - 3, f.start));
    if (!looksLikeCode) return;
    const u = UNITS_AFTER.exec(after);
    const units = u ? Number(u[1] ?? u[2]) : undefined;
    out.push({
      code: f.code,
      system: f.entry.system,
      ...(f.entry.type ? { type: f.entry.type } : {}),
      ...(f.entry.region ? { region: f.entry.region } : {}),
      ...(units !== undefined && units > 0 ? { units } : {}),
      span: { start: f.start, end: f.end },
      text: text.slice(f.start, f.end),
    });
  });
  return out;
}
