// The `notelint` bin (dist/cli.js; tsup adds the #! line). Run from source with `npx tsx examples/cli/main.ts`.
import { run } from './program.js';

// `notelint analyze ... | head` closes the pipe early: that ends the run quietly, as with other Unix tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected failure: its name and stack (code locations), never a message that could hold input.
    process.stderr.write(`notelint: internal error: ${error instanceof Error ? (error.stack ?? error.name).replace(error.message, '') : 'unknown'}\n`);
    process.exitCode = 70;
  },
);
