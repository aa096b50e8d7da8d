import { z } from 'zod';
import { sameLevel } from '../../analyze/completeness.js';
import { procedureFamily, procedureType, type PerformedProcedure } from '../../analyze/facts.js';
import { findSpinalLevels } from '../../extract/levels.js';
import { lookupCode } from '../../extract/procedures.js';
import type { ProcedureType } from '../../facts.js';
import type { NoteRule, RawFinding } from '../types.js';

export const MISMATCH_KINDS = ['procedure', 'levels', 'laterality', 'date', 'scs-trial-used-for-implant', 'cpt'] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export interface AuthorizationMismatchOptions {
  /** The kinds of mismatch to report (default: all). */
  kinds: MismatchKind[];
}

const DAY_MS = 86_400_000;

// Authorizations run from day to day, and the date of service is the calendar day as written (a visit at
// 23:30-05:00 is on that day, not the next UTC day), so dates are compared as their calendar days.
const day = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

/** Two procedure types the same authorization covers; `byCode`: the authorized type was read from a code. */
function covers(authorized: ProcedureType, done: PerformedProcedure, byCode: boolean): boolean {
  if (authorized === done.type) return true;
  // "Epidural steroid injection" without its approach is any ESI: the name is vague, not different.
  const esi = (t: ProcedureType) => procedureFamily(t) === 'esi' || t === 'esi-unspecified';
  if (esi(authorized) && esi(done.type)) return authorized === 'esi-unspecified' || done.type === 'esi-unspecified';
  // A facet code (64490-64495) bills intra-articular injections and medial branch blocks alike, so a type
  // read from a code cannot contradict either.
  if (procedureFamily(authorized) === 'facet' && procedureFamily(done.type) === 'facet') return byCode || done.source !== 'text';
  // 63650 bills permanent percutaneous leads as well as trial leads.
  return authorized === 'scs-implant' && done.type === 'scs-trial' && done.source === 'cpt';
}

const SPINE = [
  ...Array.from({ length: 7 }, (_, i) => `C${String(i + 1)}`),
  ...Array.from({ length: 12 }, (_, i) => `T${String(i + 1)}`),
  ...Array.from({ length: 5 }, (_, i) => `L${String(i + 1)}`),
  ...Array.from({ length: 5 }, (_, i) => `S${String(i + 1)}`),
];

/**
 * A level documented for a procedure lies within an authorized level. A medial branch is named for the
 * vertebra it crosses and supplies the joint below it as well as its own, so blocking or ablating L3 and
 * L4 treats the L4-5 joint: a branch one vertebra above an authorized joint is within it.
 */
function within(level: string, authorized: string, type: ProcedureType): boolean {
  if (sameLevel(level, authorized)) return true;
  if (type !== 'medial-branch-block' && type !== 'radiofrequency-ablation') return false;
  const i = SPINE.indexOf(level.toUpperCase());
  const below = i >= 0 ? SPINE[i + 1] : undefined;
  const [upper, lower] = authorized.toUpperCase().split('-');
  return below !== undefined && lower !== undefined && upper === below;
}

/** Authorization levels in the extractor's form ('L4-L5' → 'L4-5'; 'L3-5' → 'L3-4', 'L4-5'). */
function normalizeLevels(levels: readonly string[]): string[] {
  return levels.flatMap((l) => {
    const found = findSpinalLevels(l)[0]?.levels;
    return found?.length ? found : [l.toUpperCase()];
  });
}

/**
 * `authorization/mismatch`: the procedure, levels, side, codes or date of service of a procedure note
 * differ from its prior authorization (`context.authorization`).
 *
 * @example
 * authorizationMismatch.check({ note, prior: [] }, { kinds: [...MISMATCH_KINDS] });
 * // [{ noteId: 'n1', message: 'Levels L5-S1 documented but not authorized (authorized: L4-5).', data: { kind: 'levels', ... } }]
 */
export const authorizationMismatch: NoteRule<AuthorizationMismatchOptions> = {
  id: 'authorization/mismatch',
  scope: 'note',
  meta: {
    description: 'A procedure note whose procedure, levels, side, claim codes or date of service differ from its prior authorization.',
    defaultSeverity: 'error',
    docs: [
      'A prior authorization covers one procedure at named levels and side within a date window; a claim that',
      'differs from it in any of these is denied even when the procedure was indicated, and an SCS trial',
      'authorization never covers the permanent implant. Given `context.authorization`, the rule compares the',
      'procedures documented as done today (text, claim codes and the `procedure` field) and the claim codes with',
      'it and reports one finding per kind of mismatch (`data.kind`: procedure, levels, laterality, date, cpt,',
      'scs-trial-used-for-implant). Only what the authorization states is compared. Avoided false positives:',
      'an ESI named without its approach matches any authorized ESI; a facet code matches both medial branch',
      'blocks and intra-articular facet injections; a root level matches a segment it bounds (L5 and L5-S1);',
      'fewer levels, or one side of a bilateral authorization, is within the authorization; image-guidance and',
      'E/M codes are not compared; an end date covers its whole day; planned and prior procedures are ignored,',
      'and a note without a procedure is not checked. Option: `kinds` (the mismatch kinds to report).',
    ].join(' '),
    options: z.object({ kinds: z.array(z.enum(MISMATCH_KINDS)).default([...MISMATCH_KINDS]) }).strict(),
  },
  check({ note }, { kinds }) {
    const auth = note.authorization;
    if (!auth || note.performed.length === 0) return [];
    const want = new Set(kinds);
    const out: RawFinding[] = [];
    const evidence = (ps: readonly PerformedProcedure[]) => ps.flatMap((p) => (p.span ? [{ noteId: note.id, start: p.span.start, end: p.span.end }] : []));
    const push = (kind: MismatchKind, message: string, data: Record<string, unknown>, ps: readonly PerformedProcedure[] = []) => {
      if (!want.has(kind)) return;
      const ev = evidence(ps);
      out.push({ noteId: note.id, message, ...(ev.length ? { evidence: ev } : {}), data: { kind, ...data } });
    };

    // What was authorized: the named procedure, else the procedures its codes bill.
    const fromCodes = (auth.cpt ?? []).flatMap((c) => lookupCode(c)?.type ?? []);
    const named = auth.procedure === undefined ? undefined : procedureType(auth.procedure);
    const authorized: ProcedureType[] = named ? [named] : [...new Set(fromCodes)];
    const byCode = named === undefined;
    if (authorized.length) {
      const trialOnly = authorized.every((t) => t === 'scs-trial');
      const implants = note.performed.filter((p) => p.type === 'scs-implant');
      if (trialOnly && implants.length) {
        push('scs-trial-used-for-implant', 'A permanent spinal cord stimulator implant is documented under an authorization for the trial only.', { authorized, documented: 'scs-implant' }, implants);
      }
      const outside = note.performed.filter((p) => !authorized.some((a) => covers(a, p, byCode)) && !(trialOnly && p.type === 'scs-implant'));
      if (outside.length) {
        const documented = [...new Set(outside.map((p) => p.type))];
        push('procedure', `Procedure documented (${documented.join(', ')}) differs from the authorized procedure (${authorized.join(', ')}).`, { authorized, documented }, outside);
      }
    }

    if (auth.levels?.length) {
      const allowed = normalizeLevels(auth.levels);
      const extra: string[] = [];
      const where: PerformedProcedure[] = [];
      for (const p of note.performed) {
        const bad = p.levels.filter((l) => !allowed.some((a) => within(l, a, p.type)));
        if (!bad.length) continue;
        where.push(p);
        for (const l of bad) if (!extra.includes(l)) extra.push(l);
      }
      if (extra.length) push('levels', `Levels ${extra.join(', ')} documented but not authorized (authorized: ${allowed.join(', ')}).`, { authorized: allowed, documented: extra }, where);
    }

    // A bilateral authorization covers either side; a one-sided one covers only that side.
    if (auth.laterality && auth.laterality !== 'bilateral') {
      const other = note.performed.filter((p) => p.laterality !== undefined && p.laterality !== auth.laterality);
      if (other.length) {
        const documented = [...new Set(other.map((p) => p.laterality))];
        push('laterality', `Side documented (${documented.join(', ')}) differs from the authorized side (${auth.laterality}).`, { authorized: auth.laterality, documented }, other);
      }
    }

    if (note.date !== undefined && (auth.validFrom !== undefined || auth.validTo !== undefined)) {
      const service = day(note.date);
      const before = auth.validFrom === undefined ? 0 : (day(auth.validFrom) - service) / DAY_MS;
      const after = auth.validTo === undefined ? 0 : (service - day(auth.validTo)) / DAY_MS;
      if (before > 0 || after > 0) {
        const days = Math.max(before, after);
        push('date', `Date of service falls ${String(days)} day(s) ${before > 0 ? 'before the authorization starts' : 'after the authorization ends'}.`, {
          dateOfService: note.date,
          validFrom: auth.validFrom,
          validTo: auth.validTo,
          daysOutside: days,
        });
      }
    }

    if (auth.cpt?.length) {
      const allowed = new Set(auth.cpt.map((c) => c.toUpperCase()));
      // Image guidance and chronic-care codes carry no procedure type: they are bundled or need no authorization.
      const unauthorized = [...new Set(note.cpt.filter((c) => lookupCode(c)?.type !== undefined && !allowed.has(c)))];
      if (unauthorized.length) push('cpt', `Claim codes ${unauthorized.join(', ')} are not on the authorization (authorized: ${[...allowed].join(', ')}).`, { authorized: [...allowed], documented: unauthorized });
    }
    return out;
  },
};
