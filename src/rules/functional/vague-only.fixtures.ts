import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'a vague claim next to a specific one: the specific statement documents the gain',
      note: { id: 'fn-vague-v1', text: 'INTERVAL HISTORY: Follow-up after the L5-S1 epidural injection. She now walks 2 miles daily and returned to work full duty. Doing much better.' },
    },
    {
      why: 'a denied improvement is not a claim',
      note: { id: 'fn-vague-v2', text: 'INTERVAL HISTORY: No functional improvement after the last injection. Pain remains 7/10.' },
    },
    {
      why: '"tolerated the procedure well" is not a functional claim',
      note: { id: 'fn-vague-v3', text: 'PROCEDURE: Left L4-5 transforaminal epidural steroid injection. The patient tolerated the procedure well and was discharged home.' },
    },
  ],
  invalid: [
    {
      why: 'improvement claimed only as "doing much better" and "function has improved"',
      note: { id: 'fn-vague-i1', text: 'INTERVAL HISTORY: Follow-up after right L4-5 TFESI. Patient reports she is doing much better and her function has improved.\nPLAN: Continue home exercise program.' },
    },
    {
      why: 'percent relief does not make a vague functional claim specific',
      note: { id: 'fn-vague-i2', text: 'Returns after bilateral L4-5 medial branch blocks with 80% relief for 6 hours. He is more active and his ADLs are increased.' },
    },
  ],
};
