// Picks the reader for each input and reads the inputs one after the other.
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { CliUsageError, openInput, type CliIO } from '../io.js';
import type { InputItem } from '../notes.js';
import { readCsv, type ColumnMap } from './csv.js';
import { readFhirBundle } from './fhir.js';
import { readJsonLines } from './jsonl.js';

export const INPUT_FORMATS = ['auto', 'jsonl', 'csv', 'fhir'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface ReadOptions {
  format: InputFormat;
  columns: ColumnMap;
  /** Columns a CSV header must have (duplicates needs only id and text). */
  requiredColumns?: readonly ('id' | 'patientId' | 'date' | 'text')[];
  /** Called with each input's stream as it is opened (progress reads its bytesRead). */
  onOpen?: (stream: Readable) => void;
}

/** `auto`: .csv is CSV, .json a FHIR Bundle, anything else (and stdin) JSON lines, notes or FHIR NDJSON. */
export function formatOf(input: string, format: InputFormat): Exclude<InputFormat, 'auto'> {
  if (format !== 'auto') return format;
  const ext = extname(input).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'fhir';
  return 'jsonl';
}

export async function* readInputs(inputs: readonly string[], options: ReadOptions, io: CliIO): AsyncIterable<InputItem> {
  for (const input of inputs) {
    const source = input;
    const stream = openInput(input, io);
    const format = formatOf(input, options.format);
    options.onOpen?.(stream);
    try {
      if (format === 'csv') yield* readCsv(source, stream, options.columns, options.requiredColumns);
      else if (format === 'fhir') yield* readFhirBundle(source, stream);
      else yield* readJsonLines(source, stream);
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      // An I/O failure part-way (a directory, a vanished file, a broken pipe) makes the input unreadable: exit 2.
      throw new CliUsageError(`cannot read ${source}${typeof code === 'string' ? `: ${code}` : ''}`, { cause: error });
    } finally {
      if (input !== '-') stream.destroy();
    }
  }
}
