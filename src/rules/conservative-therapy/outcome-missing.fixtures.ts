import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'one failed course is enough; the medication list needs no result item by item',
      note: { id: 'ct-outcome-v1', text: 'HPI: Completed 8 weeks of physical therapy without improvement. Medications: gabapentin 300 mg, meloxicam 15 mg.\nPROCEDURE: Left L4-5 transforaminal epidural steroid injection.' },
    },
    {
      why: 'intolerance is a result',
      note: { id: 'ct-outcome-v2', text: 'HPI: Tried gabapentin for 6 weeks but could not tolerate it due to dizziness.\nPROCEDURE: Right C6-7 interlaminar epidural steroid injection.' },
    },
  ],
  invalid: [
    {
      why: 'therapies listed with no result',
      note: { id: 'ct-outcome-i1', text: 'HPI: Axial low back pain for 8 months. She has tried physical therapy for 6 weeks and ibuprofen.\nPROCEDURE: Bilateral L4 and L5 medial branch blocks under fluoroscopy.' },
    },
    {
      why: 'a completed course is not a failed one',
      note: { id: 'ct-outcome-i2', text: 'HPI: Low back pain for 6 months. She completed a course of physical therapy in the spring and takes meloxicam daily.\nPROCEDURE: Right sacroiliac joint injection under fluoroscopy.' },
    },
  ],
};
