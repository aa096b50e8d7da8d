import type { RuleFixtures } from '../fixture.js';

const FULL =
  'HPI: Left leg radicular pain for 5 months. Failed 8 weeks of physical therapy and meloxicam. She cannot stand long enough to cook. ' +
  'MRI shows L5-S1 disc protrusion with left foraminal stenosis. PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.';

export const fixtures: RuleFixtures = {
  valid: [
    { why: 'every element documented', note: { id: 'v1', cpt: ['64483'], text: FULL } },
    {
      why: 'a trigger point injection is not asked for imaging',
      note: { id: 'v2', cpt: ['20552'], text: 'Myofascial pain of the left trapezius for 3 months despite physical therapy and cyclobenzaprine. It limits her ability to work at a computer. PROCEDURE: Trigger point injection, left trapezius.' },
    },
    { why: 'an office visit without a procedure is not scored', note: { id: 'v3', text: 'Chronic low back pain. Pain 4/10. Continue home exercise. Return in 3 months.' } },
  ],
  invalid: [
    { why: 'a templated procedure note with only the procedure', note: { id: 'i1', cpt: ['64483'], text: 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy. Tolerated well.' } },
    { why: 'a stricter minimum flags a note missing one element', note: { id: 'i2', cpt: ['64483'], text: FULL.replace('MRI shows L5-S1 disc protrusion with left foraminal stenosis. ', '') }, options: { rules: { 'medical-necessity/incomplete': ['warning', { minScore: 100 }] } } },
  ],
};
