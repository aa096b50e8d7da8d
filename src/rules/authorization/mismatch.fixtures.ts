import type { RuleFixtures } from '../fixture.js';

const TFESI = 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance. Contrast confirmed epidural spread.';
const AUTH = { procedure: 'transforaminal-esi', cpt: ['64483'], levels: ['L5-S1'], laterality: 'left' as const, validFrom: '2025-04-01', validTo: '2025-06-30' };

export const fixtures: RuleFixtures = {
  valid: [
    { why: 'procedure, level, side, code and date all within the authorization', note: { id: 'v1', date: '2025-05-02', cpt: ['64483'], text: TFESI, context: { authorization: AUTH } } },
    {
      why: 'a unilateral medial branch block at the branches that supply an authorized bilateral joint, billed with the shared facet code',
      note: { id: 'v2', cpt: ['64493'], text: 'PROCEDURE: Right L4 and L5 medial branch blocks under fluoroscopy.', context: { authorization: { cpt: ['64493'], levels: ['L5-S1'], laterality: 'bilateral' } } },
    },
    {
      why: 'a planned procedure that differs from the authorization is not a documented mismatch',
      note: { id: 'v3', text: 'ASSESSMENT: Right L4 radiculopathy. PLAN: Schedule right L4-5 interlaminar epidural steroid injection.', context: { authorization: AUTH } },
    },
  ],
  invalid: [
    { why: 'the right side done under a left-sided authorization', note: { id: 'i1', date: '2025-05-02', cpt: ['64483'], text: TFESI.replace('Left', 'Right'), context: { authorization: AUTH } } },
    { why: 'date of service after the window closed', note: { id: 'i2', date: '2025-07-01', cpt: ['64483'], text: TFESI, context: { authorization: AUTH } } },
    {
      why: 'a permanent stimulator implant under a trial authorization',
      note: { id: 'i3', cpt: ['63685'], text: 'PROCEDURE: Implantation of a permanent spinal cord stimulator with pulse generator in the left flank.', context: { authorization: { procedure: 'scs-trial' } } },
    },
  ],
};
