// What the input readers produce and how a record becomes a note: one shape for JSONL, CSV and FHIR, so
// validation, sharding and grouping are written once.
import { HistoryNoteSchema, type HistoryNote } from '../../src/index.js';
import type { ErrorRecord } from './io.js';

/** The note fields a reader found in one record, not yet validated. */
export interface RawFields {
  id?: unknown;
  patientId?: unknown;
  date?: unknown;
  text?: unknown;
  procedure?: unknown;
  cpt?: unknown;
  authorization?: unknown;
}

/** Where a record came from: error records and reports point back to it. */
export interface Position {
  source: string;
  line: number;
  /** 'entry' when `line` counts FHIR Bundle entries rather than lines of the file. */
  unit?: 'entry';
}

/** One record read: the fields of a note, or a record rejected by the reader (malformed line, undecodable attachment). */
export type InputItem = { kind: 'note'; at: Position; fields: RawFields } | { kind: 'error'; error: ErrorRecord };

/** A validated note with its position in the input. */
export interface CliNote {
  at: Position;
  note: HistoryNote;
}

export const NOTE_FIELDS = ['id', 'patientId', 'date', 'text', 'procedure', 'cpt', 'authorization'] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

export function idOf(fields: RawFields): string | undefined {
  return typeof fields.id === 'string' && fields.id.length > 0 ? fields.id : undefined;
}

export function errorAt(at: Position, reason: string, id?: string): ErrorRecord {
  return id === undefined ? { source: at.source, line: at.line, reason } : { source: at.source, line: at.line, id, reason };
}

/**
 * Validates a record as a history note (zod, the library's own schema). The reason lists the failing fields
 * with zod's messages, which state what was expected and never the value.
 */
export function toHistoryNote(at: Position, fields: RawFields): CliNote | ErrorRecord {
  const input: Record<string, unknown> = {};
  for (const key of ['id', 'patientId', 'date', 'text', 'procedure', 'cpt'] as const) {
    if (fields[key] !== undefined) input[key] = fields[key];
  }
  if (fields.authorization !== undefined) input.context = { authorization: fields.authorization };
  const parsed = HistoryNoteSchema.safeParse(input);
  if (parsed.success) return { at, note: parsed.data };
  const reasons = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (path[0] === 'context') path.shift();
    const field = path.join('.');
    const top = path[0] as NoteField | undefined;
    if (top !== undefined && path.length === 1 && fields[top] === undefined) return `${field}: missing`;
    if (issue.code === 'unrecognized_keys') return `${field || 'record'}: unknown key(s) ${issue.keys.join(', ')}`;
    return issue.message.startsWith('must') ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
  });
  return errorAt(at, [...new Set(reasons)].join('; '), idOf(fields));
}

/**
 * 32-bit FNV-1a of the UTF-8 bytes: stable across machines, processes and Node versions, so every task of a
 * batch engine assigns a patient to the same shard.
 */
export function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(value, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A `--shard I/N` slice: 1-based `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** True when the patient belongs to the shard; records without a usable patient id belong to shard 1, so each is reported once. */
export function inShard(patientId: unknown, shard: Shard | undefined): boolean {
  if (!shard) return true;
  if (typeof patientId !== 'string' || patientId.length === 0) return shard.index === 1;
  return (fnv1a(patientId) % shard.count) + 1 === shard.index;
}
