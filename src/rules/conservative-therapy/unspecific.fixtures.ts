import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'a generic phrase followed by the modalities it covers',
      note: { id: 'ct-unspec-v1', text: 'HPI: Low back pain for 5 months. Conservative management including physical therapy and NSAIDs failed.\nPROCEDURE: Left L4-5 facet joint injection.' },
    },
    {
      why: 'a named drug is a modality even next to "conservative care"',
      note: { id: 'ct-unspec-v2', text: 'HPI: Failed conservative care. She took meloxicam 15 mg daily for 2 months without relief.\nPROCEDURE: Right L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'no procedure today: a consult is not checked',
      note: { id: 'ct-unspec-v3', text: 'HPI: Low back pain radiating to the left leg. Failed conservative therapy. PLAN: consider an epidural injection.' },
    },
  ],
  invalid: [
    {
      why: 'only "failed conservative therapy"',
      note: { id: 'ct-unspec-i1', text: 'HPI: Low back pain radiating to the right leg. Failed conservative therapy.\nPROCEDURE: Right L4-5 transforaminal epidural steroid injection under fluoroscopy.' },
    },
    {
      why: 'a dated generic course is still unspecific',
      note: { id: 'ct-unspec-i2', text: 'HPI: Neck pain for a year despite 3 months of conservative treatment.\nPROCEDURE: C6-7 interlaminar epidural steroid injection performed.' },
    },
  ],
};
