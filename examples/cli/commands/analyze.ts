// notelint analyze: records → notes → patients → analyzeHistory → one report record per note.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyzeHistory, HistoryOptionsSchema, SEVERITIES, type HistoryOptions, type Severity } from '../../../src/index.js';
import { readInputs, INPUT_FORMATS, type InputFormat } from '../inputs/index.js';
import { parseColumns } from '../inputs/csv.js';
import { checkInputs, CliUsageError, ErrorSink, openOutput, type CliIO, type ErrorRecord } from '../io.js';
import { MemoryGrouper, SortedGrouper, type PatientGrouper } from '../grouping.js';
import { errorAt, inShard, toHistoryNote, type CliNote, type InputItem, type Position, type Shard } from '../notes.js';
import { OUTPUT_FORMATS, reportWriter, type OutputFormat, type ReportWriter } from '../outputs/index.js';

export interface AnalyzeSettings {
  history: HistoryOptions;
  /** Input grouped by patient: stream one patient at a time. */
  sorted: boolean;
  shard?: Shard;
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
}

const emptyCounts = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 });

/**
 * Analyzes a stream of records patient by patient and writes every note's record; rejected records go to
 * `errors`. The seam for issue 5's worker threads is the loop over groups: each group is analyzed on its
 * own, and results must be written in group order.
 */
export async function analyzeItems(items: AsyncIterable<InputItem> | Iterable<InputItem>, settings: AnalyzeSettings, writer: ReportWriter, errors: ErrorSink): Promise<RunSummary> {
  const t0 = performance.now();
  const summary: RunSummary = { read: 0, reported: 0, rejected: 0, otherShards: 0, patients: 0, bySeverity: emptyCounts(), byRule: new Map(), seconds: 0 };
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
  const grouper: PatientGrouper = settings.sorted ? new SortedGrouper() : new MemoryGrouper();
  for await (const group of grouper.groups(notes(), reject)) {
    const positions = new Map<string, Position>();
    const kept: CliNote[] = [];
    for (const item of group.notes) {
      const earlier = positions.get(item.note.id);
      if (earlier) await reject(errorAt(item.at, `id: duplicates the id of the patient's note at ${earlier.source} line ${earlier.line}`, item.note.id));
      else {
        positions.set(item.note.id, item.at);
        kept.push(item);
      }
    }
    let report;
    try {
      report = analyzeHistory(kept.map((k) => k.note), settings.history);
    } catch (error) {
      // Not expected (the notes were validated); the library's messages name fields, never text.
      for (const k of kept) await reject(errorAt(k.at, `analysis failed (${(error as Error).name})`, k.note.id));
      continue;
    }
    await writer.writePatient({ patientId: group.patientId, report, positions, texts: new Map(kept.map((k) => [k.note.id, k.note.text])) });
    summary.patients++;
    summary.reported += report.notes.length;
    for (const f of report.findings) {
      summary.bySeverity[f.severity]++;
      const counts = summary.byRule.get(f.ruleId) ?? emptyCounts();
      counts[f.severity]++;
      summary.byRule.set(f.ruleId, counts);
    }
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
    .option('--quiet', 'no summary on stderr')
    .addHelpText(
      'after',
      `
Memory: with --sorted, one patient's notes at a time. Without it, every note is held in memory until the
input ends (the bounded on-disk spill for unsorted input is not written yet): sort large archives by patient.
Output: patients in order of first appearance, each patient's notes in date order.
Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage error or unreadable input, 3 rejected records with --strict.`,
    )
    .action(async (inputs: string[], flags: AnalyzeFlags) => {
      if (!(OUTPUT_FORMATS as readonly string[]).includes(flags.format)) throw new CliUsageError(`--format: expected ${OUTPUT_FORMATS.join(', ')}; got ${JSON.stringify(flags.format)}`);
      if (!(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) throw new CliUsageError(`--input-format: expected ${INPUT_FORMATS.join(', ')}`);
      if (flags.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(flags.failOn)) throw new CliUsageError(`--fail-on: expected ${SEVERITIES.join(', ')}`);
      const settings: AnalyzeSettings = { history: await historyOptions(flags.config, flags.preset), sorted: flags.sorted === true, shard: parseShard(flags.shard) };
      const columns = parseColumns(flags.columns);
      await checkInputs(inputs);
      const out = await openOutput(flags.out, io.stdout);
      const errs = await openOutput(flags.errors, io.stderr);
      const items = readInputs(inputs, { format: flags.inputFormat, columns }, io);
      const writer = reportWriter(flags.format, out.stream);
      try {
        const summary = await analyzeItems(items, settings, writer, new ErrorSink(errs.stream));
        await writer.end();
        if (!flags.quiet) io.stderr.write(formatSummary(summary));
        done(exitCode(summary, flags.failOn, flags.strict === true));
      } finally {
        await out.close();
        await errs.close();
      }
    });
}
