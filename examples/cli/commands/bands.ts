// notelint duplicates --emit-bands / --emit-signatures: the LSH band keys (or the MinHash signatures) of every
// note as rows, so the cross-patient candidate join runs as a join in an engine that already holds the archive
// (DuckDB, Spark SQL, BigQuery) instead of in one process's memory.
import type { Writable } from 'node:stream';
import { MinHasher, type NearDuplicateRecord } from '../../../src/similarity/index.js';
import { bandKeysInto } from '../../../src/similarity/lsh.js';
import { recallBandsRows } from '../../../src/similarity/near-duplicates.js';
import { csvField } from '../outputs/csv.js';
import { write } from '../io.js';

/**
 * The signature options of both `notelint duplicates` and its `--emit-*` rows. One object passed to both
 * findNearDuplicates and the emitter, so the emitted band keys are the ones the in-process scan buckets by:
 * a join on them yields exactly the in-process candidates.
 */
export const SIGNATURE_OPTIONS = { numPerm: 128, seed: 1, shingleSize: 3, maskNumbers: true } as const;

export const EMIT_FORMATS = ['csv', 'jsonl'] as const;
export type EmitFormat = (typeof EMIT_FORMATS)[number];
export type EmitKind = 'bands' | 'signatures';

// Rows are written in chunks of about this many characters: one stream write per row would cost more than
// hashing the note (16 rows a note at threshold 0.8, 128 for signatures).
const CHUNK_CHARS = 1 << 16;

/** What an emit run wrote, for the summary line. */
export interface EmitSummary {
  notes: number;
  /** Rows written (not counting the CSV header). */
  written: number;
  /** LSH bands, and signature positions per band, chosen for the threshold as findNearDuplicates does. */
  bands: number;
  rows: number;
}

/**
 * Writes one row per (band, note) — `band,key,note_id`, key the band's 32-bit hash as an unsigned integer —
 * or, for signatures, one row per (note, position) — `note_id,pos,value`. The long signature layout keeps
 * the estimate a plain equi-join with COUNT(*) in any SQL dialect (no array functions).
 *
 * @example
 * await emitRows(records, { kind: 'bands', format: 'csv', threshold: 0.8 }, process.stdout);
 * // band,key,note_id
 * // 0,2864441321,visit-1
 */
export async function emitRows(
  records: AsyncIterable<NearDuplicateRecord>,
  options: { kind: EmitKind; format: EmitFormat; threshold: number },
  stream: Writable,
): Promise<EmitSummary> {
  const hasher = new MinHasher(SIGNATURE_OPTIONS);
  const { bands, rows } = recallBandsRows(options.threshold, hasher.numPerm);
  const keys = new Uint32Array(bands);
  const csv = options.format === 'csv';
  const header = options.kind === 'bands' ? 'band,key,note_id' : 'note_id,pos,value';
  let chunk = csv ? `${header}\n` : '';
  let notes = 0;
  let written = 0;
  for await (const { id, text } of records) {
    notes++;
    const signature = hasher.signature(text);
    const idField = csv ? csvField(id) : JSON.stringify(id);
    if (options.kind === 'bands') {
      bandKeysInto(signature, bands, rows, keys, 0);
      for (let b = 0; b < bands; b++) {
        const key = keys[b] as number;
        chunk += csv ? `${b},${key},${idField}\n` : `{"band":${b},"key":${key},"note_id":${idField}}\n`;
      }
      written += bands;
    } else {
      for (let p = 0; p < signature.length; p++) {
        const value = signature[p] as number;
        chunk += csv ? `${idField},${p},${value}\n` : `{"note_id":${idField},"pos":${p},"value":${value}}\n`;
      }
      written += signature.length;
    }
    if (chunk.length >= CHUNK_CHARS) {
      await write(stream, chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await write(stream, chunk);
  return { notes, written, bands, rows };
}
