import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'explicit pre- and post-procedure scores around an interlaminar epidural',
      note: { id: 'v1', text: 'PROCEDURE: C7-T1 interlaminar epidural steroid injection under fluoroscopy.\nPre-procedure pain 7/10. Post-procedure pain 3/10.' },
    },
    {
      why: 'an undated score in the recovery section is the response',
      note: { id: 'v2', text: 'Pain 6/10 on arrival.\nPROCEDURE: Bilateral L4-5 and L5-S1 facet joint injections were performed.\nPOST-PROCEDURE: Pain 1/10, ambulating without difficulty.' },
    },
    {
      why: 'a follow-up visit that recalls an earlier RFA performs nothing today',
      note: { id: 'v3', text: 'HPI: She is s/p lumbar radiofrequency ablation in May with 70% relief. Pain 3/10 today.' },
    },
  ],
  invalid: [
    {
      why: 'only the intake score, written before the epidural, is given',
      note: { id: 'i1', text: 'HPI: Neck pain radiating to the right arm, 8/10.\nPROCEDURE: Right C6-7 transforaminal epidural steroid injection was performed under fluoroscopy. The patient tolerated the procedure well.' },
    },
    {
      why: 'an SI joint injection with a pre score only',
      note: { id: 'i2', text: 'Pre-procedure pain 6/10. Left sacroiliac joint injection performed under fluoroscopic guidance with 40 mg Kenalog. Discharged home in stable condition.' },
    },
  ],
};
