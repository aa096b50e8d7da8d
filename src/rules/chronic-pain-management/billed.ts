// Which chronic pain management codes a note bills, shared by the G3002/G3003 rules.
import type { NoteState } from '../types.js';

/** The G3002/G3003 billing of a note: from the claim, else written in the text. */
export interface ChronicCareBilling {
  /** The codes billed, in order: 'G3002', 'G3003'. */
  codes: string[];
  /** Units of G3003 (each a further 15 minutes). */
  g3003Units: number;
  /** The codes as written in the text. */
  spans: { span: { start: number; end: number } }[];
}

/**
 * The note's G3002/G3003 billing, or undefined when it bills neither. G3003 units are the claim's repeat
 * count ("G3003", "G3003") or the units written with the code ("G3003 x2"), whichever is larger.
 *
 * @example
 * chronicCareBilling(state); // { codes: ['G3002', 'G3003'], g3003Units: 2, spans: [...] }
 */
export function chronicCareBilling(note: NoteState): ChronicCareBilling | undefined {
  const written = note.facts.codes.filter((c) => c.code === 'G3002' || c.code === 'G3003');
  const claimed = note.cpt.filter((c) => c === 'G3002' || c === 'G3003');
  const codes = [...new Set([...claimed, ...written.map((c) => c.code)])].sort();
  if (!codes.length) return undefined;
  const claimUnits = claimed.filter((c) => c === 'G3003').length;
  const textUnits = Math.max(0, ...written.filter((c) => c.code === 'G3003').map((c) => c.units ?? 1));
  return { codes, g3003Units: Math.max(claimUnits, textUnits), spans: written };
}
