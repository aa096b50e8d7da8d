// The one public barrel: everything a user imports from "notelint" is re-exported here.
export { prepare, PreparedDocument, PREPARED_FORMAT } from './pipeline/prepare.js';
export type { Section, Sentence, Tokens, Assertion, ContextModifier } from './pipeline/prepare.js';
export { SECTION_CATEGORIES, ASSERTION_CATEGORIES } from './pipeline/01-sections.js';
export type { SectionCategory, AssertionCategory } from './pipeline/01-sections.js';
export { CONTEXT_DIRECTIONS } from './pipeline/04-context.js';
export type { ContextDirection } from './pipeline/04-context.js';
export {
  SpanSchema,
  PainScoreSchema,
  PainReliefSchema,
  FunctionalStatementSchema,
  TherapyMentionSchema,
  THERAPY_MODALITIES,
} from './facts.js';
export type { Span, PainScore, PainRelief, FunctionalStatement, TherapyMention, TherapyModality } from './facts.js';

// extractors (one line each)
export { extractPainScores } from './extract/pain-scores.js';
export { extractPainRelief } from './extract/relief.js';
export { extractConservativeTherapy } from './extract/therapy.js';
export { extractFunctionalStatements } from './extract/functional.js';

// patient histories: similarity across visits and the history rules
export { analyzeHistory } from './history/analyze.js';
export type { HistoryReport, NoteHistoryEntry } from './history/analyze.js';
export { HistoryNoteSchema, HistoryOptionsSchema } from './history/input.js';
export type { HistoryNote, HistoryOptions } from './history/input.js';
export type { Specificity } from './history/specificity.js';
export type { CopiedSpan } from './history/compare.js';
export { FindingSchema, EvidenceSchema, SEVERITIES } from './findings.js';
export type { Finding, Evidence, Severity } from './findings.js';
export { extractTimeAttestation } from './extract/time.js';
export { TimeAttestationSchema, CarePlanElementSchema, NecessityElementSchema, CARE_PLAN_ELEMENTS, DIAGNOSES } from './facts.js';
export type { TimeAttestation, CarePlanElementFact, CarePlanElement, NecessityElement, Diagnosis } from './facts.js';
export { findSpinalLevels } from './extract/levels.js';
export type { SpinalLevelMention } from './extract/levels.js';
export { extractProcedures, extractProcedureCodes } from './extract/procedures.js';
export { extractImagingGuidance } from './extract/imaging.js';
export { PROCEDURE_TYPES, SPINE_REGIONS, ProcedureMentionSchema, ProcedureCodeSchema, ImagingGuidanceSchema } from './facts.js';
export type { ProcedureType, SpineRegion, ProcedureMention, ProcedureCode, ImagingGuidance } from './facts.js';
export { extractCarePlan } from './extract/care-plan.js';
export { extractMedicalNecessity } from './extract/necessity.js';

// documentation checks: one note, rules, presets
export { analyzeNote, NoteOptionsSchema } from './analyze/note.js';
export type { NoteReport, NoteOptions } from './analyze/note.js';
export type { NoteFacts } from './analyze/facts.js';
export { NoteInputSchema, AuthorizationSchema } from './history/input.js';
export type { NoteInput, Authorization } from './history/input.js';
export { listRules, PRESETS } from './config.js';
export type { RuleInfo, Preset } from './config.js';
export type { RuleSetting } from './rule-settings.js';
export { lookupCode } from './extract/procedures.js';
