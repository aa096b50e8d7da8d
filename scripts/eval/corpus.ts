import { readFileSync } from 'node:fs';

/** One annotated snippet of `corpora/annotated/*.jsonl` (format in docs/CONTRIBUTING.md). */
export interface Snippet {
  id: string;
  text: string;
  expect: Expected[];
  source?: string;
  tags?: string[];
}
export type Expected = Record<string, unknown> & { text: string; occurrence?: number };

interface Located {
  start: number;
  end: number;
}

/** Reads a JSONL corpus; a malformed line is an error naming the file and line, never skipped. */
export function readCorpus(path: string): Snippet[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Snippet[] = [];
  const ids = new Set<string>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let rec: Snippet;
    try {
      rec = JSON.parse(line) as Snippet;
    } catch {
      throw new Error(`${path}:${i + 1}: not valid JSON`);
    }
    if (typeof rec.id !== 'string' || typeof rec.text !== 'string' || !Array.isArray(rec.expect)) {
      throw new Error(`${path}:${i + 1}: needs id, text and expect`);
    }
    if (ids.has(rec.id)) throw new Error(`${path}:${i + 1}: duplicate id ${rec.id}`);
    ids.add(rec.id);
    for (const e of rec.expect) {
      if (typeof e.text !== 'string' || locate(rec.text, e) === undefined) {
        throw new Error(`${path}:${i + 1} (${rec.id}): expected evidence is not in the snippet`);
      }
    }
    out.push(rec);
  });
  return out;
}

export function locate(text: string, e: Expected): Located | undefined {
  let at = -1;
  const n = e.occurrence ?? 1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf(e.text, at + 1);
    if (at < 0) return undefined;
  }
  return { start: at, end: at + e.text.length };
}

export interface Predicted {
  span: { start: number; end: number };
  [k: string]: unknown;
}

export interface Score {
  name: string;
  snippets: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Per attribute (non-key field given in expect): correct / compared among matched facts. */
  attributes: Record<string, { correct: number; total: number }>;
  errors: { id: string; kind: 'fp' | 'fn'; fact: Record<string, unknown> }[];
}

function same(a: unknown, b: unknown): boolean {
  // Numbers compare exactly up to rounding: 0.05 absolute (a pain score of 6.5) or 2% (13.04 vs 13.0357 weeks).
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= Math.max(0.05, Math.abs(b) * 0.02);
  // Lists (spinal levels) compare as sets: the order a note names them in carries no meaning.
  if (Array.isArray(a) && Array.isArray(b)) return (a as unknown[]).map(String).sort().join('|') === (b as unknown[]).map(String).sort().join('|');
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Scores an extractor on a corpus. A prediction matches an expected fact when the spans overlap and
 * every key field is equal; each expected fact matches at most one prediction.
 */
export function score(name: string, snippets: Snippet[], keys: string[], extract: (text: string) => Predicted[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const attributes: Score['attributes'] = {};
  const errors: Score['errors'] = [];
  for (const s of snippets) {
    const predicted = extract(s.text);
    const used = new Set<number>();
    for (const e of s.expect) {
      const loc = locate(s.text, e)!;
      const idx = predicted.findIndex(
        (p, i) => !used.has(i) && p.span.start < loc.end && p.span.end > loc.start && keys.every((k) => same(p[k], e[k])),
      );
      if (idx < 0) {
        fn++;
        errors.push({ id: s.id, kind: 'fn', fact: e });
        continue;
      }
      used.add(idx);
      tp++;
      const p = predicted[idx]!;
      for (const [k, v] of Object.entries(e)) {
        if (k === 'text' || k === 'occurrence' || keys.includes(k)) continue;
        const a = (attributes[k] ??= { correct: 0, total: 0 });
        a.total++;
        if (same(p[k], v)) a.correct++;
      }
    }
    predicted.forEach((p, i) => {
      if (used.has(i)) return;
      fp++;
      const fact: Record<string, unknown> = {};
      for (const k of [...keys, 'text']) fact[k] = p[k];
      errors.push({ id: s.id, kind: 'fp', fact });
    });
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { name, snippets: snippets.length, tp, fp, fn, precision, recall, f1, attributes, errors };
}
