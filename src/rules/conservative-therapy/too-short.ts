import { z } from 'zod';
import { weeksBetween } from '../../extract/dates.js';
import { round } from '../../extract/numbers.js';
import type { NoteRule } from '../types.js';
import { priorNotesOption, trialEvidence, trialsOf, type Trial } from './trials.js';

interface Options {
  minWeeks: number;
  includePriorNotes: boolean;
}

/**
 * The weeks a trial lasted: its stated duration, or from its start date to the date of the note that
 * documents it ("on meloxicam since March"). Undefined when the note does not say.
 */
function trialWeeks(t: Trial): number | undefined {
  if (t.fact.durationWeeks !== undefined) return t.fact.durationWeeks;
  const start = t.fact.dates?.start;
  if (start === undefined || t.date === undefined) return undefined;
  return weeksBetween(start, t.date.slice(0, 10));
}

/**
 * `conservative-therapy/too-short`: the documented conservative therapy lasted less than the minimum.
 *
 * @example
 * conservativeTherapyTooShort.check({ note, prior: [] }, { minWeeks: 4, includePriorNotes: true });
 * // [{ noteId: 'n1', message: 'The longest documented course of conservative therapy is 2 weeks, below the 4-week minimum ...', data: { longestWeeks: 2, minWeeks: 4 } }]
 */
export const conservativeTherapyTooShort: NoteRule<Options> = {
  id: 'conservative-therapy/too-short',
  scope: 'note',
  meta: {
    description: 'The documented conservative therapy lasted less than the minimum the payer requires (default 4 weeks).',
    defaultSeverity: 'warning',
    docs: [
      'Medicare LCD L39240 (Epidural Steroid Injections for Pain Management) covers an epidural injection for',
      'radicular pain only after at least 4 weeks of failed conservative care; other payers ask for 6 weeks or',
      'more, so the minimum is the option `minWeeks` (default 4; the `esi-lcd` preset sets 4 at error). Flagged:',
      'a procedure note whose longest documented course of conservative therapy (this note and, with',
      '`includePriorNotes`, the patient\'s earlier notes) is shorter than `minWeeks`. The length of conservative',
      'care is the longest single course, not the sum: a patient on naproxen during 6 weeks of physical therapy',
      'has had 6 weeks, not 12. A course dated only by its start ("since March") runs to the date of the note',
      'that documents it. Avoided false positives: trials without a duration are left to',
      '`conservative-therapy/undated`, and when any trial has dates from which no length can be computed the',
      'rule does not guess; the duration of the pain itself never counts; plans ("will start 6 weeks of PT")',
      'are not trials. Payers differ; thresholds are configurable.',
    ].join(' '),
    options: z.object({ minWeeks: z.number().positive().default(4), ...priorNotesOption }).strict(),
  },
  check(context, { minWeeks, includePriorNotes }) {
    const { note } = context;
    if (note.performed.length === 0) return [];
    const trials = trialsOf(context, includePriorNotes);
    const measured: { trial: Trial; weeks: number }[] = [];
    for (const trial of trials) {
      const weeks = trialWeeks(trial);
      if (weeks !== undefined) measured.push({ trial, weeks });
      // A dated course whose length cannot be read might be the long one: no verdict.
      else if (trial.fact.dates !== undefined) return [];
    }
    if (measured.length === 0) return [];
    measured.sort((a, b) => b.weeks - a.weeks);
    const longest = (measured[0] as { weeks: number }).weeks;
    if (longest >= minWeeks) return [];
    return [
      {
        noteId: note.id,
        message: `The longest documented course of conservative therapy is ${round(longest, 1)} weeks, below the ${minWeeks}-week minimum; document the full length of conservative care.`,
        ...trialEvidence(note.id, measured.map((m) => m.trial)),
        data: { longestWeeks: round(longest, 2), minWeeks, courses: measured.length },
      },
    ];
  },
};
