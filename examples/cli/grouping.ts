// Patients are the unit of work: analyzeHistory needs all of a patient's notes at once. A grouper turns a
// stream of notes into a stream of patients, in first-appearance order (the output order the shards and a
// full run agree on).
import type { ErrorRecord } from './io.js';
import { errorAt, type CliNote } from './notes.js';

/** One patient's notes, in input order (analyzeHistory orders them by date). */
export interface PatientGroup {
  patientId: string;
  notes: CliNote[];
}

/**
 * Groups notes by patient. `reject` receives the notes a grouper cannot place. The on-disk spill for
 * unsorted input (issue 5) implements this same interface.
 */
export interface PatientGrouper {
  groups(notes: AsyncIterable<CliNote>, reject: (error: ErrorRecord) => Promise<void>): AsyncIterable<PatientGroup>;
}

/**
 * For input already grouped by patient (`--sorted`): holds one patient's notes at a time, plus the set of
 * finished patient ids, so memory is one patient plus an id per patient. A note of a patient whose notes
 * already ended is rejected (the report for that patient was written without it).
 */
export class SortedGrouper implements PatientGrouper {
  async *groups(notes: AsyncIterable<CliNote>, reject: (error: ErrorRecord) => Promise<void>): AsyncIterable<PatientGroup> {
    const finished = new Set<string>();
    let current: PatientGroup | undefined;
    for await (const item of notes) {
      const patientId = item.note.patientId;
      if (current?.patientId === patientId) {
        current.notes.push(item);
        continue;
      }
      if (finished.has(patientId)) {
        await reject(errorAt(item.at, 'patientId: this patient\'s notes already ended; the input is not grouped by patient (run without --sorted)', item.note.id));
        continue;
      }
      if (current) {
        finished.add(current.patientId);
        yield current;
      }
      current = { patientId, notes: [item] };
    }
    if (current) yield current;
  }
}

/**
 * For unsorted input: holds every note until the input ends, so memory grows with the input (about the
 * size of the notes read). Issue 5 replaces it with a bounded on-disk spill; until then, sort large
 * archives by patient and pass `--sorted`.
 */
export class MemoryGrouper implements PatientGrouper {
  async *groups(notes: AsyncIterable<CliNote>): AsyncIterable<PatientGroup> {
    const byPatient = new Map<string, CliNote[]>();
    for await (const item of notes) {
      const list = byPatient.get(item.note.patientId);
      if (list) list.push(item);
      else byPatient.set(item.note.patientId, [item]);
    }
    for (const [patientId, list] of byPatient) yield { patientId, notes: list };
  }
}
