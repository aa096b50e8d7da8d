import { z } from 'zod';
import { evidenceOf, type NoteRule } from '../types.js';
import { earlierSessions, todayGroups } from './sessions.js';

const DAY = 86_400_000;
const limit = z.object({ minDays: z.number().min(0), maxPerYear: z.number().int().positive() }).strict();
const options = z
  .object({
    /** Per procedure family ('esi', 'facet', 'radiofrequency-ablation', 'si-joint-injection', ...): least days between sessions, most sessions in a rolling 12 months. */
    limits: z.record(z.string(), limit).default({
      esi: { minDays: 14, maxPerYear: 6 },
      facet: { minDays: 7, maxPerYear: 6 },
      'radiofrequency-ablation': { minDays: 180, maxPerYear: 2 },
      'si-joint-injection': { minDays: 14, maxPerYear: 4 },
    }),
  })
  .strict();
type Options = z.infer<typeof options>;

/**
 * `repeat-procedure/interval`: a procedure repeated too soon, or too often in a rolling 12 months.
 *
 * @example
 * interval.check({ note, prior }, { limits: { esi: { minDays: 14, maxPerYear: 4 } } });
 * // [{ noteId: 'visit-5', relatedNoteIds: ['visit-1', ...], message: 'esi (lumbar): 5 sessions in 12 months (limit 4).', data: { sessionsInYear: 5, maxPerYear: 4 } }]
 */
export const interval: NoteRule<Options> = {
  id: 'repeat-procedure/interval',
  scope: 'note',
  meta: {
    description: 'The same procedure family and region repeated sooner than the minimum interval or more often than the yearly limit.',
    defaultSeverity: 'warning',
    docs: [
      'Payers cap how often a procedure is paid per spinal region: Medicare LCD L39240 allows at most 4 epidural',
      'steroid injection sessions per region in a rolling 12 months, and L38773/L38801 allow at most 2',
      'radiofrequency ablation sessions per region per 12 months, at least 6 months apart, and at most 4',
      'therapeutic facet injection sessions. Flagged: a dated note whose procedure family (epidurals as one,',
      'facet injections and medial branch blocks as one) and region (cervical/thoracic or lumbar/sacral) was',
      'done in an earlier dated note of the patient fewer than `minDays` days before, or that makes more than',
      '`maxPerYear` sessions in the 365 days ending today (one session per dated note). The defaults are',
      'loose (epidurals 14 days and 6 a year, facet 7 days and 6, ablation 180 days and 2, SI joint 14 days',
      'and 4); the esi-lcd preset uses the LCD values. Payers differ; every limit is configurable. Avoided',
      'false positives: undated notes, sessions in another region or of another family, families without a',
      'limit, and a staged contralateral procedure (left side, then right side) inside the interval, the',
      'documented reason a second side follows soon.',
    ].join(' '),
    options,
  },
  check({ note, prior }, { limits }) {
    if (note.time === undefined) return [];
    const now = note.time;
    const out = [];
    for (const group of todayGroups(note)) {
      const lim = limits[group.family];
      if (!lim) continue;
      const sessions = earlierSessions(group, prior).filter((s) => s.note.time !== undefined && (s.note.time) <= now);
      if (sessions.length === 0) continue;
      const last = sessions.at(-1);
      if (!last) continue;
      const days = (now - (last.note.time ?? now)) / DAY;
      const side = group.procedures.find((p) => p.laterality)?.laterality;
      const lastSide = last.note.performed.find((p) => p.laterality && p.type === last.procedure.type)?.laterality;
      const staged = side !== undefined && lastSide !== undefined && side !== 'bilateral' && lastSide !== 'bilateral' && side !== lastSide;
      const inYear = sessions.filter((s) => now - (s.note.time ?? 0) < 365 * DAY);
      const count = inYear.length + 1;
      const tooSoon = days < lim.minDays && !staged;
      const tooMany = count > lim.maxPerYear;
      if (!tooSoon && !tooMany) continue;
      const region = group.region ? ` (${group.region})` : '';
      const parts = [
        ...(tooSoon ? [`repeated ${String(Math.round(days))} days after the previous session (minimum ${String(lim.minDays)})`] : []),
        ...(tooMany ? [`${String(count)} sessions in 12 months (limit ${String(lim.maxPerYear)})`] : []),
      ];
      out.push({
        noteId: note.id,
        relatedNoteIds: (tooMany ? inYear : [last]).map((s) => s.note.id),
        message: `${group.family}${region}: ${parts.join('; ')}.`,
        evidence: evidenceOf(note.id, group.procedures.flatMap((p) => (p.span ? [{ span: p.span }] : []))),
        data: {
          family: group.family,
          ...(group.region ? { region: group.region } : {}),
          daysSincePrevious: Math.round(days * 10) / 10,
          minDays: lim.minDays,
          sessionsInYear: count,
          maxPerYear: lim.maxPerYear,
          tooSoon,
          tooMany,
        },
      });
    }
    return out;
  },
};
