import type { RuleFixtures } from '../fixture.js';
import { FULL_NOTE, REWRITTEN_NOTE, THINNER_NOTE, THIN_NOTE, visit } from './samples.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'one thinner visit between two complete ones is not decay',
      prior: [visit('v1', '2025-01-10', FULL_NOTE), visit('v2', '2025-04-10', THIN_NOTE)],
      note: visit('v3', '2025-07-10', FULL_NOTE.replace('7/10', '5/10').replace('8 weeks', '10 weeks')),
    },
    {
      why: 'two visits are too few to call a trend',
      prior: [visit('v1', '2025-01-10', FULL_NOTE)],
      note: visit('v2', '2025-04-10', THIN_NOTE),
    },
  ],
  invalid: [
    {
      why: 'scores, dated therapy and function documented at the first visit are missing at the next two',
      prior: [visit('v1', '2025-01-10', FULL_NOTE), visit('v2', '2025-04-10', THIN_NOTE)],
      note: visit('v3', '2025-07-10', THINNER_NOTE),
    },
    {
      why: 'a complete note, then a rewritten one, then two thin ones',
      prior: [visit('v1', '2025-01-10', FULL_NOTE), visit('v2', '2025-04-10', REWRITTEN_NOTE), visit('v3', '2025-07-10', THIN_NOTE)],
      note: visit('v4', '2025-10-10', THINNER_NOTE),
    },
  ],
};
