import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'fluoroscopy with the level seen and the images saved',
      note: { id: 'g1', text: 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection. Under fluoroscopic guidance the L5-S1 foramen was identified; contrast confirmed epidural spread. AP and lateral images were saved to PACS.' },
    },
    {
      why: 'trigger point injections need no image guidance',
      note: { id: 'g2', text: 'Trigger point injections were performed in the bilateral trapezius with 1% lidocaine. Pre 7/10, post 3/10.' },
    },
    {
      why: 'a plan for a fluoroscopic epidural performs nothing',
      note: { id: 'g3', text: 'PLAN: Schedule an L4-5 interlaminar epidural steroid injection under fluoroscopy.' },
    },
  ],
  invalid: [
    {
      why: 'an epidural with no guidance modality at all',
      note: { id: 'g4', text: 'PROCEDURE: L4-5 interlaminar epidural steroid injection was performed with loss of resistance. 80 mg Depo-Medrol injected.' },
    },
    {
      why: 'fluoroscopy documented but no statement that images were kept',
      note: { id: 'g5', text: 'PROCEDURE: Right L3, L4, L5 medial branch blocks. Under fluoroscopic guidance the needles were placed at the L3, L4 and L5 medial branches.' },
    },
    {
      why: 'guidance negated: fluoroscopy was not used',
      note: { id: 'g6', text: 'Left L5-S1 transforaminal epidural steroid injection was performed. Fluoroscopy was not used.', cpt: ['64483'] },
    },
  ],
};
