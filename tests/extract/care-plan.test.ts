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
    expect(elements(text), text).toEqual(['pain-scale:PEG', 'goals', 'strengths', 'medication-management', 'behavioral-health', 'care-coordination']);
  });

  it('reads a referral to behavioral health as one behavioral-health element, with the service it names', () => {
    const text = 'Referred to pain psychology for CBT-CP.';
    const found = facts(text);
    expect(found.map((f) => [f.element, f.text]), text).toEqual([['behavioral-health', 'Referred to pain psychology for CBT']]);
    expect(elements('Referral placed to physical therapy.'), 'Referral placed to physical therapy.').toEqual(['care-coordination']);
  });

  it('reads the strengths or goals one sentence lists as one element', () => {
    const text = 'Strengths: supportive husband, highly motivated, stable employment.';
    expect(elements(text), text).toEqual(['strengths']);
    const resilient = 'He is resilient, engaged in his care, and has a strong faith community; these strengths were incorporated into the plan.';
    expect(elements(resilient), resilient).toEqual(['strengths']);
  });

  it('reads each medication action as its own element and drops the template label that heads them', () => {
    const text = 'Medication management: continue tramadol, urine drug test today; PDMP reviewed.';
    expect(facts(text).map((f) => f.text), text).toEqual(['continue tramadol', 'urine drug test', 'PDMP']);
    const coordination = 'Care coordination: spoke with the hospice RN regarding dosing; letter sent to cardiologist.';
    expect(facts(coordination).map((f) => f.text), coordination).toEqual(['spoke with the hospice', 'letter sent to cardiologist']);
  });

  it('reads contact with another clinician as care coordination', () => {
    for (const text of ["I did phone the patient's primary care doctor, Dr. O.", 'Care plan faxed to PCP Dr. Nguyen.', 'I will also be in touch with Dr. Y.', 'She will continue to see Dr. Berry.']) {
      expect(elements(text), text).toEqual(['care-coordination']);
    }
    expect(elements('Discussed with the patient and her husband.'), 'discussed with the patient').toEqual([]);
  });

  it("keeps a negative screen ('PHQ-2 negative') and stops a negation at a semicolon", () => {
    const cases: [string, string[]][] = [
      ['Mood: denies depression or anxiety; PHQ-2 negative (score 0).', ['behavioral-health']],
      ['PDMP reviewed with no aberrancies; UDS consistent with prescribed medications.', ['medication-management', 'medication-management']],
      ['Goals were not discussed today due to time constraints.', []],
    ];
    for (const [text, want] of cases) expect(elements(text), text).toEqual(want);
  });

  it('leaves out a scale planned for a later visit and past behavioral treatment', () => {
    for (const text of ['Will obtain PROMIS measures at the next visit.', 'PROMIS at next visit.', 'History of CBT with a pain psychologist in 2019, which she found helpful.', 'She was previously referred to psychiatry.']) {
      expect(elements(text), text).toEqual([]);
    }
  });

  it("reads ODI and NDI as validated scales, and a telegraphic 'Referred to...' plan line as today's", () => {
    expect(elements('ODI 44% (severe disability).'), 'ODI 44%').toEqual(['pain-scale:ODI']);
    expect(elements('Neck Disability Index 22/50 today.'), 'Neck Disability Index').toEqual(['pain-scale:NDI']);
    expect(elements('2. Referred back to PCP for blood pressure management.'), 'Referred back to PCP').toEqual(['care-coordination']);
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
