import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'a procedure note that documents physical therapy and an NSAID',
      note: {
        id: 'ct-missing-v1',
        text: 'HPI: Left leg pain for 4 months. Completed 6 weeks of physical therapy without improvement; naproxen gave minimal relief.\nPROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.',
      },
    },
    {
      why: 'a consult without a procedure today is not a procedure note',
      note: { id: 'ct-missing-v2', text: 'ASSESSMENT: Lumbar radiculopathy at L5. PLAN: Schedule a left L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'the trial is documented in the earlier consult of the same patient',
      prior: [{ id: 'consult', patientId: 'p1', date: '2025-03-01', text: 'HPI: Neck pain radiating to the right arm. She did 8 weeks of physical therapy with no relief and takes gabapentin 300 mg nightly.' }],
      note: { id: 'ct-missing-v3', patientId: 'p1', date: '2025-04-02', text: 'PROCEDURE: C7-T1 interlaminar epidural steroid injection under fluoroscopy. Depo-Medrol 80 mg injected.' },
    },
  ],
  invalid: [
    {
      why: 'an operative ESI note with no conservative therapy anywhere',
      note: { id: 'ct-missing-i1', text: 'PROCEDURE: Lumbar epidural steroid injection, L5-S1, under fluoroscopy. 80 mg Depo-Medrol with 2 cc lidocaine injected into the epidural space.' },
    },
    {
      why: 'a billed code makes it a procedure note; therapy only planned is not a trial',
      note: { id: 'ct-missing-i2', cpt: ['64493'], text: 'Axial low back pain, worse with extension. Bilateral L4-5 facet injections done today. Will start physical therapy next week.' },
    },
    {
      why: 'lidocaine and Depo-Medrol given during the procedure are not conservative therapy',
      note: { id: 'ct-missing-i3', text: 'PROCEDURE: Right L4-5 transforaminal epidural steroid injection. After negative aspiration, 1 mL of 1% lidocaine and 40 mg triamcinolone were injected.' },
    },
  ],
};
