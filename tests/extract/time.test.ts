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
    const text = 'I spent 35 minutes on this visit.';
    expect(brief(text), text).toEqual(['35 unspecified']);
  });

  it("reads time 'with the patient' or 'I was with him' as face-to-face, unless the note says total", () => {
    const cases: [string, string[]][] = [
      ['I spent 35 minutes with the patient.', ['35 face-to-face']],
      ['I spent 20 minutes with him.', ['20 face-to-face']],
      ['so overall I was with him a little over half an hour today', ['30 face-to-face']],
      ['Total time with the patient 40 minutes.', ['40 total']],
      ['I spent 35 minutes with her PCP on the phone.', ['35 unspecified']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it('reads time spent both with and without the patient (examining, documenting) as total time', () => {
    const text = 'I personally spent 60 minutes today reviewing records, examining the patient and documenting in the EHR.';
    expect(brief(text), text).toEqual(['60 total']);
    const recordsOnly = 'I spent an hour and a half reviewing outside records.';
    expect(brief(recordsOnly), recordsOnly).toEqual(['90 unspecified']);
  });

  it("reads 'an X-minute visit' as unspecified time: the visit's length does not say total", () => {
    const text = 'I spent greater than 50% of a 40 minute visit counseling and coordinating care.';
    const [f] = facts(text);
    expect([f?.minutes, f?.kind, f?.moreThanHalfCounseling], text).toEqual([40, 'unspecified', true]);
  });

  it('gives each time the cues of its own clause: a parenthesis or semicolon starts the next', () => {
    const cases: [string, string[]][] = [
      ['Total time on date of service: 45-50 min (face to face 30 min).', ['45 total', '30 face-to-face']],
      ['G3003 (each additional 15 minutes) x1; total chronic pain management time this month 47 minutes.', ['47 total']],
      ['I spent 35 minutes in direct face-to-face contact and an additional 10 minutes after the visit coordinating with the surgeon.', ['35 face-to-face', '10 care-coordination']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it("does not read a billing code's time descriptor ('99214 (30-39 min)') as attested time", () => {
    const text = 'Billed 99214 based on time (30-39 min); total time today 36 minutes.';
    expect(brief(text), text).toEqual(['36 total']);
  });

  it("reads a template label as the kind ('Care coordination: 15 minutes') and a unit in the label ('Total time (minutes): 42')", () => {
    const cases: [string, string[]][] = [
      ['Care coordination: 15 minutes spent on the phone with her PCP and the pharmacy.', ['15 care-coordination']],
      ['Total time (minutes): 42', ['42 total']],
      ['Time spent (min): 30', ['30 unspecified']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it("does not take 'over half an hour' for 'over half' of the time in counseling", () => {
    const text = 'I spent over half an hour with the patient discussing the options.';
    const [f] = facts(text);
    expect([f?.minutes, f?.kind, f?.moreThanHalfCounseling], text).toEqual([30, 'counseling', undefined]);
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
