// The edge of analyzeHistory: notes and options are validated here, with zod, and everything after this
// file trusts them. Messages name the note (by index and id) and the field, never a value of `text`.
import { z } from 'zod';
import { RuleOptionsSchema } from '../rule-settings.js';

// ISO 8601 calendar date, optionally with a time and a zone: "2025-03-04", "2025-03-04T09:30",
// "2025-03-04T09:30:00.000Z", "2025-03-04T09:30:00-05:00". Each part has a fixed width: linear to match.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch of an ISO 8601 date (a date without a zone is read as UTC), or undefined. */
export function isoTime(value: string): number | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? 0 : Number(x))) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC rolls "2025-02-30" over into March; a real calendar date round-trips.
  const t = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  const zone = m[7];
  if (zone === undefined || zone === 'Z') return t;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return t - sign * offset * 60_000;
}

const isoDate = z.string().refine((d) => isoTime(d) !== undefined, 'must be an ISO 8601 date such as 2025-03-04 or 2025-03-04T09:30:00Z');
const LEVEL_TEXT = /^[CTLS]\d{1,2}(?:-[CTLS]?\d{1,2})?$/i;

/**
 * A prior authorization the note is checked against (`authorization/mismatch`). Every field is optional:
 * only what is given is compared.
 *
 * @example
 * { procedure: 'transforaminal-esi', cpt: ['64483'], levels: ['L4-5'], laterality: 'left', validFrom: '2025-03-01', validTo: '2025-05-31', trackingNumber: 'PA-123' }
 */
export const AuthorizationSchema = z
  .object({
    /** A procedure type id ('transforaminal-esi', 'scs-trial', ...) or its name as written ("lumbar TFESI"). */
    procedure: z.string().min(1).optional(),
    cpt: z.array(z.string().regex(/^(?:\d{5}|[A-Z]\d{4})$/i, 'must be 5-character CPT/HCPCS codes')).optional(),
    levels: z.array(z.string().regex(LEVEL_TEXT, 'must be spinal levels such as L4-5, L5-S1 or L4')).optional(),
    laterality: z.enum(['left', 'right', 'bilateral']).optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    trackingNumber: z.string().optional(),
  })
  .strict();
export type Authorization = z.infer<typeof AuthorizationSchema>;

/**
 * One note as `analyzeNote` accepts it. Unknown keys are rejected, so a misspelt field ("procdure") is an
 * error rather than silently ignored.
 *
 * @example
 * { id: 'n-881', patientId: 'p-17', date: '2025-06-02', text: noteText, procedure: 'transforaminal-esi', cpt: ['64483'], context: { authorization: { levels: ['L4-5'] } } }
 */
export const NoteInputSchema = z
  .object({
    id: z.string().min(1, 'must be a non-empty string'),
    patientId: z.string().min(1, 'must be a non-empty string').optional(),
    date: isoDate.optional(),
    text: z.string(),
    /** What was billed or scheduled: a procedure type id or its name. */
    procedure: z.string().optional(),
    /** CPT/HCPCS codes of the claim. */
    cpt: z.array(z.string().regex(/^(?:\d{5}|[A-Z]\d{4})$/i, 'must be 5-character CPT/HCPCS codes')).optional(),
    context: z.object({ authorization: AuthorizationSchema.optional() }).strict().optional(),
  })
  .strict();
export type NoteInput = z.infer<typeof NoteInputSchema>;

/**
 * One note of a patient's history, as `analyzeHistory` accepts it: a note with its patient and date.
 *
 * @example
 * { id: 'visit-3', patientId: 'p-17', date: '2025-06-02', text: noteText, procedure: 'lumbar-tfesi' }
 */
export const HistoryNoteSchema = NoteInputSchema.extend({
  patientId: z.string().min(1, 'must be a non-empty string'),
  date: isoDate,
}).strict();
export type HistoryNote = z.infer<typeof HistoryNoteSchema>;

/**
 * Options of `analyzeHistory`.
 *
 * @example
 * { cloneThreshold: 0.9, minRun: 5 }
 */
export const HistoryOptionsSchema = z
  .object({
    /**
     * A note at least this similar (exact Jaccard of word 3-gram shingles) to an earlier one is a clone
     * (`history/cloned-note`, `history/clone-run`). Default 0.85. Shorthand for those rules' `threshold`.
     */
    cloneThreshold: z.number().gt(0).lte(1).optional(),
    /** Consecutive pairwise near-identical visits that make a clone run. Default 3 (payers look for 5). Shorthand for `history/clone-run`'s `minRun`. */
    minRun: z.number().int().min(2).optional(),
    /** Words per shingle. Default 3. */
    shingleSize: z.number().int().min(1).max(64).default(3),
    /** Compare notes with numbers and dates masked (default), so a changed pain score does not hide a copy. */
    maskNumbers: z.boolean().default(true),
    /** Shortest copied passage, in words, reported in `copiedSpans`. Default 8: shorter shared runs are phrasing. */
    minCopiedWords: z.number().int().min(1).default(8),
    ...RuleOptionsSchema,
  })
  .strict();
export type HistoryOptions = z.input<typeof HistoryOptionsSchema>;
export type ResolvedHistoryOptions = z.output<typeof HistoryOptionsSchema>;

/** A validated note with its parsed time and input position. */
export interface ValidNote extends HistoryNote {
  time: number;
  inputIndex: number;
}

const FN = 'notelint.analyzeHistory';

function issueText(issue: z.core.$ZodIssue, prefix: string): string {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  // Zod's own messages state the expected type ("expected string, received number"), never the value.
  const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message;
  if (!field) return message;
  return message.startsWith('must') ? `${field} ${message}` : `${field}: ${message}`;
}

/**
 * Validates the notes of one patient and returns them ordered by date, ties in input order. Throws a
 * TypeError naming the note (index and id) and the field; its `cause` is the ZodError.
 */
export function validateNotes(notes: unknown): ValidNote[] {
  if (!Array.isArray(notes) && !(notes !== null && typeof notes === 'object' && Symbol.iterator in notes)) {
    throw new TypeError(`${FN}: notes must be an array of { id, patientId, date, text, procedure? }`);
  }
  const list = Array.from(notes as Iterable<unknown>);
  if (list.length === 0) throw new TypeError(`${FN}: notes must hold at least one note`);
  const out: ValidNote[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const parsed = HistoryNoteSchema.safeParse(raw);
    const rawId = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    const who = typeof rawId === 'string' && rawId.length > 0 ? `notes[${i}] (id ${JSON.stringify(rawId)})` : `notes[${i}]`;
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => issueText(issue, '')).join('; ');
      throw new TypeError(`${FN}: ${who}: ${detail}`, { cause: parsed.error });
    }
    const note = parsed.data;
    const earlier = seen.get(note.id);
    if (earlier !== undefined) throw new TypeError(`${FN}: ${who}.id duplicates the id of notes[${earlier}]; note ids must be unique`);
    seen.set(note.id, i);
    const first = out[0];
    // The patient ids are not printed: they identify a patient.
    if (first && note.patientId !== first.patientId) {
      throw new TypeError(`${FN}: ${who}.patientId differs from notes[0].patientId; a history holds the notes of one patient`);
    }
    out.push({ ...note, time: isoTime(note.date) as number, inputIndex: i });
  }
  // Array.prototype.sort is stable: notes of the same date keep their input order.
  return out.sort((a, b) => a.time - b.time);
}

/** Validates the options, filling defaults. */
export function validateOptions(options: unknown): ResolvedHistoryOptions {
  const parsed = HistoryOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => issueText(issue, 'options')).join('; ');
    throw new TypeError(`${FN}: ${detail}`, { cause: parsed.error });
  }
  return parsed.data;
}
