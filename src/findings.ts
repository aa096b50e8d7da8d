import { z } from 'zod';

/** How much a finding matters: `error` fails a review as written, `warning` invites one, `info` is advice. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A place in one note of a history: UTF-16 offsets, so `notes[noteId].text.slice(start, end)` is the evidence. */
export const EvidenceSchema = z
  .object({ noteId: z.string(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

/**
 * One verdict of a rule on one note. `message` never quotes the note: what the rule saw is in `evidence`
 * (offsets into the notes) and `data` (numbers, ids, element names).
 *
 * @example
 * {
 *   ruleId: 'history/cloned-note', severity: 'warning', noteId: 'visit-4',
 *   message: 'Note is 97% identical to an earlier note of this patient (threshold 85%).',
 *   relatedNoteIds: ['visit-3'], evidence: [{ noteId: 'visit-4', start: 0, end: 812 }],
 *   data: { similarity: 0.97, threshold: 0.85 },
 * }
 */
export const FindingSchema = z
  .object({
    ruleId: z.string(),
    severity: z.enum(SEVERITIES),
    message: z.string(),
    noteId: z.string(),
    relatedNoteIds: z.array(z.string()).optional(),
    evidence: z.array(EvidenceSchema).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Finding = z.infer<typeof FindingSchema>;
