// notelint demo: the README's "run the main job" command, on the bundled synthetic histories.
import type { Command } from 'commander';
import { generateHistories } from '../../../corpora/histories/generate.js';
import { CliUsageError, ErrorSink, openOutput, type CliIO } from '../io.js';
import type { InputItem } from '../notes.js';
import { OUTPUT_FORMATS, reportWriter, type OutputFormat } from '../outputs/index.js';
import { analyzeItems, formatSummary } from './analyze.js';

export const DEMO_REPORT = 'notelint-report.html';

/** The demo's report format: --format, else the --out file's extension (.jsonl, .csv, .sarif), else HTML. */
export function demoFormat(format: string | undefined, out: string): OutputFormat {
  if (format !== undefined) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format: expected ${OUTPUT_FORMATS.join(', ')}; got ${JSON.stringify(format)}`);
    return format as OutputFormat;
  }
  const ext = /\.([a-z]{3,5})$/i.exec(out)?.[1]?.toLowerCase();
  return OUTPUT_FORMATS.find((f) => f === ext) ?? 'html';
}

function* demoItems(patients: number): Iterable<InputItem> {
  let line = 0;
  for (const history of generateHistories({ seed: 1, patients })) {
    for (const { id, patientId, date, text, procedure } of history.notes) {
      yield { kind: 'note', at: { source: 'demo', line: ++line }, fields: { id, patientId, date, text, procedure } };
    }
  }
}

export function demoCommand(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('demo')
    .description(`analyze the bundled synthetic patient histories (corpora/histories, seed 1) and write ${DEMO_REPORT}`)
    .option('--out <file>', 'where to write the report', DEMO_REPORT)
    .option('--format <format>', `report format: ${OUTPUT_FORMATS.join(', ')} (default: from the --out extension, else html)`)
    .option('--patients <n>', 'how many generated patients', '60')
    .option('--quiet', 'no summary on stderr')
    .action(async (flags: { out: string; format?: string; patients: string; quiet?: boolean }) => {
      const patients = Number(flags.patients);
      if (!Number.isInteger(patients) || patients < 1) throw new CliUsageError(`--patients: expected a positive integer; got ${JSON.stringify(flags.patients)}`);
      const format = demoFormat(flags.format, flags.out);
      const out = await openOutput(flags.out, io.stdout);
      const writer = reportWriter(format, out.stream);
      try {
        const summary = await analyzeItems(demoItems(patients), { history: {}, sorted: true }, writer, new ErrorSink(io.stderr));
        await writer.end();
        if (!flags.quiet) io.stderr.write(`${formatSummary(summary)}notelint: report written to ${flags.out}${format === 'html' ? ' (open it in a browser)' : ''}\n`);
      } finally {
        await out.close();
      }
      done(0);
    });
}
