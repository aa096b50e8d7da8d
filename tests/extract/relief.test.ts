import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib, { PainReliefSchema, prepare } from '../lib.js';
import { readCorpus, score } from '../../scripts/eval/corpus.js';

const { extractPainRelief } = lib;

const relief = checked(extractPainRelief, PainReliefSchema);

function one(text: string) {
  const facts = relief(text);
  expect(facts.length, `one fact in ${JSON.stringify(text)}: ${JSON.stringify(facts)}`).toBe(1);
  return facts[0]!;
}

describe('extractPainRelief: figures', () => {
  it.each([
    ['She reports 60% relief of her leg pain.', 60],
    ['She states she obtained 80 percent pain relief from the SI joint injection.', 80],
    ['Eighty percent relief was reported after the first injection.', 80],
    ['He reports 75% reduction in his pain since the RFA.', 75],
    ['He is 50% better since starting physical therapy.', 50],
    ['He notes 100 percent resolution of his radicular pain.', 100],
    ['Post-procedure: 0% relief.', 0],
  ])('reads %j as %d percent', (text, percent) => {
    expect(one(text).percent, text).toBe(percent);
  });

  it.each([
    ['Following the medial branch blocks she reported 50-60% relief.', 55],
    ['She reports about 60 to 70 percent relief of her neck pain.', 65],
    ['She states that the knee is 35% to 40 % better.', 37.5],
  ])('reads the range in %j as its midpoint %d', (text, percent) => {
    expect(one(text).percent, text).toBe(percent);
  });

  it.each([
    ['He had greater than 50% improvement in pain after the ESI.', 50, '>'],
    ['Following the MBB he had >80% relief.', 80, '>'],
    ['Diagnostic block provided at least 50% relief.', 50, '>='],
    ['Reports 50% or greater relief from the prior TFESI.', 50, '>='],
    ['He estimates about 70% relief of his leg pain.', 70, '~'],
    ['She reports ~70% relief.', 70, '~'],
    ['She obtained less than 30% relief from the caudal epidural.', 30, '<'],
  ])('reads the comparator in %j', (text, percent, comparator) => {
    const f = one(text);
    expect([f.percent, f.comparator], text).toEqual([percent, comparator]);
  });

  it.each([
    ['Her pain improved by 50% after the trigger point injections.', 50],
    ['She describes relief of approximately 80% of her pain after the SI joint injection.', 80],
    ['The denervation procedure helped her axial back pain approximately 40% when standing.', 40],
    ['Percent relief: 80%.', 80],
    ['Mr. Abc reported his improvement at about 20%, compared to how he felt after the accident.', 20],
  ])('reads the cue before the number in %j', (text, percent) => {
    expect(one(text).percent, text).toBe(percent);
  });

  it('reads both figures of "50% relief on the right and 30% on the left"', () => {
    const text = 'He had 50% relief on the right and 30% on the left.';
    expect(relief(text).map((f) => [f.percent, f.text]), text).toEqual([
      [50, '50% relief'],
      [30, '30%'],
    ]);
  });
});

describe('extractPainRelief: word amounts', () => {
  it.each([
    'Prior ESI gave no relief.',
    'She did not get any relief from the last cervical ESI.',
    'Patient denies any relief from the previous facet injections.',
    'The Botox procedure has not given him any relief from his buttock pain.',
    'Patient was without relief from the SI joint injection.',
    'He noted no improvement in his pain after two sessions of acupuncture.',
    'Relief: none.',
  ])("reads %j as 0 percent (a fact, not a missing one)", (text) => {
    expect(one(text).percent, text).toBe(0);
  });

  it.each(['He had complete relief of his leg pain.', 'She had total relief for about 6 hours.', 'His radicular pain was completely relieved.'])(
    'reads %j as 100 percent',
    (text) => {
      expect(one(text).percent, text).toBe(100);
    },
  );

  it.each([
    'Ibuprofen gives minimal relief.',
    'She has had some relief with ice and heat.',
    'He reports no significant relief from the medication.',
    'The patient has tried multiple medications without much relief.',
    'She did not get complete relief from the injection.',
    'The likelihood of nearly complete symptomatic relief within 90 days is excellent.',
    'None of the medications that he takes provides adequate relief of his pain.',
  ])('gives no fact for the vague amount in %j', (text) => {
    expect(relief(text), text).toEqual([]);
  });
});

describe('extractPainRelief: duration', () => {
  it.each([
    ['Lumbar ESI provided 60% relief lasting approximately 3 months.', 13.0357],
    ['After the stellate ganglion block she noted 90% relief for 8 weeks.', 8],
    ['The left L5 TFESI gave him 50% relief for six hours.', 0.0357],
    ['Reports 70% relief x 2 weeks after the caudal ESI.', 2],
    ['He had 80% relief, which lasted 4 days.', 0.5714],
    ['He describes 75-80% improvement in his neck pain, lasting 3-4 months.', 15.2083],
  ])('reads the duration in %j in weeks', (text, weeks) => {
    const f = one(text);
    expect(f.durationWeeks, text).toBeCloseTo(weeks, 3);
    expect(f.text, text).toMatch(/(?:months|weeks|hours|days)$/);
  });

  it('gives "no relief" no duration', () => {
    const text = 'Physical therapy for 8 weeks provided no relief of her back pain.';
    expect(one(text).durationWeeks, text).toBeUndefined();
  });
});

describe('extractPainRelief: percentages that are not relief', () => {
  it.each([
    'SpO2 97% on room air.',
    'Oxygen saturation was 95% throughout the procedure.',
    'Echocardiogram showed an ejection fraction of 32%.',
    'With regards issues of apportionment, it is my opinion that 100% of her pain complaints are industrially related.',
    'Weight loss of 10% of body weight is recommended.',
    'MRI shows 50% stenosis of the right L4-5 foramen.',
    'There is 25% compression of the L1 vertebral body.',
    'She has a disability rating of 30%.',
    'Prolotherapy with 10% dextrose was performed.',
    'The skin was anesthetized with 1% lidocaine.',
    'A total of 3 mL of 0.25% bupivacaine with 40 mg of triamcinolone was injected.',
    'This complication occurs in fewer than 2% of patients.',
    'He states that approximately 75% of his pain is in his buttock and leg and 25% in his back.',
    'Pain relief with 2% lidocaine jelly was brief.',
    'In 30 minutes, SpO2 improved to 98% on 2 L nasal cannula.',
  ])('does not read %j as relief', (text) => {
    expect(relief(text), text).toEqual([]);
  });

  it.each([
    'He reports 50% improvement in his walking tolerance.',
    'Her opioid use decreased by 50% after the SCS implant.',
    'We reduced the gabapentin dose by 50%.',
    'The patient will report 25% improvement in her functional and ADL activities.',
  ])('does not read improvement of something other than pain in %j', (text) => {
    expect(relief(text), text).toEqual([]);
  });

  it.each([
    'The goal of treatment is at least 50% reduction in pain.',
    'If he obtains at least 50% relief, we will proceed with radiofrequency ablation.',
    'Payer criteria require at least 80% relief from two diagnostic blocks before RFA.',
    'Mother had 80% relief from her lumbar ESI.',
  ])('does not read a goal, condition or relative in %j as the patient’s relief', (text) => {
    expect(relief(text), text).toEqual([]);
  });

  it('reads a past result cited by a plan ("since she had 70% relief")', () => {
    const text = 'We will repeat the L4-5 ILESI as she had 75% relief lasting 4 months from the last one.';
    expect(one(text).percent, text).toBe(75);
  });

  it('reads the relief and skips the anesthetic in one sentence', () => {
    const text = 'Bupivacaine 0.5% 3 mL was injected, and in recovery the patient reported 80% relief.';
    expect(relief(text).map((f) => f.percent), text).toEqual([80]);
  });
});

describe('extractPainRelief: input', () => {
  it('gives the same facts for a prepared document as for the string', () => {
    const text = 'PROCEDURE: L5 TFESI. She reports 70-80% relief lasting about 4 months. Prior RFA gave no relief.';
    expect(extractPainRelief(prepare(text)), text).toEqual(extractPainRelief(text));
  });

  it('keeps UTF-16 offsets after astral characters', () => {
    const text = '🙂🙂 Note: he reports 60% relief.';
    const f = one(text);
    expect(text.slice(f.span.start, f.span.end), text).toBe('60% relief');
  });

  it('throws a TypeError naming the function for anything but a string or a prepared document', () => {
    expect(() => extractPainRelief(42 as unknown as string)).toThrow(TypeError);
    expect(() => extractPainRelief({ text: 'secret note' } as unknown as string)).toThrow(/extractPainRelief/);
    expect(() => extractPainRelief({ text: 'secret note' } as unknown as string)).not.toThrow(/secret/);
  });
});

describe('extractPainRelief: annotated corpus', () => {
  const snippets = readCorpus('corpora/annotated/relief.jsonl');

  it('has every fact inside its snippet with text equal to the slice', () => {
    for (const s of snippets) relief(s.text);
  });

  it('scores F1 >= 0.95 on percent', () => {
    const s = score('relief', snippets, ['percent'], extractPainRelief);
    const errors = s.errors.map((e) => `${e.kind} ${e.id} ${JSON.stringify(e.fact)}`).join('\n');
    expect(s.f1, `F1 on relief.jsonl; errors:\n${errors}`).toBeGreaterThanOrEqual(0.95);
  });
});
