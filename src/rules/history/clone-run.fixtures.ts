import type { RuleFixtures } from '../fixture.js';
import { FULL_NOTE, REWRITTEN_NOTE, visit } from './samples.js';

const copy = (score: string) => FULL_NOTE.replace('7/10', score);

export const fixtures: RuleFixtures = {
  valid: [
    { why: 'two near-identical visits are not yet a run of three', prior: [visit('v1', '2025-01-10', copy('7/10'))], note: visit('v2', '2025-04-10', copy('6/10')) },
    {
      why: 'a rewritten visit in the middle breaks the run',
      prior: [visit('v1', '2025-01-10', copy('7/10')), visit('v2', '2025-04-10', REWRITTEN_NOTE)],
      note: visit('v3', '2025-07-10', copy('5/10')),
    },
  ],
  invalid: [
    {
      why: 'three consecutive near-identical visits',
      prior: [visit('v1', '2025-01-10', copy('7/10')), visit('v2', '2025-04-10', copy('6/10'))],
      note: visit('v3', '2025-07-10', copy('8/10')),
    },
    {
      why: 'a run of five, the payer pattern, with minRun 5',
      prior: ['01', '03', '05', '07'].map((m, i) => visit(`v${i + 1}`, `2025-${m}-10`, copy(`${i + 3}/10`))),
      note: visit('v5', '2025-09-10', copy('4/10')),
      options: { minRun: 5 },
    },
  ],
};
