import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'explicit pre- and post-procedure scores around a TFESI',
      note: { id: 'v1', text: 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.\nPre-procedure pain 8/10. Post-procedure pain 2/10.' },
    },
    {
      why: 'an undated score in the HPI is the intake score of the injection that follows',
      note: { id: 'v2', text: 'HPI: Low back pain radiating to the left leg, rated 7/10 today.\nPROCEDURE: Left L4-5 transforaminal epidural steroid injection was performed.\nAfterwards she reported pain 2/10.' },
    },
    {
      why: 'a consultation that only plans an epidural performs nothing',
      note: { id: 'v3', text: 'ASSESSMENT: Lumbar radiculopathy.\nPLAN: We will schedule a left L5-S1 transforaminal epidural steroid injection.' },
    },
  ],
  invalid: [
    {
      why: 'a medial branch block with only a post-block score',
      note: { id: 'i1', text: 'PROCEDURE: Right L3, L4 and L5 medial branch blocks were performed under fluoroscopic guidance.\nPost-procedure pain 1/10.' },
    },
    {
      why: 'a billed caudal epidural whose note gives no score at all',
      note: { id: 'i2', text: 'Caudal epidural steroid injection performed with 80 mg Depo-Medrol. Tolerated well.', cpt: ['62323'] },
    },
    {
      why: 'a goal score is not a pre-procedure score',
      note: { id: 'i3', text: 'Trigger point injections were performed in the left trapezius. Goal pain 3/10. Pain after injection 2/10.' },
    },
  ],
};
