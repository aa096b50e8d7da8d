// notelint rules: what can fire, at what default severity.
import type { Command } from 'commander';
import { listRules } from '../../../src/index.js';
import type { CliIO } from '../io.js';

export function rulesCommand(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('rules')
    .description('list the rules: id, scope, default severity, description')
    .option('--json', 'machine output: a JSON array of { id, scope, description, defaultSeverity, docs, options }')
    .action((flags: { json?: boolean }) => {
      const rules = listRules();
      if (flags.json) io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
      else {
        const width = Math.max(...rules.map((r) => r.id.length));
        io.stdout.write(`${'rule'.padEnd(width)}  scope    severity  description\n`);
        for (const r of rules) io.stdout.write(`${r.id.padEnd(width)}  ${r.scope.padEnd(7)}  ${r.defaultSeverity.padEnd(8)}  ${r.description}\n`);
      }
      done(0);
    });
}
