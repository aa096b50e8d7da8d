// The notes the benchmarks read: MTSamples texts cut to 2 KB for the extractors, the generated 2 KB corpus
// (corpora/histories/generate.ts) for the similarity engine.
import { readFileSync } from 'node:fs';
import { generateNotes } from '../../corpora/histories/generate.js';

/** MTSamples notes cut into ~2 KB pieces: the first sentence end between 2,000 and 2,300 characters, or a hard cut at 2,048. */
export function mtsamplesNotes(): string[] {
  const texts = [
    ...new Set(
      readFileSync('corpora/mtsamples-pain.jsonl', 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text),
    ),
  ];
  const notes: string[] = [];
  for (const t of texts) {
    let i = 0;
    while (t.length - i >= 1900) {
      const dot = t.indexOf('. ', i + 2000);
      const end = dot > 0 && dot < i + 2300 ? dot + 1 : i + 2048;
      notes.push(t.slice(i, end));
      i = end;
    }
  }
  return notes;
}

/** `count` notes of the generated corpus (seed 1). */
export function loadBenchNotes(count: number): { notes: string[]; source: string } {
  return { notes: Array.from(generateNotes({ count, seed: 1 }), (n) => n.text), source: 'generateNotes({ count, seed: 1 })' };
}
