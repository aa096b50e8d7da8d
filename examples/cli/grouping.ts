// Patients are the unit of work: analyzeHistory needs all of a patient's notes at once. A grouper turns a
// stream of notes into a stream of patients, in first-appearance order (the output order the shards and a
// full run agree on).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { write, type ErrorRecord } from './io.js';
import { errorAt, type CliNote } from './notes.js';

/** One patient's notes, in input order (analyzeHistory orders them by date). */
export interface PatientGroup {
  patientId: string;
  notes: CliNote[];
}

/**
 * Groups notes by patient. `reject` receives the notes a grouper cannot place.
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
 * size of the notes read). The CLI uses {@link SpillGrouper}, which gives the same groups in bounded
 * memory; this one is the reference its tests compare with.
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

/** Options of a {@link SpillGrouper}. */
export interface SpillOptions {
  /** The notes held in memory before they go to disk, in bytes (an estimate: UTF-16 strings plus overhead). */
  memoryBytes: number;
  /** Where the temporary run files go (a fresh directory is made inside, removed at the end). Default: os.tmpdir(). */
  tmpDir?: string;
  /** Called with the number of run files once the input has ended (0: nothing spilled). */
  onSpilled?: (runs: number) => void;
}

/** A note as written to a run file: the patient's first-appearance rank, then the note and its position. */
interface SpilledNote {
  rank: number;
  at: CliNote['at'];
  note: CliNote['note'];
}

// Strings are UTF-16 in V8; the constant covers the objects, the arrays and the map entry around a note.
const NOTE_OVERHEAD = 400;
function noteBytes(item: CliNote): number {
  const n = item.note;
  return NOTE_OVERHEAD + 2 * (n.text.length + n.id.length + n.patientId.length + n.date.length + item.at.source.length);
}

/**
 * For unsorted input, with bounded memory: an external merge sort by (patient's first-appearance rank, input
 * order). Notes are held in memory up to `memoryBytes`; past that, the held notes are sorted and written to a
 * run file (JSON lines) in a temporary directory, and holding starts again. At the end the runs are merged,
 * reading one line of each at a time, and each patient is yielded as its notes come out together. Output is
 * the same as {@link MemoryGrouper}'s (patients in first-appearance order, notes in input order) whether or
 * not anything spilled. Memory: `memoryBytes` of notes, one id and number per patient seen (the ranks), one
 * patient's notes, and a read buffer per run file. The directory is removed when the groups end, also after
 * an error or an early stop.
 */
export class SpillGrouper implements PatientGrouper {
  constructor(private readonly options: SpillOptions) {}

  async *groups(notes: AsyncIterable<CliNote>): AsyncIterable<PatientGroup> {
    const ranks = new Map<string, number>();
    let held: SpilledNote[] = [];
    let heldBytes = 0;
    let dir: string | undefined;
    const runs: string[] = [];
    try {
      for await (const item of notes) {
        let rank = ranks.get(item.note.patientId);
        if (rank === undefined) {
          rank = ranks.size;
          ranks.set(item.note.patientId, rank);
        }
        held.push({ rank, at: item.at, note: item.note });
        heldBytes += noteBytes(item);
        if (heldBytes > this.options.memoryBytes) {
          dir ??= await mkdtemp(join(this.options.tmpDir ?? tmpdir(), 'notelint-spill-'));
          runs.push(await writeRun(dir, runs.length, held));
          held = [];
          heldBytes = 0;
        }
      }
      this.options.onSpilled?.(runs.length);
      if (runs.length === 0) {
        yield* groupsInOrder(sortByRank(held));
        return;
      }
      // The notes still held are the last run: merged in memory, without a file.
      const sources: (AsyncIterator<SpilledNote> | Iterator<SpilledNote>)[] = runs.map((file) => readRun(file));
      sources.push(sortByRank(held)[Symbol.iterator]());
      held = [];
      yield* groupsInOrder(merge(sources));
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }
}

// Array.prototype.sort is stable, so notes of one patient keep their input order.
function sortByRank(notes: SpilledNote[]): SpilledNote[] {
  return notes.sort((a, b) => a.rank - b.rank);
}

async function writeRun(dir: string, index: number, notes: SpilledNote[]): Promise<string> {
  const file = join(dir, `run-${String(index).padStart(5, '0')}.jsonl`);
  const stream = createWriteStream(file);
  try {
    for (const n of sortByRank(notes)) await write(stream, `${JSON.stringify(n)}\n`);
  } finally {
    await new Promise<void>((resolve, reject) => {
      stream.end((error?: Error | null) => { if (error) reject(error); else resolve(); });
    });
  }
  return file;
}

async function* readRun(file: string): AsyncGenerator<SpilledNote> {
  const stream = createReadStream(file);
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) yield JSON.parse(line) as SpilledNote;
  } finally {
    stream.destroy();
  }
}

/**
 * Merges sources sorted by rank. Ties go to the earlier source: runs were written in input order, so a
 * patient's notes keep their input order. A linear scan for the smallest head: a run holds `memoryBytes` of
 * notes, so there are few runs.
 */
async function* merge(sources: (AsyncIterator<SpilledNote> | Iterator<SpilledNote>)[]): AsyncGenerator<SpilledNote> {
  const heads: (SpilledNote | undefined)[] = [];
  for (const s of sources) heads.push((await s.next()).value as SpilledNote | undefined);
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h !== undefined && (best < 0 || h.rank < (heads[best] as SpilledNote).rank)) best = i;
      }
      if (best < 0) return;
      yield heads[best] as SpilledNote;
      const next = await (sources[best] as AsyncIterator<SpilledNote> | Iterator<SpilledNote>).next();
      heads[best] = next.done === true ? undefined : next.value;
    }
  } finally {
    // Closes the run files still open when the consumer stops early.
    for (const s of sources) await s.return?.();
  }
}

/** Notes sorted by rank → one group per patient. */
async function* groupsInOrder(notes: AsyncIterable<SpilledNote> | Iterable<SpilledNote>): AsyncGenerator<PatientGroup> {
  let current: PatientGroup | undefined;
  for await (const { at, note } of notes) {
    if (current?.patientId === note.patientId) {
      current.notes.push({ at, note });
      continue;
    }
    if (current) yield current;
    current = { patientId: note.patientId, notes: [{ at, note }] };
  }
  if (current) yield current;
}
