import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractMedicalNecessity, NecessityElementSchema, prepare } = lib;
const facts = checked(extractMedicalNecessity, NecessityElementSchema);

function brief(text: string): string[] {
  return facts(text).map((f) => [f.element, f.diagnosis ?? '-', f.negated ? 'negated' : '+'].join(' '));
}

describe('extractMedicalNecessity: diagnosis, duration, functional impact, imaging', () => {
  it('reads each diagnosis of the list from its common names', () => {
    const cases: [string, string][] = [
      ['Left L5 radiculopathy.', 'radiculopathy'],
      ['Sciatica on the right.', 'radiculopathy'],
      ['Lumbar spondylosis without myelopathy.', 'spondylosis'],
      ['Bilateral L4-5 facet arthropathy.', 'facet-arthropathy'],
      ['Failed back surgery syndrome.', 'post-laminectomy-syndrome'],
      ['Severe central canal stenosis at L3-4.', 'spinal-stenosis'],
      ['T12 compression fracture.', 'compression-fracture'],
      ['Reflex sympathetic dystrophy of the right hand.', 'crps'],
      ['Herniated nucleus pulposus at L4-5.', 'disc-herniation'],
      ['Left SI joint dysfunction.', 'sacroiliitis'],
      ['Myofascial pain syndrome of the trapezius.', 'myofascial-pain'],
    ];
    for (const [text, dx] of cases) expect(brief(text), text).toEqual([`diagnosis ${dx} +`]);
  });

  it("does not read aortic, carotid or mitral stenosis as spinal stenosis, nor a relative's diagnosis", () => {
    for (const text of ['Aortic stenosis, moderate.', 'Carotid stenosis of 50% on the left.', 'Mitral stenosis.', 'Her father had a compression fracture.']) {
      expect(brief(text), text).toEqual([]);
    }
  });

  it("marks a denied diagnosis as negated ('no evidence of active radiculopathy')", () => {
    const text = 'There is no evidence of active radiculopathy.';
    expect(brief(text), text).toEqual(['diagnosis radiculopathy negated']);
  });

  it("reads how long the symptoms have lasted ('for 6 months', 'x 8 weeks', '2-year history of', 'began 4 months ago')", () => {
    const cases: [string, number][] = [
      ['Low back pain for 6 months.', 26.07],
      ['Radiating leg pain x 8 weeks.', 8],
      ['He reports a 2-year history of low back pain.', 104.29],
      ['Pain began 4 months ago after lifting a box.', 17.38],
    ];
    for (const [text, weeks] of cases) {
      const d = facts(text).filter((f) => f.element === 'symptom-duration');
      expect(d.length, text).toBe(1);
      expect(d[0]?.durationWeeks, text).toBeCloseTo(weeks, 1);
    }
  });

  it("does not read therapy, relief, follow-up or episode times as symptom duration", () => {
    for (const text of ['Completed physical therapy for 6 weeks.', 'Prior injection gave relief lasting 3 months.', 'Follow up in 6 weeks.', 'He has smoked for 20 years.', 'Pain lasts for 2 hours after walking.']) {
      expect(facts(text).filter((f) => f.element === 'symptom-duration'), text).toEqual([]);
    }
  });

  it('reads an imaging finding with its normalized levels and region', () => {
    const text = 'MRI shows L4-5 disc protrusion with foraminal stenosis.';
    const f = facts(text).find((x) => x.element === 'imaging-finding');
    expect([f?.levels, f?.region, f?.negated], text).toEqual([['L4-5'], 'lumbar', false]);
    // The conditions the study shows are its finding, not the clinician's diagnosis.
    expect(brief(text), text).toEqual(['imaging-finding - +']);
  });

  it('keeps a diagnosis stated outside the imaging sentence', () => {
    const text = 'Assessment: lumbar spinal stenosis. MRI shows severe central canal stenosis at L3-4.';
    expect(brief(text), text).toEqual(['diagnosis spinal-stenosis +', 'imaging-finding - +']);
  });

  it("reads 'At L4-L5, there is an annular disc bulge' and 'It demonstrates ...' after a named study as imaging findings", () => {
    const lead = 'At L4-L5, there is an annular disc bulge with moderate central stenosis.';
    expect(facts(lead).map((f) => [f.element, f.levels]), lead).toEqual([['imaging-finding', ['L4-5']]]);
    const continued = 'Cervical MRI was reviewed. It demonstrates moderate stenosis at C4-5, C5-6.';
    expect(facts(continued).map((f) => [f.element, f.levels]), continued).toEqual([['imaging-finding', ['C4-5', 'C5-6']]]);
    const clinical = 'Left C6-C7 neuroforaminal stenosis secondary to osteophyte.';
    expect(brief(clinical), clinical).toEqual(['diagnosis spinal-stenosis +']);
  });

  it("gives one finding per ';' clause of a report, and keeps a clause that only denies with the one before", () => {
    const two = 'MRI: L4-5 disc protrusion abutting the L5 root; mild foraminal narrowing at L5-S1.';
    expect(facts(two).map((f) => f.levels), two).toEqual([['L4-5', 'L5'], ['L5-S1']]);
    const one = 'MRI lumbar spine unremarkable; no stenosis or disc herniation.';
    expect(brief(one), one).toEqual(['imaging-finding - negated']);
  });

  it("reads 'spinal stenosis with neurogenic claudication' as one diagnosis", () => {
    const text = 'Lumbar spinal stenosis with neurogenic claudication.';
    expect(brief(text), text).toEqual(['diagnosis spinal-stenosis +']);
  });

  it('reads durations told before the symptom and onset years without weeks', () => {
    const before = 'Five years ago, she developed symptoms radiating into the leg.';
    expect(facts(before).filter((f) => f.element === 'symptom-duration').map((f) => Math.round(f.durationWeeks ?? -1)), before).toEqual([261]);
    const year = 'She has had neck pain since 2015 with right arm paresthesias for the past 4 months.';
    expect(facts(year).filter((f) => f.element === 'symptom-duration').map((f) => [f.text, f.durationWeeks]), year).toEqual([
      ['pain since 2015', undefined],
      ['paresthesias for the past 4 months', 17.381],
    ]);
  });

  it('reads statements that pain impairs function as functional impact, and a denied one as negated', () => {
    const text = 'She has a difficult time opening jars and often drops items. The pain is debilitating. No trouble sleeping.';
    expect(facts(text).filter((f) => f.element === 'functional-impact').map((f) => [f.text, f.negated]), text).toEqual([
      ['a difficult time opening', false],
      ['drops items', false],
      ['debilitating', false],
      ['trouble sleeping', true],
    ]);
  });

  it('reads a normal study as a negated finding and an ordered study as none', () => {
    expect(brief('MRI was unremarkable.'), 'MRI was unremarkable.').toEqual(['imaging-finding - negated']);
    const ordered = 'Will order an MRI of the lumbar spine to evaluate for stenosis.';
    expect(facts(ordered).filter((f) => f.element === 'imaging-finding'), ordered).toEqual([]);
  });

  it('reads limitations as functional impact', () => {
    const text = 'She cannot walk more than one block because of leg pain.';
    expect(brief(text), text).toEqual(['functional-impact - +']);
  });

  it('gives the same facts for a string and a prepared document', () => {
    const text = 'Diagnosis: lumbar radiculopathy. Symptoms for 9 months. MRI: L4-5 herniated disc.';
    expect(extractMedicalNecessity(prepare(text)), text).toEqual(extractMedicalNecessity(text));
  });
});
