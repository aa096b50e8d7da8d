import type { RuleFixtures } from '../fixture.js';

const PLAN = 'PEG score 5. Goals: return to gardening. Medication management: continue duloxetine. Care coordination with her PCP.';

export const fixtures: RuleFixtures = {
  valid: [
    { why: 'G3002 with 35 minutes attested', note: { id: 'v1', cpt: ['G3002'], text: `TIME: Total time 35 minutes on chronic pain management today.\n${PLAN}` } },
    { why: 'a visit without G3002/G3003 needs no time statement', note: { id: 'v2', cpt: ['99213'], text: `Follow-up of chronic low back pain. ${PLAN}` } },
    { why: 'G3002 and two G3003 units covered by 60 minutes', note: { id: 'v3', cpt: ['G3002', 'G3003', 'G3003'], text: `I spent 60 minutes in total on her care this month.\n${PLAN}` } },
  ],
  invalid: [
    { why: 'G3002 with no time statement at all', note: { id: 'i1', cpt: ['G3002'], text: `Chronic pain follow-up. ${PLAN}` } },
    { why: 'G3002 with one G3003 unit needs 45 minutes; 40 attested', note: { id: 'i2', cpt: ['G3002', 'G3003'], text: `Total time 40 minutes.\n${PLAN}` } },
    { why: 'codes written in the text, and the only minutes are a walking tolerance', note: { id: 'i3', text: `She can walk 30 minutes. ${PLAN}\nBILLING: G3002 chronic pain management.` } },
  ],
};
