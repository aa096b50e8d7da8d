// The notelint command line, as a function: run(argv, io) → exit code. The bin (main.ts) passes the process's
// streams; the tests pass in-memory ones.
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { analyzeCommand } from './commands/analyze.js';
import { demoCommand } from './commands/demo.js';
import { duplicatesCommand } from './commands/duplicates.js';
import { rulesCommand } from './commands/rules.js';
import { CliUsageError, type CliIO } from './io.js';

export type { CliIO } from './io.js';

/**
 * Runs the notelint CLI with `argv` (the arguments after the program name) and returns the exit code:
 * 0 ok, 1 findings at or above --fail-on, 2 usage error or unreadable input, 3 rejected records with --strict.
 *
 * @example
 * const code = await run(['analyze', 'notes.jsonl', '--format', 'csv'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  const done = (c: number) => {
    code = c;
  };
  const program = new Command('notelint')
    .description('Checks interventional pain-management notes for documentation a payer review will fail.')
    .version(packageJson.version)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  analyzeCommand(program, io, done);
  rulesCommand(program, io, done);
  duplicatesCommand(program, io, done);
  demoCommand(program, io, done);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through the override too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliUsageError) {
      io.stderr.write(`notelint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
