import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'the first procedure note documents a specific limitation',
      note: { id: 'fn-base-v1', text: 'HPI: Left leg pain for 4 months; he cannot walk more than one block and has missed work for 3 weeks. Failed 6 weeks of PT.\nPROCEDURE: Left L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'the baseline was documented at the consult before the procedure',
      prior: [{ id: 'consult', patientId: 'p2', date: '2025-02-10', text: 'HPI: Axial low back pain for 6 months. She is unable to stand longer than 15 minutes and cannot vacuum.' }],
      note: { id: 'fn-base-v2', patientId: 'p2', date: '2025-03-03', text: 'PROCEDURE: Bilateral L4 and L5 medial branch blocks under fluoroscopy. Bupivacaine 0.5 mL at each level.' },
    },
    {
      why: 'a repeat ESI in the same region is not a first procedure',
      prior: [{ id: 'esi-1', patientId: 'p3', date: '2025-01-15', text: 'PROCEDURE: Right L4-5 transforaminal epidural steroid injection under fluoroscopy.' }],
      note: { id: 'fn-base-v3', patientId: 'p3', date: '2025-05-01', text: 'PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopy. 70% relief from the last injection for 3 months.' },
    },
  ],
  invalid: [
    {
      why: 'an operative note with pain only, no limitation',
      note: { id: 'fn-base-i1', text: 'PREOPERATIVE DIAGNOSIS: Lumbar spondylosis. PROCEDURE: Bilateral L4-5 and L5-S1 facet joint injections under fluoroscopy. Pain 7/10 before the procedure.' },
    },
    {
      why: 'an earlier ESI does not make a first cervical facet procedure a repeat; a denied limitation is no baseline',
      prior: [{ id: 'esi-1', patientId: 'p4', date: '2024-11-01', text: 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.' }],
      note: { id: 'fn-base-i2', patientId: 'p4', date: '2025-04-01', text: 'HPI: Neck pain for 6 months. Denies difficulty walking.\nPROCEDURE: Right C4-5 and C5-6 medial branch blocks under fluoroscopy.' },
    },
  ],
};
