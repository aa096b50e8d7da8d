// CSV with a header row, parsed by csv-parse as a stream (quoted fields may hold newlines and commas).
// `--columns id=NoteID,patientId=MRN,...` maps note fields to the export's column names.
import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { CliUsageError } from '../io.js';
import { errorAt, NOTE_FIELDS, type InputItem, type NoteField, type RawFields } from '../notes.js';

export type ColumnMap = Partial<Record<NoteField, string>>;

/** Parses `id=NoteID,patientId=MRN`; an unknown field or a malformed pair is a usage error. */
export function parseColumns(spec: string | undefined): ColumnMap {
  const map: ColumnMap = {};
  if (spec === undefined) return map;
  for (const pair of spec.split(',')) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim() as NoteField;
    const column = pair.slice(eq + 1).trim();
    if (eq < 0 || column === '') throw new CliUsageError(`--columns: expected field=Column pairs, got ${JSON.stringify(pair)}`);
    if (!NOTE_FIELDS.includes(field)) throw new CliUsageError(`--columns: unknown field ${JSON.stringify(field)}; fields are ${NOTE_FIELDS.join(', ')}`);
    map[field] = column;
  }
  return map;
}

const REQUIRED: readonly NoteField[] = ['id', 'patientId', 'date', 'text'];

function cell(record: Record<string, string | undefined>, column: string | undefined): string | undefined {
  const value = column === undefined ? undefined : record[column];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export async function* readCsv(source: string, stream: Readable, columns: ColumnMap, required: readonly NoteField[] = REQUIRED): AsyncIterable<InputItem> {
  const column = (field: NoteField) => columns[field] ?? field;
  const skipped: InputItem[] = [];
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    // A missing column would reject every row with the same reason; it is one usage error instead.
    columns: (header: string[]) => {
      const missing = required.filter((f) => !header.includes(column(f)));
      if (missing.length > 0) throw new CliUsageError(`${source}: the CSV header has no column ${missing.map((f) => `${JSON.stringify(column(f))} (${f})`).join(', ')}; map columns with --columns`);
      return header;
    },
  });
  // csv-parse's own message can quote the record; the error record keeps only its code.
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    skipped.push({ kind: 'error', error: { source, line: error.lines ?? 0, reason: `malformed CSV record (${error.code})` } });
  });
  stream.on('error', (error) => parser.destroy(error));
  for await (const row of stream.pipe(parser)) {
    yield* skipped.splice(0);
    const { record, info } = row as { record: Record<string, string | undefined>; info: { lines: number } };
    const at = { source, line: info.lines };
    const fields: RawFields = {};
    for (const field of ['id', 'patientId', 'date', 'text', 'procedure'] as const) {
      const value = cell(record, column(field));
      if (value !== undefined) fields[field] = field === 'text' ? value : value.trim();
    }
    const cpt = cell(record, column('cpt'));
    if (cpt !== undefined) fields.cpt = cpt.split(/[\s,;]+/).filter(Boolean);
    const authorization = cell(record, column('authorization'));
    if (authorization !== undefined) {
      try {
        fields.authorization = JSON.parse(authorization);
      } catch {
        yield { kind: 'error', error: errorAt(at, 'authorization: malformed JSON', typeof fields.id === 'string' ? fields.id : undefined) };
        continue;
      }
    }
    yield { kind: 'note', at, fields };
  }
  yield* skipped.splice(0);
}
