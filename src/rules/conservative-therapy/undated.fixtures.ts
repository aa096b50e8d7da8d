import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'one course with a duration dates the conservative care',
      note: { id: 'ct-undated-v1', text: 'HPI: Completed 6 weeks of physical therapy without relief; also takes ibuprofen.\nPROCEDURE: Left L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'a course dated by months counts as dated',
      note: { id: 'ct-undated-v2', text: 'HPI: She attended physical therapy from March to May 2025 with no benefit.\nPROCEDURE: Bilateral L4-5 facet joint injections under fluoroscopy.' },
    },
    {
      why: 'the duration of the pain is not the therapy\'s, but a note without any trial is left to conservative-therapy/missing',
      note: { id: 'ct-undated-v3', text: 'HPI: Low back pain for 6 months.\nPROCEDURE: L5-S1 interlaminar epidural steroid injection.' },
    },
  ],
  invalid: [
    {
      why: 'therapies named without any duration or dates',
      note: { id: 'ct-undated-i1', text: 'HPI: Axial low back pain for 8 months. She has tried physical therapy and ibuprofen without relief.\nPROCEDURE: Bilateral L4 and L5 medial branch blocks under fluoroscopy.' },
    },
    {
      why: 'a visit count is not a duration, and the pain duration does not date the therapy',
      note: { id: 'ct-undated-i2', text: 'HPI: Neck pain for 5 months. She had 12 visits of physical therapy, which did not help.\nPROCEDURE: Right C5-6 transforaminal epidural steroid injection.' },
    },
  ],
};
