import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractTimeAttestation, TimeAttestationSchema, prepare } = lib;
const facts = checked(extractTimeAttestation, TimeAttestationSchema);

function brief(text: string): string[] {
  return facts(text).map((f) => `${String(f.minutes)} ${f.kind}`);
}

describe('extractTimeAttestation: minutes, kind, what the time covered', () => {
  it("reads 'I spent 35 minutes' as 35 minutes of unspecified time", () => {
    const text = 'I spent 35 minutes with the patient.';
    expect(brief(text), text).toEqual(['35 unspecified']);
  });

  it("reads 'total time 40 minutes, more than half in counseling' as total, covering counseling, more than half counseling", () => {
    const text = 'Total time 40 minutes, more than half in counseling and care coordination.';
    const [f] = facts(text);
    expect([f?.minutes, f?.kind, f?.covers, f?.moreThanHalfCounseling], text).toEqual([40, 'total', ['counseling', 'care-coordination'], true]);
  });

  it('tells face-to-face, counseling and care-coordination time apart', () => {
    const cases: [string, string[]][] = [
      ['Face-to-face time with the patient was 30 minutes.', ['30 face-to-face']],
      ['I spent 20 minutes counseling the patient on pacing.', ['20 counseling']],
      ['Counseling time 15 minutes.', ['15 counseling']],
      ['I spent 10 minutes coordinating care with physical therapy.', ['10 care-coordination']],
      ['Total time 45 minutes, of which 25 minutes was spent counseling.', ['45 total', '25 counseling']],
      ['More than half of the 30 minutes spent was counseling.', ['30 unspecified']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it("reads hours, spelled numbers and a range's lower bound as minutes", () => {
    expect(brief('I spent an hour and a half reviewing outside records.'), 'an hour and a half').toEqual(['90 unspecified']);
    expect(brief('I spent thirty minutes discussing the options.'), 'thirty minutes').toEqual(['30 counseling']);
    expect(brief('Total time 30-39 minutes.'), '30-39 minutes').toEqual(['30 total']);
  });

  it('lists what the time covered, leaving out what is negated', () => {
    const text = 'I spent a total of 50 minutes on the date of the encounter, including record review, counseling and documentation.';
    expect(facts(text)[0]?.covers, text).toEqual(['record-review', 'counseling', 'documentation']);
  });

  it('does not read procedure, observation, symptom, activity or code times as attestations', () => {
    for (const text of [
      'Fluoroscopy time 12 seconds.',
      'Total fluoroscopy time was 1.2 minutes.',
      'Total sedation time 25 minutes.',
      'She was observed for 30 minutes after the injection without complications.',
      'The patient spent 30 minutes in recovery.',
      'Symptoms for 20 minutes after standing.',
      'He can walk 20 minutes before the pain starts.',
      'G3003: each additional 15 minutes of chronic pain management.',
      ',TOURNIQUET TIME: , 69 minutes.',
      'Will spend 30 minutes next visit reviewing the sleep diary.',
    ]) {
      expect(facts(text), text).toEqual([]);
    }
  });

  it('keeps the visit time when a procedure time follows past a semicolon', () => {
    const text = 'Total time spent 30 minutes; fluoroscopy time 0.5 minutes.';
    expect(brief(text), text).toEqual(['30 total']);
  });

  it('gives the same facts for a string and a prepared document', () => {
    const text = 'PLAN: continue. Total time 40 minutes, more than half in counseling.';
    expect(extractTimeAttestation(prepare(text)), text).toEqual(extractTimeAttestation(text));
  });
});
