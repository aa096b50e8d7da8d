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
