// The notes the similarity benchmark signs: the generated 2 KB corpus (corpora/histories/generate.ts),
// or, while that module is missing or failing, MTSamples texts cut to 2 KB and repeated as a stand-in.
import { readFileSync } from 'node:fs';

/** MTSamples notes cut into ~2 KB pieces at a sentence end, as the extractor bench cuts them. */
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

/** `count` notes: the generated corpus (seed 1) when it loads, else the MTSamples stand-in repeated. */
export async function loadBenchNotes(count: number): Promise<{ notes: string[]; source: string }> {
  try {
    const { generateNotes } = (await import('../../corpora/histories/generate.js')) as {
      generateNotes: (o: { count: number; seed?: number }) => Iterable<{ text: string }>;
    };
    return { notes: Array.from(generateNotes({ count, seed: 1 }), (n) => n.text), source: 'generateNotes({ count, seed: 1 })' };
  } catch (error) {
    const pieces = mtsamplesNotes();
    const notes = Array.from({ length: count }, (_, i) => pieces[i % pieces.length]!);
    return { notes, source: `STAND-IN: ${pieces.length} MTSamples 2 KB pieces repeated (generateNotes failed: ${(error as Error).message})` };
  }
}
