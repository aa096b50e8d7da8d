// Notes shared by the history rules' fixtures: a complete lumbar TFESI note and an independently written
// follow-up of the same patient.
export const FULL_NOTE = [
  'HISTORY: 58-year-old woman with low back pain radiating down the left leg to the foot for 9 months.',
  'She completed 8 weeks of physical therapy from March to May 2025 without lasting relief, and naproxen 500 mg twice daily for 3 months gave minimal benefit.',
  'Pain is 7/10 today. She can walk only 10 minutes before she has to sit and cannot stand to cook a meal.',
  'IMAGING: MRI of the lumbar spine shows a left L4-5 disc protrusion contacting the L5 nerve root.',
  'PROCEDURE: Left L4-5 transforaminal epidural steroid injection under fluoroscopic guidance. After negative aspiration, contrast showed epidural spread along the L5 root; 80 mg triamcinolone with 1 mL 1% lidocaine was injected. Images were saved to PACS.',
  'POST-PROCEDURE: pain 2/10 after the procedure. She tolerated the injection well and was discharged home.',
].join('\n');

export const REWRITTEN_NOTE = [
  'INTERVAL HISTORY: Returns after the left L4-5 injection in June, which gave 70% relief lasting 3 months; she walked her dog for 30 minutes daily again and returned to part-time work.',
  'Over the last three weeks the radiating leg pain has come back, now 6/10, worse with sitting in the car.',
  'She continues a home exercise program five days a week taught by her therapist and takes meloxicam 15 mg.',
  'EXAM: straight leg raise positive on the left at 40 degrees, diminished left ankle reflex, strength intact.',
  'PLAN: repeat left L4-5 transforaminal injection with fluoroscopy next week; we discussed risks including infection, bleeding and nerve injury.',
].join('\n');

export const THIN_NOTE = 'Follow-up for low back pain. She is doing better overall. Plan: repeat left L4-5 transforaminal injection under fluoroscopy.';
export const THINNER_NOTE = 'Follow-up. Doing well. Repeat injection as before.';

export function visit(id: string, date: string, text: string) {
  return { id, patientId: 'fixture-patient', date, text };
}
