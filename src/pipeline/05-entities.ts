import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Span } from '../facts.js';

/** A DATE, DURATION or CARDINAL entity found by wink-nlp, with offsets into the original text. */
export interface TimeEntity {
  readonly type: 'DATE' | 'DURATION' | 'CARDINAL' | 'TIME' | 'ORDINAL';
  readonly span: Span;
  readonly value: string;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

// wink's model takes about 200 ms to instantiate and reads about 1 MB/s, so it is created on first use
// and run only on the short ranges that a fast first pass picked (a therapy sentence with a time word).
function instance(): Nlp {
  nlp ??= winkNLP(model);
  return nlp;
}

const WANTED = new Set(['DATE', 'DURATION', 'CARDINAL', 'TIME', 'ORDINAL']);

/** Runs wink-nlp's entity recognizer on `text[start, end)` and maps its entities back to offsets. */
export function timeEntities(text: string, start: number, end: number): TimeEntity[] {
  const n = instance();
  const slice = text.slice(start, end);
  const doc = n.readDoc(slice);
  const raw = doc.entities().out(n.its.detail) as unknown as { value: string; type: string }[];
  const out: TimeEntity[] = [];
  let cursor = 0;
  const lower = slice.toLowerCase();
  for (const e of raw) {
    if (!WANTED.has(e.type)) continue;
    // wink lower-cases nothing but may normalise spacing; search case-insensitively from the cursor.
    const at = lower.indexOf(e.value.toLowerCase(), cursor);
    if (at < 0) continue;
    cursor = at + e.value.length;
    out.push({ type: e.type as TimeEntity['type'], span: { start: start + at, end: start + cursor }, value: slice.slice(at, cursor) });
  }
  return out;
}
