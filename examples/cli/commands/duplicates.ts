// notelint duplicates: near-duplicate notes across the whole corpus, any patient (findNearDuplicates).
import type { Command } from 'commander';
import { clusterNearDuplicates, findNearDuplicates, type NearDuplicateRecord } from '../../../src/similarity/index.js';
import { readInputs, INPUT_FORMATS, type InputFormat } from '../inputs/index.js';
import { parseColumns } from '../inputs/csv.js';
import { checkInputs, CliUsageError, ErrorSink, openOutput, write, type CliIO } from '../io.js';
import { errorAt, idOf } from '../notes.js';
import { EMIT_FORMATS, emitRows, SIGNATURE_OPTIONS, type EmitFormat, type EmitKind } from './bands.js';

interface DuplicatesFlags {
  threshold: string;
  out?: string;
  errors?: string;
  inputFormat: InputFormat;
  columns?: string;
  strict?: boolean;
  quiet?: boolean;
  emitBands?: boolean;
  emitSignatures?: boolean;
  format?: string;
}

export function duplicatesCommand(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('duplicates')
    .description('find near-duplicate notes across the corpus; writes {"type":"pair"} then {"type":"cluster"} lines')
    .argument('<input...>', 'files to read (.jsonl, .csv, FHIR .json / .ndjson), or - for stdin; only id and text are needed')
    .option('--threshold <j>', 'report pairs at or above this Jaccard similarity of word 3-gram shingles (numbers masked)', '0.8')
    .option('--out <file>', 'write to a file (default: stdout)')
    .option('--errors <file>', 'write rejected records, one JSON object a line (default: stderr)')
    .option('--input-format <format>', `input format: ${INPUT_FORMATS.join(', ')}`, 'auto')
    .option('--columns <map>', 'CSV column names, such as id=NoteID,text=Body')
    .option('--strict', 'exit 3 when any record was rejected')
    .option('--quiet', 'no summary on stderr')
    .option('--emit-bands', 'instead of pairs, write the LSH band keys of every note (band,key,note_id) for a join in SQL; see the README')
    .option('--emit-signatures', 'instead of pairs, write the MinHash signature of every note (note_id,pos,value) to estimate similarity in SQL')
    .option('--format <format>', `rows format with --emit-bands or --emit-signatures: ${EMIT_FORMATS.join(', ')} (default csv)`)
    .addHelpText('after', '\nMemory: one signature and shingle set per note (not the text); with --emit-* only the ids seen, to reject repeated ones. Exit codes: 0 ok, 2 usage error or unreadable input, 3 rejected records with --strict.')
    .action(async (inputs: string[], flags: DuplicatesFlags) => {
      const threshold = Number(flags.threshold);
      if (!(threshold > 0 && threshold <= 1)) throw new CliUsageError(`--threshold: expected a number in (0, 1]; got ${JSON.stringify(flags.threshold)}`);
      if (!(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) throw new CliUsageError(`--input-format: expected ${INPUT_FORMATS.join(', ')}`);
      const emit: EmitKind | undefined = flags.emitBands ? 'bands' : flags.emitSignatures ? 'signatures' : undefined;
      if (flags.emitBands && flags.emitSignatures) throw new CliUsageError('--emit-bands and --emit-signatures: give one (each writes its own table)');
      if (flags.format !== undefined && emit === undefined) throw new CliUsageError('--format: only with --emit-bands or --emit-signatures (pairs are always JSONL)');
      const format = flags.format ?? 'csv';
      if (!(EMIT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format: expected ${EMIT_FORMATS.join(', ')}`);
      const columns = parseColumns(flags.columns);
      await checkInputs(inputs);
      const out = await openOutput(flags.out, io.stdout);
      const errs = await openOutput(flags.errors, io.stderr);
      const errors = new ErrorSink(errs.stream);
      const t0 = performance.now();
      let read = 0;
      let compared = 0;
      const seen = new Map<string, string>();
      async function* records(): AsyncIterable<NearDuplicateRecord> {
        for await (const item of readInputs(inputs, { format: flags.inputFormat, columns, requiredColumns: ['id', 'text'] }, io)) {
          read++;
          if (item.kind === 'error') {
            await errors.add(item.error);
            continue;
          }
          const id = idOf(item.fields);
          const { text } = item.fields;
          if (id === undefined || typeof text !== 'string') {
            await errors.add(errorAt(item.at, [id === undefined ? 'id: missing or not a string' : '', typeof text !== 'string' ? 'text: missing or not a string' : ''].filter(Boolean).join('; '), id));
            continue;
          }
          const earlier = seen.get(id);
          if (earlier !== undefined) {
            await errors.add(errorAt(item.at, `id: duplicates the id of the note at ${earlier}`, id));
            continue;
          }
          seen.set(id, `${item.at.source} line ${item.at.line}`);
          compared++;
          yield { id, text };
        }
      }
      try {
        if (emit !== undefined) {
          const s = await emitRows(records(), { kind: emit, format: format as EmitFormat, threshold }, out.stream);
          if (!flags.quiet) {
            const seconds = (performance.now() - t0) / 1000;
            const what = emit === 'bands' ? `${s.bands} bands of ${s.rows} rows each (threshold ${threshold})` : `${SIGNATURE_OPTIONS.numPerm} signature values a note`;
            io.stderr.write(`notelint: ${read} notes read = ${s.notes} emitted + ${errors.count} rejected; ${s.written} rows, ${what}, ${seconds.toFixed(2)} s\n`);
          }
          done(flags.strict && errors.count > 0 ? 3 : 0);
          return;
        }
        const pairs = await findNearDuplicates(records(), { threshold, ...SIGNATURE_OPTIONS });
        const clusters = clusterNearDuplicates(pairs);
        for (const p of pairs) await write(out.stream, `${JSON.stringify({ type: 'pair', ...p })}\n`);
        for (const ids of clusters) await write(out.stream, `${JSON.stringify({ type: 'cluster', ids })}\n`);
        if (!flags.quiet) {
          const seconds = (performance.now() - t0) / 1000;
          io.stderr.write(`notelint: ${read} notes read = ${compared} compared + ${errors.count} rejected; ${pairs.length} pairs in ${clusters.length} clusters, ${seconds.toFixed(2)} s\n`);
        }
        done(flags.strict && errors.count > 0 ? 3 : 0);
      } finally {
        await out.close();
        await errs.close();
      }
    });
}
