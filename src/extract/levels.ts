import type { Span } from '../facts.js';

/** One spinal level or run of levels as written, with its normalized segments. */
export interface SpinalLevelMention {
  /** Normalized: motion segments 'L4-5', 'L5-S1', 'C7-T1', or single vertebrae / roots 'L4', 'S1', 'C8'. */
  levels: string[];
  span: Span;
}

type Region = 'C' | 'T' | 'L' | 'S';

// Vertebrae in craniocaudal order, so that a segment is two neighbours and a range is every segment between.
// C8 is a nerve root, not a vertebra: it is read on its own ("C8 radiculopathy") but never inside a range.
const ORDER: readonly string[] = [
  ...Array.from({ length: 7 }, (_, i) => `C${String(i + 1)}`),
  ...Array.from({ length: 12 }, (_, i) => `T${String(i + 1)}`),
  ...Array.from({ length: 5 }, (_, i) => `L${String(i + 1)}`),
  ...Array.from({ length: 5 }, (_, i) => `S${String(i + 1)}`),
];
const INDEX = new Map(ORDER.map((name, i) => [name, i]));
const LAST_OF_REGION: Readonly<Record<Region, number>> = { C: 7, T: 12, L: 5, S: 5 };
const NEXT_REGION: Readonly<Partial<Record<Region, Region>>> = { C: 'T', T: 'L', L: 'S' };
/** A range longer than this is a description of the whole spine ("T1-T12"), listed up to this many segments. */
const MAX_SEGMENTS = 12;

// Transcribed notes write one segment as "L4-5", "L4/5", "L4-L5", "L4 - L5", "L-4-5", "L4 to L5", "L5S1";
// the separator is one character or one word, so the scan stays linear.
// Dictation also runs a level into the next word "levels", swallowing its l: "at T12 and L1evels".
const LEVEL = /(?<![\p{L}\p{N}])([CTLS])-?(\d{1,2})(?:(?:\s{0,2}(?:[-–—/]|to(?=[\s\d])|through|thru)\s{0,2}|(?=[CTLS]-?\d))(?:([CTLS])-?)?(\d{1,2}))?(?!(?!l?evels?\b)[\p{L}\p{N}]|\.\d)/giu;

// Look-alikes of a lone level, all common in the same notes: MRI sequences ("T2 hyperintensity",
// "T1-weighted"), heart sounds ("S1, S2 normal", "no S3 or S4"), complement and thyroid labs ("C3 and C4",
// "free T4", "TSH, T3"). They void only a lone level: "T12-L1" or "L5-S1" stay spinal.
const MRI_CONTEXT = /weight|signal|intens|image|imaging|sequence|flair|stir|hyper|hypo/i;
const HEART_CONTEXT = /\bS[1-4]\b[\s,]{0,3}(?:and\s|or\s|\/)?\s{0,2}\bS[1-4]\b|murmur|gallop|\brub|heart|rrr|regular\s{1,2}rate/i;
const SPINAL_CONTEXT = /\bL5\b|sacral|foram|ramus|rami|branch|nerve\s{1,2}root|radiofrequency|ablation|block|rhizotomy|dermatom|radicul/i;
const LAB_CONTEXT = /complement|esterase|\btsh\b|thyro|free\s{1,2}t[34]|levothyroxine|synthroid|\bt[34]\s{0,2}(?:level|uptake)/i;
const CONTEXT_REACH = 30;

function segment(a: number, b: number): string {
  const x = ORDER[a] ?? '';
  const y = ORDER[b] ?? '';
  // Within one region the second vertebra drops its letter ("L4-5"); across regions it keeps it ("L5-S1").
  return x[0] === y[0] ? `${x}-${y.slice(1)}` : `${x}-${y}`;
}

function lookalike(text: string, region: Region, n: number, start: number, end: number): boolean {
  const around = text.slice(Math.max(0, start - CONTEXT_REACH), Math.min(text.length, end + CONTEXT_REACH));
  if (region === 'T' && n <= 2 && MRI_CONTEXT.test(around)) return true;
  // Sacral roots listed for a block or an ablation ("L5, S1, S2, and S3 radiofrequency ablation") are levels.
  if (region === 'S' && n <= 4 && HEART_CONTEXT.test(around) && !SPINAL_CONTEXT.test(around)) return true;
  if ((region === 'C' || region === 'T') && LAB_CONTEXT.test(around)) return true;
  return false;
}

function normalize(r1: Region, n1: number, r2raw: string | undefined, n2: number | undefined): string[] | undefined {
  // Dictation that runs a segment together: "L34", "L45", "C56" are L3-4, L4-5, C5-6 (never a vertebra:
  // none is numbered that high in these regions).
  if (n2 === undefined && (r1 === 'L' || r1 === 'C') && n1 >= 12 && n1 <= 78 && n1 % 10 === Math.floor(n1 / 10) + 1) return normalize(r1, Math.floor(n1 / 10), undefined, n1 % 10);
  if (n1 < 1 || n1 > (r1 === 'C' ? 8 : LAST_OF_REGION[r1])) return undefined;
  if (n2 === undefined) return [`${r1}${String(n1)}`];
  let r2 = (r2raw?.toUpperCase() ?? r1) as Region;
  // "L5-1" is how some dictations write L5-S1: a lower number after the last vertebra of a region.
  if (!r2raw && n2 < n1 && n1 === LAST_OF_REGION[r1] && n2 === 1 && NEXT_REGION[r1]) r2 = NEXT_REGION[r1];
  const a = INDEX.get(`${r1}${String(n1)}`);
  const b = INDEX.get(`${r2}${String(n2)}`);
  if (a === undefined || b === undefined) return undefined;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi) return [ORDER[lo] ?? ''];
  const out: string[] = [];
  for (let i = lo; i < hi && out.length < MAX_SEGMENTS; i++) out.push(segment(i, i + 1));
  return out;
}

/**
 * Finds spinal levels in `text[from, to)` and normalizes them: 'L4-5', 'L4/5', 'L4-L5' and 'L4 - L5' are
 * 'L4-5'; 'L5-S1' and 'L5/S1' are 'L5-S1'; a range names every segment in it ('L3-5' is L3-4 and L4-5); a lone
 * vertebra or root stays single ('L4', 'C8'). MRI sequences (T1, T2), heart sounds (S1, S2) and thyroid or
 * complement labs (T4, C3) are not read as levels.
 * @example
 * findSpinalLevels('MRI: L3-5 stenosis, L5/S1 protrusion.', 0, 38);
 * // [{ levels: ['L3-4', 'L4-5'], span: { start: 5, end: 9 } }, { levels: ['L5-S1'], span: { start: 20, end: 25 } }]
 */
export function findSpinalLevels(text: string, from = 0, to = text.length): SpinalLevelMention[] {
  const out: SpinalLevelMention[] = [];
  const lo = Math.max(0, from);
  const scope = text.slice(lo, Math.min(text.length, to));
  LEVEL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEVEL.exec(scope)) !== null) {
    const r1 = (m[1] ?? '').toUpperCase() as Region;
    const n1 = Number(m[2]);
    const n2 = m[4] === undefined ? undefined : Number(m[4]);
    let levels = normalize(r1, n1, m[3], n2);
    let end = m.index + m[0].length;
    if (!levels && n2 !== undefined) {
      // "C5-10" or "T12-13" is not a segment; the first vertebra may still be a level of its own.
      levels = normalize(r1, n1, undefined, undefined);
      end = m.index + 1 + (m[0][1] === '-' ? 1 : 0) + (m[2] ?? '').length;
      LEVEL.lastIndex = end;
    }
    if (!levels) continue;
    const start = lo + m.index;
    if (n2 === undefined || levels.length === 1 && !levels[0]?.includes('-')) {
      if (lookalike(text, r1, n1, start, lo + end)) continue;
    }
    out.push({ levels, span: { start, end: lo + end } });
  }
  return out;
}
