import type { RuleFixtures } from '../fixture.js';

const baselineNrs = { id: 'b1', patientId: 'p1', date: '2025-01-06', text: 'HPI: Low back pain radiating to the left leg. NRS 8/10 today.' };
const baselineVerbal = { id: 'b2', patientId: 'p2', date: '2025-01-06', text: 'HPI: Low back pain radiating to the left leg. Her pain is severe today.' };

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'an unnamed x/10 score matches a baseline NRS',
      prior: [baselineNrs],
      note: { id: 'f1', date: '2025-03-03', text: 'Follow-up: pain is now 4/10 after the injection.' },
    },
    {
      why: 'severity words beside a number are description, not a change of scale',
      prior: [baselineNrs],
      note: { id: 'f2', date: '2025-03-03', text: 'Follow-up: still has severe back pain at times; pain 6/10 today.' },
    },
    {
      why: 'a single note has no baseline to compare with',
      note: { id: 'f3', text: 'HPI: Her pain is moderate today.' },
    },
  ],
  invalid: [
    {
      why: 'baseline NRS 8/10, follow-up rated only in words',
      prior: [baselineNrs],
      note: { id: 'f4', date: '2025-03-03', text: 'Follow-up: her pain is moderate now and she is walking more.' },
    },
    {
      why: 'baseline in words, follow-up on a VAS: no baseline number to compare with',
      prior: [baselineVerbal],
      note: { id: 'f5', date: '2025-03-03', text: 'Follow-up: VAS 5/10 today.' },
    },
    {
      why: 'baseline NRS, follow-up VAS: two instruments',
      prior: [baselineNrs],
      note: { id: 'f6', date: '2025-03-03', text: 'Follow-up: VAS 4/10 today.' },
    },
  ],
};
