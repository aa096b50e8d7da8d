import type { RuleFixtures } from '../fixture.js';

const esi = (id: string, date: string) => ({ id, patientId: 'p1', date, text: 'PROCEDURE: Right L4-5 transforaminal epidural steroid injection was performed under fluoroscopy.' });
const rfa = (id: string, date: string, side: string) => ({ id, patientId: 'p2', date, text: `PROCEDURE: ${side} L3, L4 and L5 medial branch radiofrequency ablation was performed under fluoroscopy.` });

// The note under test: the runner gives it the patient of its earlier notes.
const only = ({ id, date, text }: { id: string; date: string; text: string }) => ({ id, date, text });

export const fixtures: RuleFixtures = {
  valid: [
    {
      why: 'a second epidural two months after the first',
      prior: [esi('e1', '2025-01-06')],
      note: only(esi('e2', '2025-03-10')),
    },
    {
      why: 'a staged contralateral ablation two weeks after the first side',
      prior: [rfa('a1', '2025-01-06', 'Left')],
      note: only(rfa('a2', '2025-01-20', 'Right')),
    },
    {
      why: 'an undated note cannot be placed in time',
      note: { id: 'e0', text: 'PROCEDURE: Right L4-5 transforaminal epidural steroid injection was performed under fluoroscopy.' },
    },
  ],
  invalid: [
    {
      why: 'an epidural repeated after 6 days',
      prior: [esi('e3', '2025-01-06')],
      note: only(esi('e4', '2025-01-12')),
    },
    {
      why: 'a fifth lumbar epidural in 12 months under esi-lcd',
      options: { preset: 'esi-lcd' },
      prior: [esi('e5', '2025-01-06'), esi('e6', '2025-03-10'), esi('e7', '2025-05-12'), esi('e8', '2025-07-14')],
      note: only(esi('e9', '2025-09-15')),
    },
    {
      why: 'a repeat ablation of the same side after 3 months',
      prior: [rfa('a3', '2025-01-06', 'Left')],
      note: only(rfa('a4', '2025-04-07', 'Left')),
    },
  ],
};
