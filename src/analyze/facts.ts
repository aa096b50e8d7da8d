// Every fact of a note, extracted once from one prepared document and shared by all rules.
import type {
  CarePlanElementFact,
  FunctionalStatement,
  ImagingGuidance,
  NecessityElement,
  PainRelief,
  PainScore,
  ProcedureCode,
  ProcedureMention,
  ProcedureType,
  SpineRegion,
  TherapyMention,
  TimeAttestation,
} from '../facts.js';
import { PROCEDURE_TYPES } from '../facts.js';
import { extractCarePlan } from '../extract/care-plan.js';
import { extractFunctionalStatements } from '../extract/functional.js';
import { extractImagingGuidance } from '../extract/imaging.js';
import { extractMedicalNecessity } from '../extract/necessity.js';
import { extractPainRelief } from '../extract/relief.js';
import { extractPainScores } from '../extract/pain-scores.js';
import { extractProcedureCodes, extractProcedures, lookupCode } from '../extract/procedures.js';
import { extractConservativeTherapy } from '../extract/therapy.js';
import { extractTimeAttestation } from '../extract/time.js';
import type { PreparedDocument } from '../pipeline/prepare.js';

/**
 * All facts of one note, as `analyzeNote` reports them.
 *
 * @example
 * analyzeNote({ id: 'n1', text }).facts.procedures; // [{ type: 'transforaminal-esi', status: 'performed', levels: ['L5-S1'], ... }]
 */
export interface NoteFacts {
  painScores: PainScore[];
  reliefs: PainRelief[];
  functional: FunctionalStatement[];
  therapy: TherapyMention[];
  procedures: ProcedureMention[];
  /** CPT/HCPCS codes written in the text. */
  codes: ProcedureCode[];
  imaging: ImagingGuidance[];
  time: TimeAttestation[];
  carePlan: CarePlanElementFact[];
  necessity: NecessityElement[];
}

export function extractAll(doc: PreparedDocument): NoteFacts {
  return {
    painScores: extractPainScores(doc),
    reliefs: extractPainRelief(doc),
    functional: extractFunctionalStatements(doc),
    therapy: extractConservativeTherapy(doc),
    procedures: extractProcedures(doc),
    codes: extractProcedureCodes(doc),
    imaging: extractImagingGuidance(doc),
    time: extractTimeAttestation(doc),
    carePlan: extractCarePlan(doc),
    necessity: extractMedicalNecessity(doc),
  };
}

/** A procedure done at this visit, from the text, the claim's codes or the note's `procedure` field. */
export interface PerformedProcedure {
  type: ProcedureType;
  region?: SpineRegion;
  levels: string[];
  laterality?: 'left' | 'right' | 'bilateral';
  source: 'text' | 'cpt' | 'procedure';
  /** Offsets of the mention in the text (text mentions only). */
  span?: { start: number; end: number };
}

const TYPES = new Set<string>(PROCEDURE_TYPES);

/**
 * The procedures a note documents as done today. Text mentions come first (they carry levels and side);
 * a claim code or the `procedure` field adds a type the text does not name, so a note billed 64483 is a
 * procedure note even when its text only says "injection".
 */
export function performedProcedures(facts: NoteFacts, cpt: readonly string[], procedure: string | undefined, doc?: PreparedDocument): PerformedProcedure[] {
  const out: PerformedProcedure[] = [];
  const anesthetic = (s: { start: number }) => doc !== undefined && isAnestheticBlock(doc, s);
  // A block the note gives as the surgery's anesthesia makes the claim's block code that block too.
  const anesthesiaBlock = facts.procedures.some((m) => m.type === 'peripheral-nerve-block' && m.status === 'performed' && anesthetic(m.span)) || facts.codes.some((c) => c.type === 'peripheral-nerve-block' && anesthetic(c.span));
  for (const m of facts.procedures) {
    if (m.status !== 'performed') continue;
    if (m.type === 'peripheral-nerve-block' && anesthetic(m.span)) continue;
    out.push({
      type: m.type,
      ...(m.region ? { region: m.region } : {}),
      levels: m.levels,
      ...(m.laterality ? { laterality: m.laterality } : {}),
      source: 'text',
      span: m.span,
    });
  }
  const has = (type: ProcedureType) => out.some((p) => p.type === type);
  for (const code of [...cpt, ...facts.codes.map((c) => c.code)]) {
    const info = lookupCode(code);
    if (info?.type === 'peripheral-nerve-block' && anesthesiaBlock) continue;
    if (info?.type && !has(info.type)) out.push({ type: info.type, ...(info.region ? { region: info.region } : {}), levels: [], source: 'cpt' });
  }
  if (procedure !== undefined) {
    const type = procedureType(procedure);
    if (type && !has(type)) out.push({ type, levels: [], source: 'procedure' });
  }
  return out;
}

// An operative note's nerve block given by the anesthesia team for the surgery ("Anesthesia: general LMA plus
// adductor canal block by anesthesia for postoperative analgesia") is anesthesia, not a pain procedure: it
// needs no conservative-care history, pain scores or functional baseline. Read from the sentence that names
// the block: an "Anesthesia:" section, or who gave it and what for.
const ANESTHESIA_SECTION = /^an(?:a)?esthe(?:sia|tic)\b/i;
const ANESTHESIA_CUE =
  /\b(?:by\s{1,2}(?:the\s{1,2})?(?:an(?:a)?esthesia|an(?:a)?esthesiolog(?:y|ist))|per\s{1,2}an(?:a)?esthesia|for\s{1,2}post-?\s{0,1}op(?:erative)?\s{1,2}(?:analgesia|pain\s{1,2}control)|for\s{1,2}(?:the\s{1,2})?(?:surgical\s{1,2})?an(?:a)?esthesia)\b/i;

function isAnestheticBlock(doc: PreparedDocument, at: { start: number }): boolean {
  if (ANESTHESIA_SECTION.test(doc.sectionAt(at.start)?.name ?? '')) return true;
  const sentence = doc.sentences[doc.sentenceIndexAt(at.start)];
  return sentence !== undefined && ANESTHESIA_CUE.test(doc.text.slice(sentence.start, sentence.end));
}

/** A `procedure` field value as a procedure type: a type id itself, or a name the extractor reads. */
export function procedureType(procedure: string): ProcedureType | undefined {
  if (TYPES.has(procedure)) return procedure as ProcedureType;
  // "lumbar-transforaminal-esi", "TFESI L5-S1": read the words as a procedure statement.
  const mention = extractProcedures(`${procedure.replace(/[-_]/g, ' ')} was performed.`)[0];
  return mention?.type;
}

/** ESI types count as one family for repeat and frequency limits: payers limit "epidural sessions". */
export function procedureFamily(type: ProcedureType): string {
  if (type.endsWith('-esi') || type === 'esi-unspecified') return 'esi';
  if (type === 'medial-branch-block' || type === 'facet-joint-injection') return 'facet';
  return type;
}
