// notelint analyze: records → notes → patients → analyzeHistory → one report record per note.
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { analyzeHistory, HistoryOptionsSchema, SEVERITIES, type HistoryOptions, type Severity } from '../../../src/index.js';
import { readInputs, INPUT_FORMATS, type InputFormat } from '../inputs/index.js';
import { parseColumns } from '../inputs/csv.js';
import { checkInputs, CliUsageError, ErrorSink, openOutput, type CliIO, type ErrorRecord } from '../io.js';
import { SortedGrouper, SpillGrouper, type PatientGrouper } from '../grouping.js';
import { AnalyzePool, analyzeHere, type AnalyzeOutcome } from '../workers.js';
import { Progress } from '../progress.js';
import { errorAt, inShard, toHistoryNote, type CliNote, type InputItem, type Position, type Shard } from '../notes.js';
import { OUTPUT_FORMATS, reportWriter, type OutputFormat, type ReportWriter } from '../outputs/index.js';

export interface AnalyzeSettings {
  history: HistoryOptions;
  /** Input grouped by patient: stream one patient at a time. */
  sorted: boolean;
  shard?: Shard;
  /** Worker threads analyzing patients; 0 or 1: in the calling thread. Default 1. */
  workers?: number;
  /** Without `sorted`: the notes held in memory before they spill to disk, in bytes. Default 256 MiB. */
  memoryBytes?: number;
  /** Where spill files go (default: os.tmpdir()). */
  tmpDir?: string;
  /** Called after each patient is written (progress). */
  onPatient?: (summary: RunSummary) => void;
}

export interface RunSummary {
  /** Records of this shard read: reported + rejected. */
  read: number;
  reported: number;
  rejected: number;
  /** Records of other shards, skipped. */
  otherShards: number;
  patients: number;
  bySeverity: Record<Severity, number>;
  byRule: Map<string, Record<Severity, number>>;
  seconds: number;
  /** Threads that analyzed patients (1: the calling thread). */
  workers: number;
  /** Run files the unsorted input spilled to disk (0: it fit in --memory-mb). */
  spillRuns: number;
}

const emptyCounts = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 });

export const DEFAULT_MEMORY_MB = 256;

/** A patient submitted for analysis and not yet written: written in submission order. */
interface InFlight {
  patientId: string;
  kept: CliNote[];
  positions: Map<string, Position>;
  duplicates: ErrorRecord[];
  outcome: Promise<AnalyzeOutcome>;
}

/**
 * Analyzes a stream of records patient by patient and writes every note's record; rejected records go to
 * `errors`. With `workers` > 1 the patients are analyzed in worker threads, at most 2 per worker in flight,
 * and written in the order they were grouped, so the report is the same bytes as with one thread. A worker
 * that fails makes the run fail (thrown); the workers are terminated in every case.
 */
export async function analyzeItems(items: AsyncIterable<InputItem> | Iterable<InputItem>, settings: AnalyzeSettings, writer: ReportWriter, errors: ErrorSink): Promise<RunSummary> {
  const t0 = performance.now();
  const threads = Math.max(1, settings.workers ?? 1);
  const summary: RunSummary = { read: 0, reported: 0, rejected: 0, otherShards: 0, patients: 0, bySeverity: emptyCounts(), byRule: new Map(), seconds: 0, workers: threads, spillRuns: 0 };
  const reject = async (error: ErrorRecord) => {
    summary.rejected++;
    await errors.add(error);
  };
  async function* notes(): AsyncIterable<CliNote> {
    for await (const item of items) {
      const patientId = item.kind === 'note' ? item.fields.patientId : undefined;
      if (!inShard(patientId, settings.shard)) {
        summary.otherShards++;
        continue;
      }
      summary.read++;
      if (item.kind === 'error') {
        await reject(item.error);
        continue;
      }
      const note = toHistoryNote(item.at, item.fields);
      if ('reason' in note) await reject(note);
      else yield note;
    }
  }
  const grouper: PatientGrouper = settings.sorted
    ? new SortedGrouper()
    : new SpillGrouper({ memoryBytes: settings.memoryBytes ?? DEFAULT_MEMORY_MB * 2 ** 20, tmpDir: settings.tmpDir, onSpilled: (runs) => { summary.spillRuns = runs; } });
  const pool = threads > 1 ? new AnalyzePool(threads, settings.history) : undefined;
  const analyze = (kept: CliNote[]): Promise<AnalyzeOutcome> => {
    const list = kept.map((k) => k.note);
    return pool ? pool.analyze(list) : Promise.resolve(analyzeHere(list, settings.history));
  };
  const finish = async (job: InFlight) => {
    const outcome = await job.outcome;
    for (const d of job.duplicates) await reject(d);
    if ('failed' in outcome) {
      // Not expected (the notes were validated); the library's messages name fields, never text.
      for (const k of job.kept) await reject(errorAt(k.at, `analysis failed (${outcome.failed})`, k.note.id));
      return;
    }
    const { report } = outcome;
    await writer.writePatient({ patientId: job.patientId, report, positions: job.positions, texts: new Map(job.kept.map((k) => [k.note.id, k.note.text])) });
    summary.patients++;
    summary.reported += report.notes.length;
    for (const f of report.findings) {
      summary.bySeverity[f.severity]++;
      const counts = summary.byRule.get(f.ruleId) ?? emptyCounts();
      counts[f.severity]++;
      summary.byRule.set(f.ruleId, counts);
    }
    settings.onPatient?.(summary);
  };
  // Two patients a worker: one analyzed, one waiting, so no worker idles while the main thread writes.
  const maxInFlight = pool ? 2 * threads : 1;
  const queue: InFlight[] = [];
  try {
    for await (const group of grouper.groups(notes(), reject)) {
      const positions = new Map<string, Position>();
      const kept: CliNote[] = [];
      const duplicates: ErrorRecord[] = [];
      for (const item of group.notes) {
        const earlier = positions.get(item.note.id);
        if (earlier) duplicates.push(errorAt(item.at, `id: duplicates the id of the patient's note at ${earlier.source} line ${earlier.line}`, item.note.id));
        else {
          positions.set(item.note.id, item.at);
          kept.push(item);
        }
      }
      queue.push({ patientId: group.patientId, kept, positions, duplicates, outcome: analyze(kept) });
      while (queue.length >= maxInFlight) await finish(queue.shift() as InFlight);
    }
    while (queue.length > 0) await finish(queue.shift() as InFlight);
  } finally {
    await pool?.close();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/** The end-of-run summary for stderr: the counts that must add up, then findings by rule. */
export function formatSummary(s: RunSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `notelint: ${n(s.read)} notes read = ${n(s.reported)} reported + ${n(s.rejected)} rejected${s.otherShards > 0 ? ` (${n(s.otherShards)} in other shards skipped)` : ''}`,
    `notelint: ${n(s.patients)} patients, ${n(s.bySeverity.error)} errors, ${n(s.bySeverity.warning)} warnings, ${n(s.bySeverity.info)} infos, ${s.seconds.toFixed(2)} s (${n(Math.round(s.reported / Math.max(s.seconds, 1e-3)))} notes/s)`,
    `notelint: ${s.workers === 1 ? '1 thread' : `${s.workers} worker threads`}${s.spillRuns > 0 ? `, unsorted input spilled to ${n(s.spillRuns)} temporary run files (removed)` : ''}`,
  ];
  const rules = [...s.byRule].sort((a, b) => b[1].error + b[1].warning + b[1].info - (a[1].error + a[1].warning + a[1].info) || a[0].localeCompare(b[0]));
  if (rules.length > 0) lines.push('  findings   error  warning   info  rule');
  for (const [id, c] of rules) {
    lines.push(`  ${String(c.error + c.warning + c.info).padStart(8)}  ${String(c.error).padStart(6)}  ${String(c.warning).padStart(7)}  ${String(c.info).padStart(5)}  ${id}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Exit code of a finished run: 3 for rejected records under --strict, 1 for findings at or above --fail-on, else 0. */
export function exitCode(s: RunSummary, failOn: Severity | undefined, strict: boolean): number {
  if (strict && s.rejected > 0) return 3;
  if (failOn !== undefined) {
    const at = SEVERITIES.indexOf(failOn);
    if (SEVERITIES.slice(0, at + 1).some((sev) => s.bySeverity[sev] > 0)) return 1;
  }
  return 0;
}

export function parseShard(spec: string | undefined): Shard | undefined {
  if (spec === undefined) return undefined;
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(spec);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new CliUsageError(`--shard: expected I/N with 1 <= I <= N, such as 1/4; got ${JSON.stringify(spec)}`);
  return { index, count };
}

/**
 * The analysis options from --config (JSON: preset, rules, cloneThreshold, minRun, ...) and --preset, checked
 * before any input is read: the library validates them on a one-line probe note, so a misspelt rule id or a
 * bad rule option is a usage error (exit 2) with the library's own message, not a rejected patient.
 */
export async function historyOptions(config: string | undefined, preset: string | undefined): Promise<HistoryOptions> {
  let options: unknown = {};
  if (config !== undefined) {
    const text = await readFile(config, 'utf8').catch((error: unknown) => {
      throw new CliUsageError(`cannot read ${config}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    });
    try {
      options = JSON.parse(text);
    } catch {
      throw new CliUsageError(`${config}: malformed JSON`);
    }
  }
  const parsed = HistoryOptionsSchema.safeParse(options);
  if (!parsed.success) throw new CliUsageError(`${config ?? 'options'}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`);
  const result: HistoryOptions = { ...(options as HistoryOptions), ...(preset !== undefined ? { preset } : {}) };
  try {
    analyzeHistory([{ id: 'probe', patientId: 'probe', date: '2000-01-01', text: '' }], result);
  } catch (error) {
    throw new CliUsageError((error as Error).message.replace(/^notelint\.analyzeHistory: /, ''));
  }
  return result;
}

interface AnalyzeFlags {
  format: OutputFormat;
  out?: string;
  errors?: string;
  inputFormat: InputFormat;
  columns?: string;
  preset?: string;
  config?: string;
  shard?: string;
  sorted?: boolean;
  failOn?: Severity;
  strict?: boolean;
  quiet?: boolean;
  workers: string;
  memoryMb: string;
}

/** --workers: a whole number from 0 (0 and 1 both mean the calling thread). */
export function parseWorkers(spec: string): number {
  if (!/^\d{1,4}$/.test(spec)) throw new CliUsageError(`--workers: expected a whole number, such as 4; got ${JSON.stringify(spec)}`);
  return Number(spec);
}

/** --memory-mb: a positive number of MiB (fractions allowed, to test spilling on small inputs). */
export function parseMemoryMb(spec: string): number {
  const mb = /^\d{1,7}(?:\.\d{1,6})?$/.test(spec) ? Number(spec) : NaN;
  if (!(mb > 0)) throw new CliUsageError(`--memory-mb: expected a positive number, such as 256; got ${JSON.stringify(spec)}`);
  return mb;
}

/** The inputs' total size, for the ETA: unknown when one of them is stdin. */
async function inputBytes(inputs: readonly string[]): Promise<number | undefined> {
  if (inputs.includes('-')) return undefined;
  let total = 0;
  for (const input of inputs) total += (await stat(input)).size;
  return total;
}

export function analyzeCommand(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('analyze')
    .description('check notes patient by patient (analyzeHistory) and write one record per note')
    .argument('<input...>', 'files to read (.jsonl, .csv, FHIR .json / .ndjson), or - for stdin')
    .option('--format <format>', `report format: ${OUTPUT_FORMATS.join(', ')}`, 'jsonl')
    .option('--out <file>', 'write the report to a file (default: stdout)')
    .option('--errors <file>', 'write rejected records, one JSON object a line (default: stderr)')
    .option('--input-format <format>', `input format: ${INPUT_FORMATS.join(', ')} (auto: .csv is CSV, .json a FHIR Bundle, else JSON lines)`, 'auto')
    .option('--columns <map>', 'CSV column names, such as id=NoteID,patientId=MRN,date=DOS,text=Body')
    .option('--preset <name>', 'rule preset: recommended (default) or esi-lcd')
    .option('--config <file>', 'JSON analysis options: { preset, rules, cloneThreshold, minRun }')
    .option('--shard <I/N>', 'only the patients whose id hashes (FNV-1a) to shard I of N, 1-based')
    .option('--sorted', 'the input is grouped by patient: stream one patient at a time')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity: info, warning, error')
    .option('--strict', 'exit 3 when any record was rejected')
    .option('--workers <n>', 'worker threads analyzing patients; 0 or 1: none', String(availableParallelism()))
    .option('--memory-mb <mb>', 'without --sorted: MiB of notes held in memory before they spill to temporary files', String(DEFAULT_MEMORY_MB))
    .option('--quiet', 'no progress and no summary on stderr')
    .addHelpText(
      'after',
      `
Memory: with --sorted, one patient's notes at a time. Without it, up to --memory-mb of notes (estimated as
held in memory) plus one id per patient; beyond that the notes go to sorted run files in the temporary
directory ($TMPDIR), merged at the end and removed. Either way add up to 2 patients per worker in flight.
Output: patients in order of first appearance, each patient's notes in date order, whatever --workers.
Progress: a line on stderr when it is a terminal (not with --quiet); a summary at the end.
Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error or unreadable input, 3 rejected records with --strict.`,
    )
    .action(async (inputs: string[], flags: AnalyzeFlags) => {
      if (!(OUTPUT_FORMATS as readonly string[]).includes(flags.format)) throw new CliUsageError(`--format: expected ${OUTPUT_FORMATS.join(', ')}; got ${JSON.stringify(flags.format)}`);
      if (!(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) throw new CliUsageError(`--input-format: expected ${INPUT_FORMATS.join(', ')}`);
      if (flags.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(flags.failOn)) throw new CliUsageError(`--fail-on: expected ${SEVERITIES.join(', ')}`);
      const settings: AnalyzeSettings = {
        history: await historyOptions(flags.config, flags.preset),
        sorted: flags.sorted === true,
        shard: parseShard(flags.shard),
        workers: parseWorkers(flags.workers),
        memoryBytes: parseMemoryMb(flags.memoryMb) * 2 ** 20,
      };
      const columns = parseColumns(flags.columns);
      await checkInputs(inputs);
      const out = await openOutput(flags.out, io.stdout);
      const errs = await openOutput(flags.errors, io.stderr);
      const progress = flags.quiet !== true && Progress.wanted(io.stderr) ? new Progress(io.stderr, await inputBytes(inputs)) : undefined;
      if (progress) settings.onPatient = (s) => { progress.update(s); };
      const items = readInputs(inputs, { format: flags.inputFormat, columns, onOpen: (stream) => { progress?.opened(stream); } }, io);
      const writer = reportWriter(flags.format, out.stream);
      try {
        const summary = await analyzeItems(items, settings, writer, new ErrorSink(errs.stream));
        await writer.end();
        progress?.clear();
        if (!flags.quiet) io.stderr.write(formatSummary(summary));
        done(exitCode(summary, flags.failOn, flags.strict === true));
      } finally {
        progress?.clear();
        await out.close();
        await errs.close();
      }
    });
}
