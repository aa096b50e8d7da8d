// Each note against the patient's earlier notes: exact Jaccard of shingle sets, the share of its shingles
// seen before, and the copied passages with the note they came from. Below LSH_ABOVE notes every pair is
// compared (a 50-note history is 1,225 merges of a few hundred integers); above it an LSH index proposes
// the pairs, so a patient with thousands of notes stays fast.
import { LshIndex } from '../similarity/lsh.js';
import { MinHasher } from '../similarity/minhash.js';
import { recallBandsRows } from '../similarity/near-duplicates.js';
import { jaccard, sortedDistinct } from '../similarity/shingles.js';
import { shinglePositions } from '../similarity/tokenize.js';

/** Histories longer than this use the LSH index to find the pairs worth comparing. */
export const LSH_ABOVE = 200;
// With LSH, pairs below about this similarity are not compared: they are far from any clone threshold.
const LSH_FLOOR = 0.5;

export interface CopiedSpan {
  start: number;
  end: number;
  fromNoteId: string;
}

export interface NoteComparison {
  tokens: number;
  similarityToPrevious: number | null;
  maxSimilarityToPrior: number | null;
  mostSimilarPriorId: string | null;
  copiedFraction: number;
  copiedSpans: CopiedSpan[];
}

export interface HistoryComparison {
  notes: NoteComparison[];
  /** Exact Jaccard of notes i and j (any order), or undefined when LSH did not propose the pair (similarity below about 0.5). */
  similarity: (i: number, j: number) => number | undefined;
}

interface Shingled {
  set: Uint32Array;
  hashes: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  width: number;
  tokens: number;
}

function contains(sorted: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Compares every note (in date order) with the notes before it. `minWords` is the shortest copied passage
 * reported as a span: a few shared words are phrasing, not copying.
 */
export function compareHistory(
  notes: readonly { id: string; text: string }[],
  options: { shingleSize: number; maskNumbers: boolean; minCopiedWords: number },
): HistoryComparison {
  const n = notes.length;
  const shingled: Shingled[] = notes.map((note) => {
    const p = shinglePositions(note.text, options.shingleSize, options.maskNumbers);
    return { ...p, set: sortedDistinct(new Int32Array(p.hashes.buffer, p.hashes.byteOffset, p.hashes.length), p.hashes.length) };
  });

  const useLsh = n > LSH_ABOVE;
  const matrix = useLsh ? undefined : new Float64Array(n * n).fill(-1);
  const sparse = useLsh ? new Map<number, number>() : undefined;
  const store = (i: number, j: number, s: number) => {
    if (matrix) matrix[i * n + j] = matrix[j * n + i] = s;
    else sparse?.set(Math.min(i, j) * n + Math.max(i, j), s);
  };
  const similarity = (i: number, j: number): number | undefined => {
    if (i === j) return 1;
    if (matrix) {
      const s = matrix[i * n + j] as number;
      return s < 0 ? undefined : s;
    }
    return sparse?.get(Math.min(i, j) * n + Math.max(i, j));
  };

  let index: LshIndex | undefined;
  let hasher: MinHasher | undefined;
  if (useLsh) {
    hasher = new MinHasher({ numPerm: 128, shingleSize: options.shingleSize, maskNumbers: options.maskNumbers });
    index = new LshIndex({ numPerm: 128, ...recallBandsRows(LSH_FLOOR, 128) });
  }

  // The latest earlier note holding each shingle: where a copied passage came from when the most similar
  // note does not hold it.
  const lastSeen = new Map<number, number>();
  const out: NoteComparison[] = [];
  for (let i = 0; i < n; i++) {
    const me = shingled[i] as Shingled;
    let candidates: number[];
    if (index && hasher) {
      const signature = hasher.signatureOfShingles(me.set);
      candidates = index.query(signature).map(Number);
      if (i > 0 && !candidates.includes(i - 1)) candidates.push(i - 1);
      index.insert(String(i), signature);
    } else {
      candidates = Array.from({ length: i }, (_, j) => j);
    }
    let best = -1;
    let bestSim = -1;
    for (const j of candidates) {
      const s = jaccard((shingled[j] as Shingled).set, me.set);
      store(i, j, s);
      // Ties go to the latest note: copy-forward copies the last visit.
      if (s > bestSim || (s === bestSim && j > best)) {
        bestSim = s;
        best = j;
      }
    }

    let copied = 0;
    for (let k = 0; k < me.set.length; k++) if (lastSeen.has(me.set[k] as number)) copied++;
    const bestSet = best >= 0 ? (shingled[best] as Shingled).set : undefined;
    const spans = i === 0 ? [] : copiedSpans(me, lastSeen, best, bestSet, options.minCopiedWords, notes);

    out.push({
      tokens: me.tokens,
      similarityToPrevious: i === 0 ? null : (similarity(i, i - 1) ?? null),
      maxSimilarityToPrior: best >= 0 ? bestSim : null,
      mostSimilarPriorId: best >= 0 ? (notes[best] as { id: string }).id : null,
      copiedFraction: me.set.length === 0 ? 0 : Math.round((copied / me.set.length) * 1e4) / 1e4,
      copiedSpans: spans,
    });
    for (let k = 0; k < me.set.length; k++) lastSeen.set(me.set[k] as number, i);
  }
  return { notes: out, similarity };
}

/**
 * Runs of consecutive shingle positions seen in earlier notes, as character spans of at least `minWords`
 * words, each attributed to one earlier note (the most similar one when it holds the passage).
 */
function copiedSpans(
  me: Shingled,
  lastSeen: Map<number, number>,
  best: number,
  bestSet: Uint32Array | undefined,
  minWords: number,
  notes: readonly { id: string }[],
): CopiedSpan[] {
  const spans: CopiedSpan[] = [];
  const count = me.hashes.length;
  let runStart = -1;
  let runSource = -1;
  const close = (end: number) => {
    // Positions runStart..end cover words runStart..end+width-1.
    const words = end - runStart + me.width;
    if (words >= minWords) {
      const span = { start: me.starts[runStart] as number, end: me.ends[end] as number, fromNoteId: (notes[runSource] as { id: string }).id };
      const last = spans[spans.length - 1];
      if (last && last.fromNoteId === span.fromNoteId && last.end >= span.start) last.end = Math.max(last.end, span.end);
      else spans.push(span);
    }
    runStart = -1;
  };
  for (let p = 0; p < count; p++) {
    const h = me.hashes[p] as number;
    const source = bestSet && contains(bestSet, h) ? best : (lastSeen.get(h) ?? -1);
    if (source !== runSource && runStart >= 0) close(p - 1);
    if (source >= 0 && runStart < 0) runStart = p;
    runSource = source;
  }
  if (runStart >= 0) close(count - 1);
  return spans;
}
