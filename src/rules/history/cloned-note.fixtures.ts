import type { RuleFixtures } from '../fixture.js';
import { FULL_NOTE, REWRITTEN_NOTE, visit } from './samples.js';

export const fixtures: RuleFixtures = {
  valid: [
    { why: 'a rewritten follow-up shares the template but not the note', prior: [visit('v1', '2025-01-10', FULL_NOTE)], note: visit('v2', '2025-04-10', REWRITTEN_NOTE) },
    {
      why: 'half of the note copied forward and half new stays below the threshold',
      prior: [visit('v1', '2025-01-10', FULL_NOTE)],
      note: visit('v2', '2025-04-10', `${FULL_NOTE}\n${REWRITTEN_NOTE}`),
    },
  ],
  invalid: [
    { why: 'a copy-forward that only changes the pain score', prior: [visit('v1', '2025-01-10', FULL_NOTE)], note: visit('v2', '2025-04-10', FULL_NOTE.replace('7/10', '6/10')) },
    {
      why: 'a copy of a note two visits back, with new dates and doses',
      prior: [visit('v1', '2025-01-10', FULL_NOTE), visit('v2', '2025-04-10', REWRITTEN_NOTE)],
      note: visit('v3', '2025-07-10', FULL_NOTE.replace('for 9 months', 'for 15 months').replace('80 mg', '40 mg')),
    },
  ],
};
