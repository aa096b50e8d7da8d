// Earlier sessions of today's procedures, shared by the `repeat-procedure/*` rules.
import { procedureFamily, type PerformedProcedure } from '../../analyze/facts.js';
import type { ProcedureMention, SpineRegion } from '../../facts.js';
import type { NoteState } from '../types.js';

/**
 * The region a payer counts sessions in. Medicare's ESI and facet LCDs (L39240, L38773) define two spinal
 * regions, cervical/thoracic and lumbar/sacral, so an L5-S1 block read as "sacral" and an L4-5 block read
 * as "lumbar" are the same region.
 */
export function payerRegion(region: SpineRegion | undefined): string | undefined {
  if (region === undefined) return undefined;
  return region === 'cervical' || region === 'thoracic' ? 'cervical-thoracic' : 'lumbar-sacral';
}

/** An unknown region matches any: a claim-only session still counts against the region it was billed in. */
export function sameRegion(a: SpineRegion | undefined, b: SpineRegion | undefined): boolean {
  const ra = payerRegion(a);
  const rb = payerRegion(b);
  return ra === undefined || rb === undefined || ra === rb;
}

/** One family and region done today, with the mentions that show it. */
export interface TodayGroup {
  family: string;
  region: SpineRegion | undefined;
  types: PerformedProcedure['type'][];
  procedures: PerformedProcedure[];
}

/** Today's procedures grouped by family and payer region (one session each). */
export function todayGroups(note: NoteState): TodayGroup[] {
  const groups: TodayGroup[] = [];
  for (const p of note.performed) {
    const family = procedureFamily(p.type);
    const g = groups.find((x) => x.family === family && sameRegion(x.region, p.region));
    if (g) {
      g.procedures.push(p);
      if (!g.types.includes(p.type)) g.types.push(p.type);
      g.region ??= p.region;
    } else groups.push({ family, region: p.region, types: [p.type], procedures: [p] });
  }
  return groups;
}

/** Earlier notes that performed a procedure of the group's family and region, oldest first. */
export function earlierSessions(group: TodayGroup, prior: readonly NoteState[]): { note: NoteState; procedure: PerformedProcedure }[] {
  const out: { note: NoteState; procedure: PerformedProcedure }[] = [];
  for (const n of prior) {
    const p = n.performed.find((x) => procedureFamily(x.type) === group.family && sameRegion(x.region, group.region));
    if (p) out.push({ note: n, procedure: p });
  }
  return out;
}

/** The note's own statements of an earlier procedure of the group ("s/p L5-S1 TFESI in March"). */
export function statedPriorSessions(group: TodayGroup, note: NoteState): ProcedureMention[] {
  return note.facts.procedures.filter((m) => m.status === 'prior' && procedureFamily(m.type) === group.family && sameRegion(m.region, group.region));
}
