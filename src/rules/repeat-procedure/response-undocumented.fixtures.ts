import type { RuleFixtures } from '../fixture.js';

const firstTfesi = { id: 'r1', patientId: 'p1', date: '2025-01-10', text: 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection was performed under fluoroscopy. Pre 8/10, post 2/10.' };
const repeatText = 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection was performed under fluoroscopy. Pre 6/10, post 2/10.';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'the repeat states the relief (percent and duration) of the previous injection',
      prior: [firstTfesi],
      note: { id: 'r2', date: '2025-05-20', text: `HPI: The last TFESI gave 70% relief lasting 4 months.\n${repeatText}` },
    },
    {
      why: 'a first injection is not a repeat',
      note: { id: 'r3', text: repeatText },
    },
    {
      why: 'an earlier cervical epidural does not make a lumbar epidural a repeat',
      prior: [{ id: 'r4', patientId: 'p1', date: '2025-01-10', text: 'PROCEDURE: C6-7 interlaminar epidural steroid injection was performed.' }],
      note: { id: 'r5', date: '2025-05-20', text: repeatText },
    },
  ],
  invalid: [
    {
      why: 'a repeat of the same epidural with no relief stated anywhere since',
      prior: [firstTfesi],
      note: { id: 'r6', date: '2025-05-20', text: repeatText },
    },
    {
      why: 'the note itself states the earlier injection, with relief but no duration',
      note: { id: 'r7', text: `HPI: She had a prior L5-S1 epidural steroid injection with 60% relief.\n${repeatText}` },
    },
    {
      why: 'under esi-lcd, 30% relief for 6 weeks does not justify the repeat',
      options: { preset: 'esi-lcd' },
      prior: [firstTfesi],
      note: { id: 'r8', date: '2025-05-20', text: `HPI: The last injection gave 30% relief for 6 weeks.\n${repeatText}` },
    },
  ],
};
