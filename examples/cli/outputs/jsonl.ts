import type { Writable } from 'node:stream';
import { write } from '../io.js';
import { noteRecords, type ReportWriter } from './index.js';

/** One JSON object per note (see NoteRecord). */
export function jsonlWriter(stream: Writable): ReportWriter {
  return {
    async writePatient(result) {
      await write(stream, noteRecords(result).map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
    end: () => Promise.resolve(),
  };
}
