import { describe, expect, it } from 'vitest';
import { locate, readCorpus } from '../../scripts/eval/corpus.js';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractConservativeTherapy, prepare, TherapyMentionSchema } = lib;

type Mention = ReturnType<typeof extractConservativeTherapy>[number];

const facts = checked(extractConservativeTherapy, TherapyMentionSchema);

function one(text: string): Mention {
  const out = facts(text);
  expect(out.length, `one therapy in ${JSON.stringify(text)}: ${JSON.stringify(out)}`).toBe(1);
  return out[0] as Mention;
}

function none(text: string): void {
  expect(facts(text), `no therapy in ${JSON.stringify(text)}`).toEqual([]);
}

function brief(text: string): string[] {
  return facts(text).map((f) => [f.modality, f.status, f.outcome ?? '-', f.drug ?? '-'].join(' '));
}

describe('extractConservativeTherapy: modality, status, outcome, duration', () => {
  it("reads 'completed 6 weeks of PT without relief' as tried, failed, 6 weeks", () => {
    const text = 'He completed 6 weeks of PT without relief.';
    const f = one(text);
    expect([f.modality, f.status, f.outcome, f.durationWeeks], text).toEqual(['physical-therapy', 'tried', 'failed', 6]);
    expect(f.text, text).toBe('completed 6 weeks of PT without relief');
  });

  it('reads spelled and month durations in weeks', () => {
    expect(one('Patient completed twelve weeks of formal physical therapy.').durationWeeks, 'twelve weeks').toBe(12);
    expect(one('She has tried physical therapy for 2 months with minimal improvement.').durationWeeks, '2 months').toBeCloseTo(8.69, 2);
  });

  it("reads 'PT from 01/2025 to 03/2025' as dates as precise as written, with the duration from them", () => {
    const text = 'PT from 01/2025 to 03/2025 helped only briefly.';
    const f = one(text);
    expect(f.dates, text).toEqual({ start: '2025-01', end: '2025-03' });
    expect(f.durationWeeks, text).toBeCloseTo(8.69, 2);
    expect(f.outcome, text).toBe('partial');
  });

  it("reads visit counts ('12 sessions', 'eight or nine visits' as at least 8)", () => {
    expect(one('She attended 12 sessions of physical therapy without relief.').visits, '12 sessions').toBe(12);
    expect(one('He received eight or nine visits of chiropractic care.').visits, 'eight or nine visits').toBe(8);
    expect(one('Physical therapy twice a week for 6 weeks.').visits, 'a frequency is not a count').toBeUndefined();
  });

  it('reads each status from its cue', () => {
    const cases: [string, string][] = [
      ['She completed physical therapy last year.', 'tried'],
      ['She is currently taking ibuprofen 600 mg t.i.d.', 'current'],
      ['He continues gabapentin 300 mg t.i.d.', 'current'],
      ['Plan: start PT 2x/week.', 'planned'],
      ['Rx: PT 2x/week x 6 weeks.', 'planned'],
      ['We will consider chiropractic care.', 'planned'],
      ['She declined PT.', 'declined'],
      ['Physical therapy was declined by the patient.', 'declined'],
      ['He has not had any physical therapy.', 'not-tried'],
      ['No history of chiropractic care.', 'not-tried'],
      ['She has never tried acupuncture.', 'not-tried'],
    ];
    for (const [text, status] of cases) expect(one(text).status, text).toBe(status);
  });

  it('reads each outcome from its cue', () => {
    const cases: [string, string][] = [
      ['Meloxicam did not help.', 'failed'],
      ['Tried physical therapy with minimal improvement.', 'failed'],
      ['Massage therapy gave temporary benefit.', 'partial'],
      ['Chiropractic adjustments helped only briefly.', 'partial'],
      ['She had physical therapy, which did help.', 'effective'],
      ['She is intolerant to NSAIDs.', 'not-tolerated'],
      ['She could not tolerate gabapentin.', 'not-tolerated'],
      ['Lyrica was stopped because of side effects.', 'not-tolerated'],
      ['Conservative care has failed.', 'failed'],
      ['Conservative measures have been exhausted.', 'failed'],
      ['Gabapentin helps the burning somewhat.', 'partial'],
      ['Ibuprofen did help initially.', 'partial'],
    ];
    for (const [text, outcome] of cases) expect(one(text).outcome, text).toBe(outcome);
  });

  it('maps brand names to the generic drug and its modality', () => {
    const text = 'Failed Motrin, Aleve, Celebrex, Neurontin, Cymbalta, Flexeril, Zanaflex, Norco, Percocet and Tylenol #3.';
    expect(brief(text), text).toEqual([
      'nsaid tried failed ibuprofen',
      'nsaid tried failed naproxen',
      'nsaid tried failed celecoxib',
      'neuropathic-medication tried failed gabapentin',
      'neuropathic-medication tried failed duloxetine',
      'muscle-relaxant tried failed cyclobenzaprine',
      'muscle-relaxant tried failed tizanidine',
      'opioid tried failed hydrocodone',
      'opioid tried failed oxycodone',
      'opioid tried failed codeine',
    ]);
  });

  it("reads the generic 'failed conservative therapy' as unspecified, and gives the items it lists their own facts too", () => {
    expect(brief('She has failed conservative therapy.'), 'generic').toEqual(['unspecified tried failed -']);
    const cases: [string, string[]][] = [
      ['Past conservative treatments include NSAID and muscle relaxant medications.', ['unspecified tried - -', 'nsaid tried - -', 'muscle-relaxant tried - -']],
      ['Failed conservative management including NSAIDs, PT and a TENS unit.', ['unspecified tried failed -', 'nsaid tried failed -', 'physical-therapy tried failed -', 'tens tried failed -']],
      ['Conservative treatment to date has included physical therapy and a lumbar brace.', ['unspecified tried - -', 'physical-therapy tried - -', 'bracing tried - -']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it('lets a leading outcome govern every therapy coordinated after it', () => {
    const text = 'Failed 8 weeks of formal physical therapy and 2 months of chiropractic care.';
    expect(brief(text), text).toEqual(['physical-therapy tried failed -', 'chiropractic tried failed -']);
    const own = 'Tried PT without relief and gabapentin, which helped.';
    expect(brief(own), own).toEqual(['physical-therapy tried failed -', 'neuropathic-medication tried effective gabapentin']);
    none('She feels exhausted and tired.');
  });

  it('keeps a class word named twice as two facts ("refuses opioids; wants to avoid narcotics")', () => {
    const text = 'Pt refuses opioids; wants to avoid narcotics.';
    expect(brief(text), text).toEqual(['opioid declined - -', 'opioid declined - -']);
    const twice = 'Not responsive to conservative care despite multiple attempts at conservative care.';
    expect(facts(twice).length, twice).toBe(2);
  });

  it('reads a combination product (Percocet, hydrocodone/APAP, Tylenol No. 3) as one opioid fact', () => {
    for (const text of ['Percocet 10/325 q4h prn.', 'Meds: hydrocodone/APAP 5/325 q6h prn.', 'She is using Tylenol No. 3 p.r.n.']) {
      expect(facts(text).map((f) => f.modality), text).toEqual(['opioid']);
    }
  });

  it("reads a denied history ('denies any history of', 'denies ever having tried') as not tried", () => {
    const cases: [string, string[]][] = [
      ['Denies any history of physical therapy, chiropractic, or injections.', ['physical-therapy not-tried - -', 'chiropractic not-tried - -']],
      ['She denies ever having tried acupuncture or massage.', ['acupuncture not-tried - -', 'massage not-tried - -']],
      ['He does not have any history of chiropractic care.', ['chiropractic not-tried - -']],
    ];
    for (const [text, want] of cases) expect(brief(text), text).toEqual(want);
  });

  it("reads what a negation excepts ('other than', 'besides', 'except for') as tried or taken", () => {
    const cases: [string, string][] = [
      ['Has not tried any medications other than ibuprofen, which did help initially.', 'tried'],
      ['Has not had any therapy except for two chiropractic visits.', 'tried'],
      ['He takes no medications other than Tylenol.', 'current'],
    ];
    for (const [text, status] of cases) expect(one(text).status, text).toBe(status);
  });

  it('reads abbreviations (Chiro, Physio, PT exercises)', () => {
    const chiro = one('Chiro x 12 visits last year with temporary benefit.');
    expect([chiro.modality, chiro.status, chiro.outcome, chiro.visits], 'Chiro x 12 visits').toEqual(['chiropractic', 'tried', 'partial', 12]);
    expect(one('Physio for 6 weeks last year.').modality, 'Physio').toBe('physical-therapy');
    expect(one('Continue to do physical therapy exercises.').modality, 'physical therapy exercises are done at home').toBe('home-exercise');
  });

  it('reads a session frequency or dose without a course length as a routine still followed', () => {
    const cases: [string, string][] = [
      ['Massage therapy twice a month, which did help her neck tightness.', 'current'],
      ['Acupuncture every other week, which has helped her sleep.', 'current'],
      ['Pain is unchanged despite hydrocodone 5/325 up to three times daily.', 'current'],
      ['PT twice a week for 8 weeks, which did not help.', 'tried'],
      ['Acetaminophen 1 g t.i.d. has not helped.', 'tried'],
      ['Naproxen 500 BID x 3 months - minimal improvement.', 'tried'],
    ];
    for (const [text, status] of cases) expect(one(text).status, text).toBe(status);
    expect(one('Hydrocodone 5/325 three times daily.').visits, 'three times daily is a dose, not three visits').toBeUndefined();
  });

  it("reads avoidance of aggravating activities as activity modification, with the verb's tense", () => {
    const cases: [string, string][] = [
      ['Has been wearing a lumbar corset and avoiding heavy lifting at work.', 'current'],
      ['He refrains from heavy lifting since the injury.', 'current'],
      ['She was advised to avoid repetitive overhead reaching.', 'planned'],
      ['No lifting over 15 lbs until follow-up.', 'planned'],
    ];
    for (const [text, status] of cases) {
      const got = facts(text).filter((f) => f.modality === 'activity-modification');
      expect(got.map((f) => f.status), text).toEqual([status]);
    }
    const listed = 'Advised activity modification: avoid bending and twisting, no lifting >20 lb.';
    expect(brief(listed), 'the detail after a colon is the same activity modification').toEqual(['activity-modification planned - -']);
    none('Advised to avoid alcohol while taking this.');
  });

  it("reads 'refer back to', 'referral placed' as planned and a past 'was referred back to' as tried", () => {
    expect(one('Referred back to his chiropractor before considering another injection.').status).toBe('planned');
    expect(one('Sent back to his physical therapist for a new program.').status).toBe('planned');
    expect(brief('Recommend CBT for pain coping skills; referral placed to Dr. Lee (pain psychology).')).toEqual(['cognitive-behavioral-therapy planned - -']);
    expect(one('She was referred back to PT last spring without benefit.').status).toBe('tried');
  });

  it('keeps cues to their own clause ("Ibuprofen helped but gabapentin caused drowsiness")', () => {
    const text = 'Ibuprofen helped but gabapentin caused drowsiness.';
    expect(brief(text), text).toEqual(['nsaid tried effective ibuprofen', 'neuropathic-medication tried not-tolerated gabapentin']);
  });

  it('uses the section: a MEDICATIONS list is current, a PLAN is planned', () => {
    const meds = 'MEDICATIONS: Naproxen 500 mg b.i.d., Flexeril 10 mg q.h.s.';
    expect(facts(meds).map((f) => f.status), meds).toEqual(['current', 'current']);
    const plan = 'PLAN: 1. Gabapentin 100 mg q.h.s. 2. Home exercise program.';
    expect(facts(plan).map((f) => f.status), plan).toEqual(['planned', 'planned']);
  });

  it('accepts a prepared document and gives the same facts', () => {
    const text = 'He completed 6 weeks of PT without relief and takes Celebrex daily.';
    expect(extractConservativeTherapy(prepare(text)), text).toEqual(extractConservativeTherapy(text));
  });
});

describe('extractConservativeTherapy: what is not conservative therapy', () => {
  it('ignores PT/INR lab values', () => {
    for (const text of ['Labs: PT 12.5, INR 1.1.', 'PT/PTT within normal limits.', 'CBC, PT and PTT were normal.', 'Coags: PT 14.2 sec, INR 1.2.', 'Prothrombin time (PT) was 13.1 seconds.']) none(text);
  });

  it("ignores 'Pt' meaning patient and PT meaning posterior tibial pulse", () => {
    none('Pt states the pain is worse at night.');
    none('Pulses: DP and PT pulses 2+ bilaterally.');
  });

  it('ignores radiation, respiratory, speech, occupational and psychotherapy', () => {
    for (const text of [
      'Status post radiation therapy to the pelvis.',
      'Respiratory therapy was consulted for nebulizer treatments.',
      'Speech therapy evaluation is pending.',
      'Occupational therapy for hand strengthening twice a week.',
      'He needs to undergo psychotherapy for his depression.',
    ])
      none(text);
  });

  it('ignores obstetric and carotid massage', () => {
    for (const text of ['The uterus was massaged and there was good tone.', 'Fundal massage was performed with Pitocin.', 'Carotid sinus massage did not terminate the tachycardia.']) none(text);
  });

  it('ignores allergy lists', () => {
    for (const text of ['ALLERGIES: IODINE, FISH OIL, FLEXERIL, BETADINE.', 'ALLERGIES: Codeine (hallucinations), Motrin (rash).', 'Allergic to morphine (itching) and Percocet (nausea).']) none(text);
  });

  it('ignores family history', () => {
    for (const text of ['FAMILY HISTORY: Mother had physical therapy for sciatica.', 'His mother had chiropractic care for years.', 'Aunt has chronic back pain treated with Lyrica.']) none(text);
  });

  it('ignores drugs given during a procedure and injectate', () => {
    for (const text of [
      'IV Toradol was given at the end of the procedure.',
      'Toradol 30 mg IV was administered in the recovery room.',
      'Depo-Medrol 80 mg and 3 cc of lidocaine were injected.',
      'PROCEDURE: Ketorolac 15 mg was given intravenously prior to the injection.',
      'INJECTATE: Methylprednisolone 40 mg, Ketorolac (Toradol) 6 mg, bupivacaine 2 cc.',
    ])
      none(text);
  });

  it('ignores general patient education about a therapy', () => {
    for (const text of [
      'Nonsteroidal anti-inflammatories can be helpful but typically are slow acting.',
      'Physical therapy can also be helpful, particularly if there is any loss of shoulder mobility.',
      'Acupuncture can be helpful for some patients with chronic neck pain.',
      'Physical therapy has been shown to reduce recurrence of low back pain.',
    ])
      none(text);
    expect(one('Recommend PT, which can help with core strength.').status, 'a recommendation that says why is not education').toBe('planned');
  });

  it('ignores braces removed or applied for surgery', () => {
    for (const text of ['Knee brace was removed and the leg was prepped and draped in sterile fashion.', 'A hinged knee brace was placed in the operating room after closure.']) none(text);
  });

  it('ignores a drug named as a lab value or a poisoning, not the drug next to it', () => {
    for (const text of ['Acetaminophen level <10 on admission labs.', 'Salicylate and acetaminophen levels were undetectable.', 'Serum acetaminophen 12 mcg/mL at 4 hours.']) none(text);
    expect(brief('Tylenol overdose in 2019; now takes ibuprofen 400 mg as needed.')).toEqual(['nsaid current - ibuprofen']);
    expect(one('Continues gabapentin, activity level improved.').drug).toBe('gabapentin');
  });

  it("ignores 'opioid dependence' and does not read a pain score as a date", () => {
    none('Opioid dependence for pain control.');
    expect(one('PT since March 2025, pain 8/10.').dates, 'PT since March 2025, pain 8/10.').toEqual({ start: '2025-03' });
  });
});

describe('extractConservativeTherapy: annotated corpus', () => {
  it('finds every annotated fact and nothing in the traps, across corpora/annotated/therapy.jsonl', () => {
    const snippets = readCorpus('corpora/annotated/therapy.jsonl');
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of snippets) {
      const got = facts(s.text);
      if (s.expect.length === 0) expect(got, `trap ${s.id}: ${JSON.stringify(s.text)}`).toEqual([]);
      const used = new Set<number>();
      for (const e of s.expect as { modality: string; status: string; text: string; occurrence?: number }[]) {
        const at = locate(s.text, e);
        const i = got.findIndex((g, j) => !used.has(j) && !!at && g.span.start < at.end && g.span.end > at.start && g.modality === e.modality && g.status === e.status);
        if (i < 0) fn++;
        else {
          used.add(i);
          tp++;
        }
      }
      fp += got.length - used.size;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1, `therapy F1 on ${snippets.length} snippets (tp ${tp}, fp ${fp}, fn ${fn})`).toBeGreaterThanOrEqual(0.92);
  });
});

describe('extractConservativeTherapy: input', () => {
  it('throws a TypeError naming the function for anything but a string or a prepared document', () => {
    expect(() => extractConservativeTherapy(42 as unknown as string)).toThrow(/extractConservativeTherapy/);
  });

  it('returns nothing for an empty note', () => {
    none('');
  });
});

describe('extractConservativeTherapy: shorthand histories', () => {
  it("reads 'failed 6 wk PT' and 'completed 10 weeks PT' with the duration glued to the name", () => {
    for (const [text, weeks] of [['Failed 6 wk PT.', 6], ['She completed 10 weeks PT.', 10]] as const) {
      const f = one(text);
      expect([f.modality, f.status, f.durationWeeks], text).toEqual(['physical-therapy', 'tried', weeks]);
    }
  });

  it("reads the length of a course started some time ago ('Started PT 2 weeks ago')", () => {
    const text = 'Started PT 2 weeks ago, not helping yet.';
    const f = one(text);
    expect([f.modality, f.outcome, f.durationWeeks], text).toEqual(['physical-therapy', 'failed', 2]);
  });

  it("reads 'failed conservative tx' as generic conservative care", () => {
    const text = 'Dx: low back pain. Failed conservative tx.';
    expect([one(text).modality, one(text).outcome], text).toEqual(['unspecified', 'failed']);
  });

  it('reads a history in a procedure section only when it says what became of the therapy', () => {
    const history = 'PROCEDURE: L4-5 ESI. Failed PT x 8 weeks and meloxicam.';
    expect(facts(history).map((f) => f.modality), history).toEqual(['physical-therapy', 'nsaid']);
    const inRoom = 'PROCEDURE: L4-5 ESI. Ice pack applied; Toradol 30 mg IV given.';
    expect(facts(inRoom), inRoom).toEqual([]);
  });
});
