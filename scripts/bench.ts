/**
 * `npm run bench [-- --source]`: notes per second for prepare, the extractors, analyzeNote and analyzeHistory
 * on 2 KB notes cut from the bundled corpora, then the similarity engine. The library is the built bundle
 * (dist/index.js, what `import 'notelint'` loads; `npm run build` first), or the TypeScript sources through
 * tsx with `--source`, whose loader adds its own cost (a name helper on every closure it creates).
 * A benchmark, never a CI test: figures depend on the machine.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { generateHistories } from '../corpora/histories/generate.js';
import { mtsamplesNotes } from './bench/corpus.js';
import { runSimilarityBench } from './bench/similarity.js';

// `npm run bench -- similarity` runs only the similarity section.
if (process.argv[2] === 'similarity') {
  runSimilarityBench();
  process.exit(0);
}

const source = process.argv.includes('--source');
if (!source && !existsSync('dist/index.js')) throw new Error('dist/index.js is missing: run `npm run build` first, or pass --source');
const lib = (await import(source ? '../src/index.js' : '../dist/index.js')) as typeof import('../src/index.js');
const { analyzeHistory, analyzeNote, extractConservativeTherapy, extractFunctionalStatements, extractPainRelief, extractPainScores, prepare } = lib;

// ~2 KB notes cut at a sentence end, so the figure is per 2 KB note as the target states.
const notes = mtsamplesNotes();
const bytes = notes.reduce((n, t) => n + t.length, 0);

function run(label: string, fn: (text: string) => void, seconds = 3) {
  // Warm up on every note twice, so the optimizing compiler has seen each path before the clock starts.
  for (let r = 0; r < 2; r++) for (const n of notes) fn(n);
  let count = 0;
  let chars = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const n of notes) {
      fn(n);
      count++;
      chars += n.length;
    }
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(36)} ${(count / s).toFixed(0).padStart(7)} notes/s  ${(chars / s / 1e6).toFixed(2).padStart(6)} MB/s`);
  return count / s;
}

console.log(`notelint bench (${source ? 'src through tsx' : 'dist/index.js'}): ${notes.length} notes, mean ${(bytes / notes.length).toFixed(0)} chars, node ${process.version}, ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}`);
run('prepare', (t) => prepare(t));
run('prepare + extractPainScores', (t) => extractPainScores(prepare(t)));
run('prepare + extractPainRelief', (t) => extractPainRelief(prepare(t)));
run('prepare + extractFunctionalStatements', (t) => extractFunctionalStatements(prepare(t)));
run('prepare + extractConservativeTherapy', (t) => extractConservativeTherapy(prepare(t)));
const all = run('prepare + all four extractors', (t) => {
  const d = prepare(t);
  extractPainScores(d);
  extractPainRelief(d);
  extractFunctionalStatements(d);
  extractConservativeTherapy(d);
});
console.log(`target >= 3000 notes/s per core: ${all >= 3000 ? 'met' : 'NOT met'}`);
// The full check: one prepared document, all ten extractors, every note rule.
let k = 0;
const full = run('analyzeNote (all facts, every rule)', (t) => analyzeNote({ id: `n${k++}`, text: t }));
console.log(`target >= 3000 notes/s per core: ${full >= 3000 ? 'met' : 'NOT met'}`);

// Whole patient histories from the generator: every note rule with the earlier notes as context, every pair
// of notes compared, the history rules.
const histories = generateHistories({ seed: 1, patients: 200 }).map((h) => h.notes.map(({ id, patientId, date, text, procedure }) => ({ id, patientId, date, text, procedure })));
const historyNotes = histories.reduce((n, h) => n + h.length, 0);
for (const h of histories.slice(0, 20)) analyzeHistory(h); // warm up
const h0 = performance.now();
for (const h of histories) analyzeHistory(h);
const hs = (performance.now() - h0) / 1000;
console.log(`${'analyzeHistory (generated histories)'.padEnd(36)} ${(historyNotes / hs).toFixed(0).padStart(7)} notes/s  (${histories.length} patients, ${historyNotes} notes, mean ${(historyNotes / histories.length).toFixed(1)} visits)`);
runSimilarityBench();
