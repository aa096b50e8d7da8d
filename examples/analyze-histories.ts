/**
 * `npm run demo` (second part): analyzes the bundled generated patient histories (corpora/histories/,
 * synthetic, seeded) with analyzeHistory and prints, per patient, each visit's similarity to the previous
 * one, its specificity and its findings, then a summary of findings by rule.
 * Usage: npx tsx examples/analyze-histories.ts [patients]   (default 8)
 */
import { generateHistories } from '../corpora/histories/generate.js';
import { analyzeHistory } from '../src/index.js';

const patients = Number(process.argv[2] ?? 8);
const byRule = new Map<string, number>();
let notes = 0;
const t0 = performance.now();
for (const history of generateHistories({ seed: 1, patients })) {
  const report = analyzeHistory(history.notes.map(({ id, patientId, date, text, procedure }) => ({ id, patientId, date, text, procedure })));
  notes += report.notes.length;
  console.log(`\n=== patient ${report.patientId} (${history.profile} profile, ${report.notes.length} visits)`);
  console.log('  visit         date        words  sim-prev  copied  specificity  findings');
  for (const entry of report.notes) {
    const sim = entry.similarityToPrevious === null ? '    -' : entry.similarityToPrevious.toFixed(2).padStart(5);
    const rules = entry.report.findings.map((f) => `${f.severity}:${f.ruleId}`).join(', ');
    console.log(
      `  ${entry.id.padEnd(12)} ${entry.date}  ${String(entry.tokens).padStart(5)}  ${sim}     ${(entry.copiedFraction * 100).toFixed(0).padStart(3)}%   ${entry.specificity.score.toFixed(2).padStart(5)}        ${rules}`,
    );
  }
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
}
const seconds = (performance.now() - t0) / 1000;
console.log(`\n${notes} notes of ${patients} patients in ${seconds.toFixed(2)} s. Findings by rule:`);
for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${rule}`);
