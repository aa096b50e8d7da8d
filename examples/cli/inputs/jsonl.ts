// JSON lines: one note a line ({ id, patientId, date, text, procedure?, cpt?, authorization? }), or, when
// the first record has a resourceType, FHIR NDJSON (a bulk export of DocumentReference and Binary).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { errorAt, NOTE_FIELDS, type InputItem, type RawFields } from '../notes.js';
import { FhirCollector } from './fhir.js';

export async function* readJsonLines(source: string, stream: Readable): AsyncIterable<InputItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let fhir: FhirCollector | undefined;
  let first = true;
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const at = { source, line };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { kind: 'error', error: errorAt(at, 'malformed JSON') };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'error', error: errorAt(at, 'not a JSON object') };
      continue;
    }
    const record = value as Record<string, unknown>;
    if (first && typeof record.resourceType === 'string') fhir = new FhirCollector();
    first = false;
    if (fhir) {
      yield* fhir.accept(record, at);
      continue;
    }
    // Other keys (an export's extra columns) are ignored: the CLI reads the fields it knows.
    const fields: RawFields = {};
    for (const key of NOTE_FIELDS) if (key in record) fields[key] = record[key];
    yield { kind: 'note', at, fields };
  }
  if (fhir) yield* fhir.finish();
}
