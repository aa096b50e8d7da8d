/**
 * `npm run eval`: precision / recall / F1 of every extractor against the annotated corpora, and of the
 * negation layer against the NegEx test set. Exits non-zero when any figure is below its gate.
 * `--verbose` lists the errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as notelint from '../src/index.js';
import { readCorpus, score, type Predicted, type Score } from './eval/corpus.js';
import { evaluateNegex } from './eval/negex.js';
import { readFindingCases, scoreRules } from './eval/findings.js';

type Extract = (text: string) => Predicted[];
const lib = notelint as unknown as Record<string, Extract | undefined>;

const EXTRACTORS: { name: string; fn: string; corpus: string; keys: string[]; gate: number }[] = [
  { name: 'pain scores (value+timing+kind)', fn: 'extractPainScores', corpus: 'pain-scores.jsonl', keys: ['value', 'timing', 'kind'], gate: 0.97 },
  { name: 'relief (percent)', fn: 'extractPainRelief', corpus: 'relief.jsonl', keys: ['percent'], gate: 0.95 },
  { name: 'therapy (modality+status)', fn: 'extractConservativeTherapy', corpus: 'therapy.jsonl', keys: ['modality', 'status'], gate: 0.92 },
  { name: 'functional (kind+specific)', fn: 'extractFunctionalStatements', corpus: 'functional.jsonl', keys: ['kind', 'specific'], gate: 0.9 },
  { name: 'time attestation (minutes+kind)', fn: 'extractTimeAttestation', corpus: 'time.jsonl', keys: ['minutes', 'kind'], gate: 0.9 },
  { name: 'care plan (element)', fn: 'extractCarePlan', corpus: 'care-plan.jsonl', keys: ['element'], gate: 0.9 },
  { name: 'necessity (element+diagnosis)', fn: 'extractMedicalNecessity', corpus: 'necessity.jsonl', keys: ['element', 'diagnosis'], gate: 0.9 },
  { name: 'procedures (type+status+levels+side)', fn: 'extractProcedures', corpus: 'procedures.jsonl', keys: ['type', 'status', 'levels', 'laterality'], gate: 0.9 },
  { name: 'imaging (modality+retained+contrast)', fn: 'extractImagingGuidance', corpus: 'imaging.jsonl', keys: ['modality', 'imageRetained', 'contrast'], gate: 0.9 },
];

const verbose = process.argv.includes('--verbose');
const SLICE_LABEL: Record<string, string> = {
  annotated: 'development',
  heldout: 'held-out 1',
  'heldout-2': 'held-out 2 (blind)',
};
const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
let failed = false;
const rows: string[] = [];

function report(s: Score, gate: number) {
  const ok = s.f1 >= gate;
  if (!ok) failed = true;
  rows.push(`${s.name.padEnd(34)} ${String(s.snippets).padStart(5)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}  F1>=${gate} ${ok ? 'ok' : 'FAIL'}`);
  for (const [k, a] of Object.entries(s.attributes)) rows.push(`    attribute ${k.padEnd(14)} ${a.correct}/${a.total} (${pct(a.total ? a.correct / a.total : 1)}%)`);
  if (verbose) for (const e of s.errors) rows.push(`    ${e.kind} ${e.id} ${JSON.stringify(e.fact)}`);
}

rows.push(`${'extractor'.padEnd(34)} ${'snips'.padStart(5)} ${'tp'.padStart(5)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  ${'P%'.padStart(5)} ${'R%'.padStart(5)} ${'F1%'.padStart(5)}`);
for (const x of EXTRACTORS) {
  const fn = lib[x.fn];
  const paths = ['annotated', 'heldout', 'heldout-2'].map((dir) => join('corpora', dir, x.corpus)).filter((p) => existsSync(p));
  if (!fn || paths.length === 0) {
    failed = true;
    rows.push(`${x.name.padEnd(34)} missing (${fn ? x.corpus : x.fn})  FAIL`);
    continue;
  }
  // The gate is on every annotated snippet; the slices show where the figure comes from: the
  // development set; held-out 1, written blind and then used to find the extractors' gaps (its first,
  // blind scores are in the README); held-out 2, written blind after those fixes and never tuned on;
  // and the snippets quoted from real MTSamples notes.
  const byFile = paths.map((p) => ({ p, snippets: readCorpus(p) }));
  const all = byFile.flatMap((f) => f.snippets);
  report(score(x.name, all, x.keys, fn), x.gate);
  const slices: [string, typeof all][] = [
    ...byFile.map((f): [string, typeof all] => [SLICE_LABEL[f.p.split(/[\\/]/)[1] ?? ''] ?? f.p, f.snippets]),
    ['MTSamples quotes', all.filter((s) => s.source?.startsWith('mts-'))],
  ];
  for (const [label, snippets] of slices) {
    if (!snippets.length) continue;
    const r = score(x.name, snippets, x.keys, fn);
    rows.push(`    ${label.padEnd(18)} ${String(r.snippets).padStart(4)} snippets  P ${pct(r.precision)} R ${pct(r.recall)} F1 ${pct(r.f1)}`);
  }
}

const neg = evaluateNegex();
const negOk = neg.precision >= 0.9 && neg.recall >= 0.9;
if (!negOk) failed = true;
rows.push(
  `${'NegEx negated (2,376 sentences)'.padEnd(34)} ${String(neg.n).padStart(5)} ${String(neg.tp).padStart(5)} ${String(neg.fp).padStart(4)} ${String(neg.fn).padStart(4)}  ${pct(neg.precision)} ${pct(neg.recall)} ${pct(neg.f1)}  P,R>=0.9 ${negOk ? 'ok' : 'FAIL'}`,
);

// Rules: precision and recall of each rule on the annotated findings corpus (corpora/findings/).
rows.push('', `${'rule'.padEnd(46)} ${'pos'.padStart(4)} ${'neg'.padStart(4)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  ${'P%'.padStart(5)} ${'R%'.padStart(5)}`);
const ruleLib = notelint as unknown as Parameters<typeof scoreRules>[0];
for (const s of scoreRules(ruleLib, readFindingCases())) {
  const ok = s.precision >= 0.9 && s.recall >= 0.9;
  if (!ok) failed = true;
  rows.push(`${s.ruleId.padEnd(46)} ${String(s.positives).padStart(4)} ${String(s.negatives).padStart(4)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.precision)} ${pct(s.recall)}  P,R>=0.9 ${ok ? 'ok' : 'FAIL'}`);
  if (verbose) for (const e of s.errors) rows.push(`    ${e}`);
}
// The blind set (corpora/findings-blind/): notes judged by an annotator who read only the rules' public docs,
// never the rules or their cases. Its first run is recorded in the README; the extractor gaps it exposed were
// then fixed with general rules, so it is no longer blind. Not gated.
if (existsSync('corpora/findings-blind')) {
  const blind = readFindingCases('corpora/findings-blind');
  rows.push(`  blind set (${blind.length} notes judged from the rule docs alone; first run in the README, since used to fix extractor gaps; not gated):`);
  for (const s of scoreRules(ruleLib, blind)) {
    rows.push(`    ${s.ruleId.padEnd(44)} ${String(s.positives).padStart(4)} ${String(s.negatives).padStart(4)}  P ${pct(s.precision)} R ${pct(s.recall)}${verbose ? `  ${s.errors.join(' ')}` : ''}`);
  }
}

// The second blind set (corpora/findings-blind-2/), judged the same way after the first set's fixes; its first
// run is in the README. Not gated.
if (existsSync('corpora/findings-blind-2')) {
  const blind2 = readFindingCases('corpora/findings-blind-2');
  rows.push(`  blind set 2 (${blind2.length} notes judged from the rule docs alone, after the first set's fixes; first run in the README; not gated):`);
  for (const s of scoreRules(ruleLib, blind2)) {
    rows.push(`    ${s.ruleId.padEnd(44)} ${String(s.positives).padStart(4)} ${String(s.negatives).padStart(4)}  P ${pct(s.precision)} R ${pct(s.recall)}${verbose ? `  ${s.errors.join(' ')}` : ''}`);
  }
}

// Cases that fail because an extractor misses a fact (corpora/findings-pending/README.md): not gated,
// but reported, so the gated figures above are read next to what the known extractor gaps cost.
const pending = readFindingCases('corpora/findings-pending');
if (pending.length) {
  const gated = new Map(scoreRules(ruleLib, readFindingCases()).map((s) => [s.ruleId, s]));
  rows.push(`  with the ${pending.length} pending cases (known extractor gaps, not gated):`);
  for (const s of scoreRules(ruleLib, [...readFindingCases(), ...pending])) {
    const g = gated.get(s.ruleId);
    if (g && g.tp === s.tp && g.fp === s.fp && g.fn === s.fn) continue;
    rows.push(`    ${s.ruleId.padEnd(44)} P ${pct(s.precision)} R ${pct(s.recall)}${verbose ? `  ${s.errors.join(' ')}` : ''}`);
  }
}

console.log(rows.join('\n'));
process.exitCode = failed ? 1 : 0;
