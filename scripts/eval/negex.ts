/**
 * Evaluates the ConText layer's `negated` assertion on the NegEx test set (Chapman et al. 2001; 2,376
 * sentences, one annotated condition each). Run directly to print the figures and the worst errors:
 *   npx tsx scripts/eval/negex.ts [path] [--errors N]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepare } from '../../src/pipeline/prepare.js';

export interface NegexRow {
  /** The test set's own line number (first column). */
  readonly id: string;
  readonly condition: string;
  readonly sentence: string;
  readonly gold: boolean;
}

export interface NegexError {
  readonly id: string;
  readonly kind: 'fp' | 'fn';
  readonly condition: string;
  readonly sentence: string;
  /** Rule ids of the negated assertions on the target (empty for a miss). */
  readonly rules: string[];
  readonly located: boolean;
}

export interface NegexResult {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Rows scored (every data row: a condition that cannot be located is scored on the whole sentence). */
  n: number;
  /** Rows whose condition could not be found in the sentence at all (scored with the whole sentence as target). */
  unlocated: number;
  /** Rows whose condition runs past the sentence (scored on the longest run of its words the sentence holds). */
  partial: number;
  errors: NegexError[];
}

const DEFAULT_PATH = 'corpora/negex/rsAnnotations-1-120-random.txt';

export function readNegexRows(path: string = DEFAULT_PATH): NegexRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: NegexRow[] = [];
  // The first line is the header row.
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cols = line.split('\t');
    if (cols.length < 4) throw new Error(`negex: malformed row (${cols.length} columns): ${line.slice(0, 40)}`);
    rows.push({ id: cols[0] ?? '', condition: cols[1] ?? '', sentence: cols[2] ?? '', gold: (cols[3] ?? '').trim().toLowerCase() === 'negated' });
  }
  return rows;
}

function wordsSource(words: readonly string[]): string {
  return words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
}

/**
 * Every occurrence of the condition in the sentence: case-insensitive, any run of white space between
 * words (the test set's conditions often carry double spaces).
 */
export function locateCondition(condition: string, sentence: string): { start: number; end: number }[] {
  const words = condition.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  // Whole words first ("PE" is not the "PE" of "PE's"... but is the one of "PE,"), then anywhere.
  const bounded = [...sentence.matchAll(new RegExp(`(?<![A-Za-z0-9])${wordsSource(words)}(?![A-Za-z0-9]|'s)`, 'gi'))];
  const found = bounded.length ? bounded : [...sentence.matchAll(new RegExp(wordsSource(words), 'gi'))];
  return found.map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * For a condition that runs past its sentence (the test set's condition sometimes spans two of its
 * sentences: "neck is supple.  No adenopathy present" for the sentence "No adenopathy present."), the
 * longest run of its words that the sentence holds.
 */
export function locatePartial(condition: string, sentence: string): { start: number; end: number } | undefined {
  const words = condition.trim().split(/\s+/).filter(Boolean);
  for (let len = words.length - 1; len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const m = new RegExp(wordsSource(words.slice(i, i + len)), 'i').exec(sentence);
      if (m) return { start: m.index, end: m.index + m[0].length };
    }
  }
  return undefined;
}

/** Negated precision, recall and F1 of `prepare(sentence).assertionsAt(condition)` on the NegEx test set. */
export function evaluateNegex(path: string = DEFAULT_PATH): NegexResult {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let unlocated = 0;
  let partial = 0;
  const errors: NegexError[] = [];
  const rows = readNegexRows(path);
  for (const row of rows) {
    const doc = prepare(row.sentence);
    // A section header names a section and is not the finding ("ALLERGIES:  He has no known
    // ALLERGIES."), so the first occurrence outside a header is the target.
    const all = locateCondition(row.condition, row.sentence);
    const inHeader = (s: { start: number; end: number }): boolean =>
      doc.sections.some((h) => h.headerSpan !== undefined && s.start >= h.headerSpan.start && s.end <= h.headerSpan.end);
    let found = all.find((s) => !inHeader(s)) ?? all[0];
    if (!found) {
      found = locatePartial(row.condition, row.sentence);
      if (found) partial++;
      else unlocated++;
    }
    const span = found ?? { start: 0, end: row.sentence.length };
    const negs = doc.assertionsAt(span).filter((a) => a.category === 'negated');
    const predicted = negs.length > 0;
    if (predicted && row.gold) tp++;
    else if (predicted) fp++;
    else if (row.gold) fn++;
    else tn++;
    if (predicted !== row.gold) {
      errors.push({ id: row.id, kind: predicted ? 'fp' : 'fn', condition: row.condition, sentence: row.sentence, rules: negs.map((a) => a.trigger.ruleId), located: all.length > 0 });
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1, n: rows.length, unlocated, partial, errors };
}

function main(argv: string[]): void {
  const args = argv.slice(2);
  const ei = args.indexOf('--errors');
  const show = ei >= 0 ? Number(args[ei + 1]) : 20;
  const path = args.find((a, i) => !a.startsWith('--') && (ei < 0 || i !== ei + 1)) ?? DEFAULT_PATH;
  const t0 = performance.now();
  const r = evaluateNegex(path);
  const ms = performance.now() - t0;
  const pct = (x: number): string => (100 * x).toFixed(1) + '%';
  console.log(`NegEx test set (${path}): n=${r.n}, condition only partly in the sentence in ${r.partial} rows (scored on the longest part found), not found at all in ${r.unlocated} (scored on the whole sentence)`);
  console.log(`negated: tp=${r.tp} fp=${r.fp} fn=${r.fn} tn=${r.tn}  precision=${pct(r.precision)} recall=${pct(r.recall)} F1=${pct(r.f1)}  (${ms.toFixed(0)} ms)`);
  // "Worst" errors: false positives first when precision is the weaker figure, else false negatives; a
  // rule that fires wrongly many times is listed so one general fix can be weighed against its hits.
  const byRule = new Map<string, number>();
  for (const e of r.errors) if (e.kind === 'fp') for (const id of new Set(e.rules)) byRule.set(id, (byRule.get(id) ?? 0) + 1);
  if (byRule.size) console.log('false positives by rule: ' + [...byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(', '));
  const ordered = [...r.errors].sort((a, b) => (a.kind === b.kind ? 0 : (a.kind === 'fp') === r.precision < r.recall ? -1 : 1));
  console.log(`\n${Math.min(show, ordered.length)} of ${r.errors.length} errors (ids: ${ordered.slice(0, show).map((e) => e.id).join(', ')}):`);
  for (const e of ordered.slice(0, show)) {
    console.log(`  [${e.kind}] #${e.id}${e.located ? '' : ' (unlocated)'} ${e.rules.length ? '{' + e.rules.join(',') + '} ' : ''}<${e.condition}> ${e.sentence}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv);
