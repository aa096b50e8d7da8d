import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lib, { FunctionalStatementSchema, prepare } from '../lib.js';

const { extractFunctionalStatements } = lib;

function only(text: string) {
  const facts = extractFunctionalStatements(text);
  expect(facts, `one statement in ${JSON.stringify(text)}: ${JSON.stringify(facts)}`).toHaveLength(1);
  return facts[0]!;
}

function none(text: string) {
  const facts = extractFunctionalStatements(text);
  expect(facts, `no statement in ${JSON.stringify(text)}: ${JSON.stringify(facts)}`).toEqual([]);
}

describe('extractFunctionalStatements: improvements', () => {
  it("reads 'can now walk 20 minutes without a cane' as a specific improvement", () => {
    const text = 'She can now walk 20 minutes without a cane.';
    const f = only(text);
    expect(f.kind, text).toBe('improvement');
    expect(f.specific, text).toBe(true);
    expect(f.activity, text).toBe('walking');
    expect(f.measure, text).toEqual({ value: 20, unit: 'minute' });
    expect(f.device, text).toBe('cane');
    expect(f.negated, `"without a cane" does not negate ${JSON.stringify(text)}`).toBe(false);
    expect(f.text, text).toBe(text.slice(f.span.start, f.span.end));
  });

  it("reads 'sit for 2 hours', 'lift 25 lbs', 'walk 2 blocks' and 'one flight of stairs' with their measures", () => {
    const cases: [string, string, { value: number; unit: string }][] = [
      ['Since the injection he is able to sit for 2 hours.', 'sitting', { value: 2, unit: 'hour' }],
      ['She can now lift 25 lbs at work.', 'lifting', { value: 25, unit: 'pound' }],
      ['He is now able to walk 2 blocks.', 'walking', { value: 2, unit: 'block' }],
      ['She can climb one flight of stairs without stopping.', 'stairs', { value: 1, unit: 'flight' }],
    ];
    for (const [text, activity, measure] of cases) {
      const f = only(text);
      expect([f.kind, f.specific, f.activity], text).toEqual(['improvement', true, activity]);
      expect(f.measure, text).toEqual(measure);
    }
  });

  it('reads a concrete capability change as specific without a measure', () => {
    for (const text of [
      'She no longer needs a walker.',
      'He has returned to work full duty.',
      'She is sleeping through the night.',
      'She is now able to do the dishes.',
    ]) {
      const f = only(text);
      expect([f.kind, f.specific], text).toEqual(['improvement', true]);
    }
  });

  it("reads 'ODI improved from 48% to 22%' as a specific improvement on the ODI", () => {
    const text = 'ODI improved from 48% to 22%.';
    const f = only(text);
    expect([f.kind, f.specific], text).toEqual(['improvement', true]);
    expect(f.scale, text).toEqual({ name: 'odi', from: 48, to: 22 });
  });

  it("reads 'walking is better' as a non-specific improvement", () => {
    const text = 'His walking is better since the injection.';
    const f = only(text);
    expect([f.kind, f.specific, f.activity], text).toEqual(['improvement', false, 'walking']);
  });
});

describe('extractFunctionalStatements: vague claims and negation', () => {
  it("reads 'pain is better', 'doing well' and 'function improved' as vague", () => {
    for (const text of ['Pain is better.', 'The patient is doing well.', 'Function improved after the injection.', 'She feels better overall.']) {
      const f = only(text);
      expect([f.kind, f.specific, f.negated], text).toEqual(['vague', false, false]);
    }
  });

  it("does not count 'no functional improvement' as an improvement", () => {
    for (const text of ['No functional improvement reported.', 'Walking has not improved.', 'She states her function is unchanged.']) {
      const facts = extractFunctionalStatements(text);
      expect(facts.some((f) => f.kind === 'improvement'), `no improvement in ${JSON.stringify(text)}`).toBe(false);
      expect(facts.map((f) => [f.kind, f.negated]), text).toEqual([['vague', true]]);
    }
  });

  it("does not read 'denies difficulty walking' as a limitation", () => {
    none('Denies difficulty walking.');
    none('No difficulty with ambulation.');
  });
});

describe('extractFunctionalStatements: limitations', () => {
  it("reads 'unable to stand for more than 10 minutes' as a specific limitation", () => {
    const text = 'Unable to stand for more than 10 minutes.';
    const f = only(text);
    expect([f.kind, f.specific, f.activity], text).toEqual(['limitation', true, 'standing']);
    expect(f.measure, text).toEqual({ value: 10, unit: 'minute' });
  });

  it("reads 'has to stop after walking half a block' with a measure of 0.5 block", () => {
    const text = 'She has to stop after walking half a block.';
    const f = only(text);
    expect([f.kind, f.specific], text).toEqual(['limitation', true]);
    expect(f.measure, text).toEqual({ value: 0.5, unit: 'block' });
  });

  it("reads 'ambulates with a cane' as a specific limitation with its device", () => {
    const text = 'Ambulates with a cane.';
    const f = only(text);
    expect([f.kind, f.specific, f.device], text).toEqual(['limitation', true, 'cane']);
  });

  it("reads 'difficulty with prolonged standing' as a non-specific limitation", () => {
    const text = 'He has difficulty with prolonged standing.';
    const f = only(text);
    expect([f.kind, f.specific, f.activity], text).toEqual(['limitation', false, 'standing']);
  });

  it("reads 'able to walk half a mile but is limited' as a limitation", () => {
    const text = 'He is able to walk approximately a 1/2-mile a day but is limited because of his knees.';
    const f = only(text);
    expect([f.kind, f.specific], text).toEqual(['limitation', true]);
    expect(f.measure, text).toEqual({ value: 0.5, unit: 'mile' });
  });
});

describe('extractFunctionalStatements: not functional statements', () => {
  it("ignores 'tolerated the procedure well'", () => {
    none('The patient tolerated the procedure well.');
    none('The patient tolerated the procedure well and was discharged in stable condition.');
  });

  it("ignores exam manoeuvres such as 'walks into clinic' and 'heel and toe walk'", () => {
    none('She walked into clinic today.');
    none('He is able to heel and toe walk.');
    none('The patient was placed in the sitting position.');
  });

  it('ignores goals, plans and instructions', () => {
    none('Goal: will be able to walk 30 minutes.');
    none('Plan: return to work full duty in 2 weeks if tolerated.');
    none('She is instructed not to lift, push or pull anything greater than 10 pounds.');
  });

  it("ignores another person's function and the patient's earlier function", () => {
    none('FAMILY HISTORY: Father was unable to walk after his stroke.');
    none('Her mother is wheelchair bound.');
    none('Prior to the accident he could sit for 10 hours.');
  });

  it('ignores aggravating-factor lists and measured pain', () => {
    none('Aggravating factors include walking, bending and lifting.');
    none('Pain decreased from 8/10 to 3/10 after the block.');
  });
});

describe('extractFunctionalStatements: conventions of corpora/ANNOTATION.md', () => {
  it('reads a total inability as a specific limitation and a partial one as non-specific', () => {
    for (const text of ['He is unable to walk.', 'She has not been able to drive since the surgery.', 'He is unable to sleep because of pain.', 'Avoids driving because of the neck pain.']) {
      const f = only(text);
      expect([f.kind, f.specific], text).toEqual(['limitation', true]);
    }
    for (const text of ['He is unable to walk long distances.', 'She cannot lift heavy objects.', 'He has difficulty sleeping at night.', 'His activities of daily living are severely limited.']) {
      const f = only(text);
      expect([f.kind, f.specific], text).toEqual(['limitation', false]);
    }
  });

  it('reads an ability that ends when the pain sets in as a limitation', () => {
    for (const text of ['Can sit for about 20 min before the buttock pain forces him to get up.', 'She can drive for about 30 minutes until the numbness sets in.']) {
      const f = only(text);
      expect([f.kind, f.specific], text).toEqual(['limitation', true]);
      expect(f.measure?.unit, text).toBe('minute');
    }
  });

  it("reads 'one step at a time' and a handrail as a specific stairs limitation", () => {
    for (const text of ['Stairs are negotiated 1 at a time.', 'Climbs stairs one step at a time holding the railing.']) {
      const f = only(text);
      expect([f.kind, f.specific], text).toEqual(['limitation', true]);
    }
    none('He reached out to grab the hand railing.');
  });

  it('reads regained independence, a concrete task and a device left behind as specific improvements', () => {
    for (const text of [
      'He is independent with bathing and dressing again.',
      'She can now pick up her 2-year-old and carry him to the car.',
      'Previously used a walker; now ambulating independently without assistive device.',
      'Follow-up: doing much better, was able to go on a week-long trip.',
    ]) {
      const facts = extractFunctionalStatements(text);
      expect(facts.filter((f) => f.kind === 'improvement' && f.specific).length, `${JSON.stringify(text)}: ${JSON.stringify(facts)}`).toBe(1);
    }
    none('She is independent with ADLs.');
    none('Patient is independent with ambulation without assistive device.');
  });

  it('gives each measured or concrete activity of a list its own statement', () => {
    const text = 'Since the stimulator trial he has been mowing the lawn and walking the dog 2 miles daily.';
    const facts = extractFunctionalStatements(text);
    expect(facts.map((f) => [f.kind, f.specific, f.activity]), text).toEqual([
      ['improvement', true, 'household'],
      ['improvement', true, 'walking'],
    ]);
  });

  it("reads 'Better.', 'doing much better' and 'ADLs are increased' as vague, and a claim after a comma as its own", () => {
    for (const text of ['Better.', 'Follow-up: doing much better.', 'Her activities of daily living are increased.', 'Mobility has improved.']) {
      const f = only(text);
      expect([f.kind, f.specific, f.negated], text).toEqual(['vague', false, false]);
    }
    const text = 'She is doing a lot better, that she is more active.';
    expect(extractFunctionalStatements(text).map((f) => f.kind), text).toEqual(['vague', 'vague']);
    const joined = 'He states the injection helped a lot and he is doing much better.';
    expect(extractFunctionalStatements(joined).map((f) => f.kind), joined).toEqual(['vague']);
  });

  it("reads 'no change in his activity level' as a negated vague claim", () => {
    const text = 'No change in his activity level though.';
    const f = only(text);
    expect([f.kind, f.specific, f.negated], text).toEqual(['vague', false, true]);
  });

  it('keeps the negation of one claim off the next statement', () => {
    const text = 'He is not doing well and cannot work.';
    expect(extractFunctionalStatements(text).map((f) => [f.kind, f.negated]), text).toEqual([
      ['vague', true],
      ['limitation', false],
    ]);
  });

  it('ignores a single scale score, consent risks, a prognosis and a gait exam without a device', () => {
    none('ODI 44%.');
    none('PEG 8 today.');
    none('Risks discussed including bleeding, infection, nerve injury and inability to walk.');
    none('The prognosis here for any improvement or return to work is zero.');
    none('Gait: steady, no assistive device. Heel and toe walk intact.');
    none('Follow-up: return in 4 weeks to reassess walking tolerance.');
  });
});

describe('extractFunctionalStatements: contract', () => {
  const corpus = readFileSync('corpora/annotated/functional.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string });

  it('returns facts that match the schema, with text equal to the spanned slice, on every corpus snippet', () => {
    for (const s of corpus) {
      for (const f of extractFunctionalStatements(s.text)) {
        expect(FunctionalStatementSchema.safeParse(f).success, `${s.id} ${JSON.stringify(s.text)}: ${JSON.stringify(f)}`).toBe(true);
        expect(f.text, `${s.id} ${JSON.stringify(s.text)}`).toBe(s.text.slice(f.span.start, f.span.end));
        expect(f.span.end > f.span.start, `${s.id} ${JSON.stringify(s.text)}`).toBe(true);
        if (f.kind === 'vague') expect(f.specific, `${s.id} vague is never specific`).toBe(false);
        if (f.negated) expect(f.kind, `${s.id} a negated statement is never an improvement`).not.toBe('improvement');
      }
    }
  });

  it('gives the same facts for a string and for its prepared document', () => {
    const text = 'HPI: She can now walk 20 minutes. She is unable to sit longer than 30 minutes. Doing well overall.';
    expect(extractFunctionalStatements(prepare(text)), text).toEqual(extractFunctionalStatements(text));
  });

  it('returns an empty list for empty or unrelated text', () => {
    none('');
    none('Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.');
  });

  it('throws a TypeError that does not echo the input for anything but a string or a prepared document', () => {
    for (const bad of [undefined, null, 42, { text: 'walks 2 blocks' }]) {
      expect(() => extractFunctionalStatements(bad as unknown as string), typeof bad).toThrow(TypeError);
    }
    try {
      extractFunctionalStatements({ text: 'walks 2 blocks' } as unknown as string);
    } catch (e) {
      expect((e as Error).message, 'no note text in the error').not.toContain('walks 2 blocks');
    }
  });

  it('runs in linear time on long repetitive input', () => {
    const text = 'can walk 20 20 20 minutes without without a a cane '.repeat(4000) + 'x'.repeat(50000);
    const t0 = performance.now();
    extractFunctionalStatements(text);
    expect(performance.now() - t0, 'a 250 KB adversarial note').toBeLessThan(5000);
  });
});
