import type { RuleFixtures } from '../fixture.js';

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'the longest course (6 weeks) meets the minimum although another course was short',
      note: { id: 'ct-short-v1', text: 'HPI: Completed 6 weeks of physical therapy without relief and tried cyclobenzaprine for 1 week, stopped for drowsiness.\nPROCEDURE: Left L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'a course dated only by its start runs to the note date',
      note: { id: 'ct-short-v2', date: '2025-06-02', text: 'HPI: On meloxicam since January 2025 with partial relief.\nPROCEDURE: Right sacroiliac joint injection under fluoroscopy.' },
    },
    {
      why: 'a stricter payer minimum is an option: 6 weeks meets 6',
      options: { rules: { 'conservative-therapy/too-short': ['warning', { minWeeks: 6 }] } },
      note: { id: 'ct-short-v3', text: 'HPI: Six weeks of physical therapy did not help.\nPROCEDURE: L4-5 interlaminar epidural steroid injection.' },
    },
  ],
  invalid: [
    {
      why: 'two weeks of physical therapy is below 4 weeks',
      note: { id: 'ct-short-i1', text: 'HPI: Neck pain radiating to the left arm for 3 months. She did 2 weeks of physical therapy without benefit.\nPROCEDURE: C6-7 interlaminar epidural steroid injection performed.' },
    },
    {
      why: 'concurrent courses are not added: 3 weeks of PT with 3 weeks of naproxen is 3 weeks',
      note: { id: 'ct-short-i2', text: 'HPI: He did 3 weeks of physical therapy and took naproxen for 3 weeks without relief.\nPROCEDURE: Right L5-S1 transforaminal epidural steroid injection.' },
    },
    {
      why: 'the esi-lcd preset minimum of 4 weeks applies to a 10-day trial',
      options: { preset: 'esi-lcd' },
      note: { id: 'ct-short-i3', text: 'HPI: Acute sciatica. Ten days of ibuprofen did not help.\nPROCEDURE: Left L5-S1 transforaminal epidural steroid injection.' },
    },
  ],
};
