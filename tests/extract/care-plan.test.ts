import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractCarePlan, CarePlanElementSchema, prepare } = lib;
const facts = checked(extractCarePlan, CarePlanElementSchema);

function elements(text: string): string[] {
  return facts(text).map((f) => (f.detail ? `${f.element}:${f.detail}` : f.element));
}

describe('extractCarePlan: the elements of a chronic pain care plan', () => {
  it('reads each element of a full plan, with the scale name as detail', () => {
    const text = 'CHRONIC PAIN CARE PLAN: PEG 6. Goal: walk the dog daily. Strengths: supportive spouse. Continue duloxetine. Referral to pain psychology. Will coordinate care with PCP.';
    expect(elements(text), text).toEqual([
      'pain-scale:PEG',
      'goals',
      'strengths',
      'strengths',
      'medication-management',
      'care-coordination',
      'behavioral-health',
      'care-coordination',
    ]);
  });

  it("names validated scales ('PROMIS', 'BPI', 'NRS', 'VAS') but not a bare '7/10'", () => {
    const cases: [string, string][] = [
      ['PROMIS pain interference T-score 64.', 'pain-scale:PROMIS'],
      ['Brief Pain Inventory completed.', 'pain-scale:BPI'],
      ['Pain on the numeric rating scale is 7/10.', 'pain-scale:NRS'],
      ['The patient rates her pain at 7/10 on a Pain Analog Scale.', 'pain-scale:VAS'],
      ['Wong-Baker FACES scale 4 per the patient.', 'pain-scale:FACES'],
    ];
    for (const [text, want] of cases) expect(elements(text), text).toEqual([want]);
    expect(elements('Pain 7/10 today.'), 'Pain 7/10 today.').toEqual([]);
  });

  it("does not read look-alikes: 'vas deferens', 'PEG tube', 'goal directed', referred pain", () => {
    for (const text of ['Both vas deferens were identified.', 'PEG tube placement was uncomplicated.', 'Thought process, logical and goal directed.', 'The pain is referred to the left buttock.']) {
      expect(elements(text), text).toEqual([]);
    }
  });

  it("reads today's medication changes and referrals, not another clinician's in the history", () => {
    expect(elements('We will titrate pregabalin to 75 mg twice daily.'), 'titrate pregabalin').toEqual(['medication-management']);
    expect(elements('I referred her back to her primary care physician.'), 'I referred').toEqual(['care-coordination']);
    for (const text of ['He was prescribed oxycodone after his surgery in 2019.', 'He was then referred to Dr. X for treatment of neck pain.', 'HPI: She was referred to our clinic by Dr. Jones for back pain.']) {
      expect(elements(text), text).toEqual([]);
    }
  });

  it('leaves out negated, declined and family mentions, but keeps a supportive spouse as a strength', () => {
    for (const text of ['No psychology referral is needed at this time.', 'He declines CBT at this time.', 'Her sister sees a psychologist.']) expect(elements(text), text).toEqual([]);
    expect(elements('He has a supportive spouse.'), 'supportive spouse').toEqual(['strengths']);
  });

  it('gives the same facts for a string and a prepared document', () => {
    const text = 'PLAN: PHQ-9 14. Continue gabapentin. Case manager to call.';
    expect(extractCarePlan(prepare(text)), text).toEqual(extractCarePlan(text));
  });
});
