import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'every required element; behavioral health and strengths are only recommended',
      note: { id: 'v1', cpt: ['G3002'], text: 'Total time 40 minutes. PEG score 6. Goals: walk the dog daily. Medication management: taper oxycodone. Coordinated care with physical therapy.' },
    },
    { why: 'an E/M visit is not held to the G3002 care plan', note: { id: 'v2', cpt: ['99214'], text: 'Chronic neck pain, 6/10. Continue naproxen. Return in one month.' } },
  ],
  invalid: [
    { why: 'G3002 with only medication management', note: { id: 'i1', cpt: ['G3002'], text: 'Total time 35 minutes. Chronic pain stable. Continue gabapentin 300 mg three times daily.' } },
    {
      why: 'G3003 with goals and medications but no validated pain scale or coordination',
      note: { id: 'i2', cpt: ['G3003'], text: 'Additional time this month, 20 minutes. Goals: sleep through the night. Continue pregabalin.' },
      options: { rules: { 'chronic-pain-management/care-plan': ['warning', { required: ['pain-scale', 'goals', 'medication-management'] }] } },
    },
  ],
};
