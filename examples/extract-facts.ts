/**
 * `npm run demo`: reads the bundled MTSamples pain-management notes and prints, for a few of them, the
 * facts notelint extracts (pain scores, relief, functional statements, conservative therapy).
 * Usage: npm run demo -- [count]   (default 5 notes; the notes are public sample transcriptions)
 */
import { readFileSync } from 'node:fs';
import { extractConservativeTherapy, extractFunctionalStatements, extractPainRelief, extractPainScores, prepare } from '../src/index.js';

interface Note {
  id: string;
  specialty: string;
  sample_name: string;
  text: string;
}

const count = Number(process.argv[2] ?? 5);
const notes = readFileSync(new URL('../corpora/mtsamples-pain.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Note);

// Pick distinct notes filed under Pain Management that have something to show.
const seen = new Set<string>();
let shown = 0;
for (const note of notes) {
  if (shown >= count) break;
  if (seen.has(note.text) || note.specialty !== 'Pain Management') continue;
  seen.add(note.text);
  const doc = prepare(note.text);
  const facts = {
    painScores: extractPainScores(doc),
    reliefs: extractPainRelief(doc),
    functional: extractFunctionalStatements(doc),
    therapy: extractConservativeTherapy(doc),
  };
  const total = Object.values(facts).reduce((n, f) => n + f.length, 0);
  if (total < 3) continue;
  shown++;
  console.log(`\n=== ${note.id}: ${note.sample_name} (${note.text.length} chars, ${doc.sentences.length} sentences)`);
  for (const [kind, list] of Object.entries(facts)) {
    for (const f of list) {
      const { span, text, ...rest } = f;
      console.log(`  ${kind.padEnd(10)} [${span.start}-${span.end}] ${JSON.stringify(text)} ${JSON.stringify(rest)}`);
    }
  }
}
