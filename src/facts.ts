import { z } from 'zod';

/** UTF-16 offsets into the original text; `text.slice(start, end)` is the evidence. */
export const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).strict();
export type Span = z.infer<typeof SpanSchema>;

const evidence = { span: SpanSchema, text: z.string() };

/**
 * A 0-10 pain score. `value` is the midpoint when the note gives a range ("6-7/10" is 6.5).
 * @example { value: 8, scale: 'nrs', timing: 'pre', kind: 'observed', span: { start: 10, end: 14 }, text: '8/10' }
 */
export const PainScoreSchema = z
  .object({
    value: z.number().min(0).max(10),
    range: z.tuple([z.number(), z.number()]).optional(),
    scale: z.enum(['nrs', 'vas', 'unspecified']),
    timing: z.enum(['pre', 'post', 'unspecified']),
    qualifier: z.enum(['current', 'worst', 'least', 'average', 'at-rest', 'with-activity']).optional(),
    kind: z.enum(['observed', 'goal']),
    site: z.string().optional(),
    ...evidence,
  })
  .strict();
export type PainScore = z.infer<typeof PainScoreSchema>;

/**
 * Relief from a treatment, in percent; "no relief" is 0.
 * @example { percent: 60, comparator: '>', durationWeeks: 12, span: { start: 0, end: 40 }, text: 'greater than 60% relief lasting 3 months' }
 */
export const PainReliefSchema = z
  .object({
    percent: z.number().min(0).max(100),
    comparator: z.enum(['>', '>=', '<', '~']).optional(),
    durationWeeks: z.number().nonnegative().optional(),
    ...evidence,
  })
  .strict();
export type PainRelief = z.infer<typeof PainReliefSchema>;

/**
 * A statement about what the patient can or cannot do.
 * @example { kind: 'improvement', specific: true, activity: 'walking', measure: { value: 20, unit: 'minute' }, device: 'cane', negated: false, span: { start: 0, end: 37 }, text: 'can now walk 20 minutes without a cane' }
 */
export const FunctionalStatementSchema = z
  .object({
    kind: z.enum(['improvement', 'limitation', 'vague']),
    specific: z.boolean(),
    activity: z.string().optional(),
    measure: z.object({ value: z.number(), unit: z.string() }).strict().optional(),
    device: z.string().optional(),
    scale: z.object({ name: z.string(), from: z.number().optional(), to: z.number().optional() }).strict().optional(),
    negated: z.boolean(),
    ...evidence,
  })
  .strict();
export type FunctionalStatement = z.infer<typeof FunctionalStatementSchema>;

export const THERAPY_MODALITIES = [
  'physical-therapy',
  'home-exercise',
  'nsaid',
  'acetaminophen',
  'muscle-relaxant',
  'neuropathic-medication',
  'opioid',
  'chiropractic',
  'acupuncture',
  'activity-modification',
  'massage',
  'tens',
  'bracing',
  'cognitive-behavioral-therapy',
  'unspecified',
] as const;
export type TherapyModality = (typeof THERAPY_MODALITIES)[number];

/**
 * One mention of a conservative (non-interventional) therapy and what came of it.
 * @example { modality: 'physical-therapy', status: 'tried', outcome: 'failed', durationWeeks: 6, span: { start: 0, end: 45 }, text: 'completed 6 weeks of PT without relief' }
 */
export const TherapyMentionSchema = z
  .object({
    modality: z.enum(THERAPY_MODALITIES),
    status: z.enum(['tried', 'current', 'planned', 'declined', 'not-tried']),
    outcome: z.enum(['failed', 'partial', 'effective', 'not-tolerated', 'unknown']).optional(),
    durationWeeks: z.number().nonnegative().optional(),
    visits: z.number().int().nonnegative().optional(),
    dates: z.object({ start: z.string().optional(), end: z.string().optional() }).strict().optional(),
    drug: z.string().optional(),
    ...evidence,
  })
  .strict();
export type TherapyMention = z.infer<typeof TherapyMentionSchema>;

// --- procedures and imaging guidance (issue 4) ---------------------------------------------------------

export const PROCEDURE_TYPES = [
  'interlaminar-esi',
  'transforaminal-esi',
  'caudal-esi',
  'esi-unspecified',
  'facet-joint-injection',
  'medial-branch-block',
  'radiofrequency-ablation',
  'si-joint-injection',
  'scs-trial',
  'scs-implant',
  'vertebroplasty',
  'kyphoplasty',
  'trigger-point-injection',
  'peripheral-nerve-block',
] as const;
export type ProcedureType = (typeof PROCEDURE_TYPES)[number];

export const SPINE_REGIONS = ['cervical', 'thoracic', 'lumbar', 'sacral'] as const;
export type SpineRegion = (typeof SPINE_REGIONS)[number];

/**
 * One mention of an interventional pain procedure: done in this note, planned, done before, or negated.
 * `levels` are normalized ('L4-5', 'L5-S1'; a lone 'L4' for a medial branch or a root; 'L3-5' is
 * ['L3-4', 'L4-5']); `codes` are the CPT/HCPCS codes written with the mention.
 * @example { type: 'transforaminal-esi', status: 'performed', region: 'lumbar', levels: ['L5-S1'], laterality: 'left', approach: 'transforaminal', codes: [], span: { start: 0, end: 49 }, text: 'Left L5-S1 transforaminal epidural steroid injection' }
 */
export const ProcedureMentionSchema = z
  .object({
    type: z.enum(PROCEDURE_TYPES),
    status: z.enum(['performed', 'planned', 'prior', 'negated']),
    region: z.enum(SPINE_REGIONS).optional(),
    levels: z.array(z.string()),
    laterality: z.enum(['left', 'right', 'bilateral']).optional(),
    approach: z.string().optional(),
    codes: z.array(z.string()),
    ...evidence,
  })
  .strict();
export type ProcedureMention = z.infer<typeof ProcedureMentionSchema>;

/**
 * A CPT or HCPCS code written in a note, with what the pain-procedure code table says it bills.
 * `type` is absent for codes that are not one procedure (fluoroscopic guidance, chronic pain management).
 * @example { code: '64483', system: 'cpt', type: 'transforaminal-esi', region: 'lumbar', span: { start: 0, end: 5 }, text: '64483' }
 */
export const ProcedureCodeSchema = z
  .object({
    code: z.string(),
    system: z.enum(['cpt', 'hcpcs']),
    type: z.enum(PROCEDURE_TYPES).optional(),
    region: z.enum(SPINE_REGIONS).optional(),
    units: z.number().int().positive().optional(),
    ...evidence,
  })
  .strict();
export type ProcedureCode = z.infer<typeof ProcedureCodeSchema>;

/**
 * One mention of image guidance, with the contrast, image-retention, level and view statements of its
 * paragraph attached.
 * @example { modality: 'fluoroscopy', contrast: true, levelsVisualized: ['L5-S1'], imageRetained: true, views: 2, viewNames: ['ap', 'lateral'], span: { start: 6, end: 27 }, text: 'fluoroscopic guidance' }
 */
export const ImagingGuidanceSchema = z
  .object({
    modality: z.enum(['fluoroscopy', 'ultrasound', 'ct']),
    contrast: z.boolean(),
    levelsVisualized: z.array(z.string()),
    imageRetained: z.boolean(),
    views: z.number().int().positive().optional(),
    viewNames: z.array(z.enum(['ap', 'lateral', 'oblique'])).optional(),
    ...evidence,
  })
  .strict();
export type ImagingGuidance = z.infer<typeof ImagingGuidanceSchema>;

// --- time attestation, care plan, medical necessity (issue 4) ------------------------------------------

/**
 * A statement of the clinician's time on the visit, as time-based codes (G3002/G3003, E/M by time) need it.
 * `minutes` is the lower bound of a range ("30-40 minutes" is 30), since a threshold must be met.
 * @example { minutes: 40, kind: 'total', covers: ['counseling'], moreThanHalfCounseling: true, span: { start: 0, end: 54 }, text: 'total time 40 minutes, more than half in counseling' }
 */
export const TimeAttestationSchema = z
  .object({
    minutes: z.number().positive(),
    kind: z.enum(['total', 'face-to-face', 'counseling', 'care-coordination', 'unspecified']),
    covers: z.array(z.string()),
    moreThanHalfCounseling: z.boolean().optional(),
    ...evidence,
  })
  .strict();
export type TimeAttestation = z.infer<typeof TimeAttestationSchema>;

export const CARE_PLAN_ELEMENTS = ['pain-scale', 'goals', 'strengths', 'medication-management', 'behavioral-health', 'care-coordination'] as const;
export type CarePlanElement = (typeof CARE_PLAN_ELEMENTS)[number];

/**
 * One element of a person-centered chronic pain care plan (G3002/G3003). `detail` names the validated
 * scale ('PEG', 'PROMIS', 'BPI', 'NRS', 'VAS', ...) for `pain-scale`.
 * @example { element: 'pain-scale', detail: 'PEG', span: { start: 10, end: 19 }, text: 'PEG scale' }
 */
export const CarePlanElementSchema = z
  .object({
    element: z.enum(CARE_PLAN_ELEMENTS),
    detail: z.string().optional(),
    ...evidence,
  })
  .strict();
export type CarePlanElementFact = z.infer<typeof CarePlanElementSchema>;

export const DIAGNOSES = [
  'radiculopathy',
  'spondylosis',
  'facet-arthropathy',
  'post-laminectomy-syndrome',
  'spinal-stenosis',
  'compression-fracture',
  'crps',
  'disc-herniation',
  'sacroiliitis',
  'myofascial-pain',
] as const;
export type Diagnosis = (typeof DIAGNOSES)[number];

/**
 * One element of medical necessity: a diagnosis, how long the symptoms have lasted, their functional
 * impact, or an imaging finding with its spinal levels ('L4-5', 'L5-S1'). `negated` marks a denial or a
 * normal study ("no stenosis", "MRI unremarkable").
 * @example { element: 'imaging-finding', levels: ['L4-5'], region: 'lumbar', negated: false, span: { start: 0, end: 57 }, text: 'MRI shows L4-5 disc protrusion with foraminal stenosis' }
 */
export const NecessityElementSchema = z
  .object({
    element: z.enum(['diagnosis', 'symptom-duration', 'functional-impact', 'imaging-finding']),
    diagnosis: z.enum(DIAGNOSES).optional(),
    durationWeeks: z.number().nonnegative().optional(),
    levels: z.array(z.string()).optional(),
    region: z.enum(['cervical', 'thoracic', 'lumbar', 'sacral']).optional(),
    negated: z.boolean(),
    ...evidence,
  })
  .strict();
export type NecessityElement = z.infer<typeof NecessityElementSchema>;
