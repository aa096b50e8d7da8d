import { describe, expect, it } from 'vitest';
import { checked } from '../checked.js';
import lib from '../lib.js';

const { extractProcedures, extractProcedureCodes, prepare, ProcedureMentionSchema, ProcedureCodeSchema } = lib;

const procedures = checked(extractProcedures, ProcedureMentionSchema);
const codes = checked(extractProcedureCodes, ProcedureCodeSchema);

function summary(text: string) {
  return procedures(text).map((p) => ({ type: p.type, status: p.status, levels: p.levels, laterality: p.laterality }));
}

describe('extractProcedures: type, levels, side', () => {
  it('drops an unchecked template box and reads the Level(s) and Side fields of the checked one', () => {
    const text = 'PROCEDURE PERFORMED: [ ] Interlaminar ESI  [x] Transforaminal ESI   Level(s): L4-5, L5-S1   Side: Left';
    expect(summary(text), text).toEqual([{ type: 'transforaminal-esi', status: 'performed', levels: ['L4-5', 'L5-S1'], laterality: 'left' }]);
  });

  it("reads a lone capital 'L' or 'R' before the name or its levels as the side, but not a level letter", () => {
    const text = 's/p L TFESI L5-S1 with relief; Hx: R L4-5 SI joint injection.';
    expect(procedures(text).map((p) => p.laterality), text).toEqual(['left', 'right']);
    const levelOnly = 'PROCEDURE: L5 kyphoplasty.';
    expect(procedures(levelOnly)[0]?.laterality, levelOnly).toBeUndefined();
  });

  it("reads facet 'denervated'/'denervation procedure' as RFA but not EMG denervation", () => {
    const text = 'Her lumbar facet joints were denervated 6 months ago. The denervation procedure helped.';
    expect(summary(text).map((p) => [p.type, p.status]), text).toEqual([['radiofrequency-ablation', 'prior'], ['radiofrequency-ablation', 'prior']]);
    const emg = 'EMG showed active denervation in the L5 myotome.';
    expect(procedures(emg), emg).toEqual([]);
  });

  it('dates a procedure by what finally happened to it in the sentence', () => {
    const cases: [string, string][] = [
      ['Her treatment plan will consist of trigger point injections, which were performed today.', 'performed'],
      ['T12 kyphoplasty was recommended, but the patient does not wish to proceed at this time.', 'negated'],
      ['Successful SCS trial with 70% relief.', 'prior'],
      ['After she has had her second epidural injection, she will return to clinic.', 'planned'],
      ['HISTORY: The patient is to come to the hospital for L1 kyphoplasty.', 'planned'],
      ['PRIOR INTERVENTIONS: L4-5 ILESI x2.', 'prior'],
    ];
    for (const [text, status] of cases) expect(procedures(text).map((p) => p.status), text).toEqual([status]);
  });

  it("reads 'Left L5-S1 transforaminal epidural steroid injection' in a PROCEDURE section as performed, lumbar, left", () => {
    const text = 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection.';
    const [p, ...rest] = procedures(text);
    expect(rest, text).toEqual([]);
    expect(p, text).toMatchObject({ type: 'transforaminal-esi', status: 'performed', region: 'lumbar', levels: ['L5-S1'], laterality: 'left', approach: 'transforaminal' });
  });

  it("normalizes 'L4-5', 'L4/5', 'L4-L5' to L4-5 and expands 'L3-5' to L3-4 and L4-5", () => {
    for (const written of ['L4-5', 'L4/5', 'L4-L5']) {
      const text = `PROCEDURE: Right ${written} facet joint injection.`;
      expect(procedures(text)[0]?.levels, text).toEqual(['L4-5']);
    }
    const text = 'Will schedule bilateral L3-5 RFA.';
    expect(summary(text), text).toEqual([{ type: 'radiofrequency-ablation', status: 'planned', levels: ['L3-4', 'L4-5'], laterality: 'bilateral' }]);
  });

  it("keeps single levels for medial branches ('Right L3, L4 and L5 medial branch blocks')", () => {
    const text = 'PROCEDURE: Right L3, L4 and L5 medial branch blocks.';
    expect(summary(text), text).toEqual([{ type: 'medial-branch-block', status: 'performed', levels: ['L3', 'L4', 'L5'], laterality: 'right' }]);
  });

  it('gives each item of a list its own levels and side', () => {
    const text = 'PROCEDURE: Left L3-L4 transforaminal epidural steroid injection (L3 nerve root) and Right L4-L5 transforaminal epidural steroid injection (L4 nerve root).';
    expect(summary(text), text).toEqual([
      { type: 'transforaminal-esi', status: 'performed', levels: ['L3-4'], laterality: 'left' },
      { type: 'transforaminal-esi', status: 'performed', levels: ['L4-5'], laterality: 'right' },
    ]);
  });

  it("types an unspecified ESI by its approach ('using a paramedian approach' is interlaminar, 'intralaminar' too)", () => {
    for (const text of ['Lumbar epidural steroid injection at L4-L5 using a paramedian approach.', 'Lumbar epidural steroid injection, intralaminar approach.']) {
      expect(procedures(text)[0]?.type, text).toBe('interlaminar-esi');
    }
    const text = 'Lumbar epidural steroid injection, L5-S1.';
    expect(procedures(text)[0]?.type, text).toBe('esi-unspecified');
  });

  it("reads a bare 'spinal cord stimulator' as the implant unless 'trial' stands next to it", () => {
    expect(procedures('Candidate for a spinal cord stimulator.')[0]?.type, 'bare device').toBe('scs-implant');
    expect(procedures('Plan: spinal cord stimulator (SCS) trial.')[0]?.type, 'SCS trial').toBe('scs-trial');
  });

  it('merges a name and its abbreviation into one mention', () => {
    const text = 'PROCEDURE: Radiofrequency thermocoagulation (RFTC) of the left L3, L4 medial branches.';
    expect(summary(text), text).toEqual([{ type: 'radiofrequency-ablation', status: 'performed', levels: ['L3', 'L4'], laterality: 'left' }]);
  });
});

describe('extractProcedures: status', () => {
  it("reads 's/p L4-5 TFESI in March' as prior and 'will schedule L5-S1 TFESI' as planned in one sentence", () => {
    const text = 's/p L4-5 TFESI in March with 70% relief; will schedule L5-S1 TFESI.';
    expect(summary(text).map((p) => `${p.status} ${p.levels.join(',')}`), text).toEqual(['prior L4-5', 'planned L5-S1']);
  });

  it('reads declined, never had and cancelled procedures as negated', () => {
    for (const text of ['She declined further epidural steroid injections.', 'He has never had a spinal cord stimulator trial.', 'The planned right L4-5 RFA was cancelled.', 'I do not think this patient is a good candidate for spinal cord stimulation.']) {
      expect(procedures(text).map((p) => p.status), text).toEqual(['negated']);
    }
  });

  it('uses the section when no cue says otherwise: PLAN is planned, HPI prior, PROCEDURE performed', () => {
    const text = 'HISTORY OF PRESENT ILLNESS: Bilateral L4-5 facet injections gave 2 days of relief.\nPROCEDURE: Bilateral L4-5 medial branch blocks.\nPLAN: Bilateral L4-5 RFA.';
    expect(procedures(text).map((p) => `${p.type}:${p.status}`), text).toEqual(['facet-joint-injection:prior', 'medial-branch-block:performed', 'radiofrequency-ablation:planned']);
  });

  it('drops procedures of family members', () => {
    for (const text of ['Family history: mother had a kyphoplasty.', 'Her mother had a spinal cord stimulator.']) expect(procedures(text), text).toEqual([]);
  });

  it("does not read anesthesia epidurals, epidural hematomas, facet arthropathy or 'RF' (rheumatoid factor) as procedures", () => {
    for (const text of ['ANESTHESIA: General endotracheal with epidural.', 'Epidural hematoma at T11-12 was evacuated.', 'Lumbar facet arthropathy at L4-5.', 'RF was negative and ESR was 12.', 'Multiple trigger points palpated in the trapezius.']) {
      expect(procedures(text), text).toEqual([]);
    }
  });

  it('accepts a prepared document and gives the same facts as the string', () => {
    const text = 'PROCEDURE: Right L5 selective nerve root block (CPT 64483).';
    expect(procedures(text), text).toEqual(extractProcedures(prepare(text)));
    expect(procedures(text)[0]?.codes, text).toEqual(['64483']);
  });
});

describe('extractProcedureCodes', () => {
  it('reads codes after a code word, with units and the type and region of the table', () => {
    const text = 'CPT: 64483-LT, 64484 x2, 77003.';
    expect(codes(text).map((c) => [c.code, c.type, c.region, c.units]), text).toEqual([
      ['64483', 'transforaminal-esi', 'lumbar', undefined],
      ['64484', 'transforaminal-esi', 'lumbar', 2],
      ['77003', undefined, undefined, undefined],
    ]);
  });

  it('reads HCPCS codes and a code followed by its descriptor', () => {
    const text = 'G0260 right SI joint injection.\n64483 LT, Injection, anesthetic agent and/or steroid, transforaminal epidural.';
    expect(codes(text).map((c) => `${c.code}:${c.system}`), text).toEqual(['G0260:hcpcs', '64483:cpt']);
  });

  it('refuses record numbers, phone numbers, zip codes, dates and bare numbers', () => {
    for (const text of ['MRN: 64483.', 'Phone 555-64483.', 'Kansas City, MO 64450.', 'Seen 12/20552 for follow-up.', 'The count was 64483 at noon.', 'Zip 64450-1234']) {
      expect(codes(text), text).toEqual([]);
    }
  });
});

describe('extractProcedures: follow-up visits', () => {
  it("reads a procedure a follow-up visit is timed from ('6 weeks after', 'follow-up after', 'RFA follow-up') as prior", () => {
    for (const text of [
      'Seen 6 weeks after right L4-5 TFESI, doing better.',
      'Follow-up after left C6-7 interlaminar ESI.',
      'Three months post bilateral L4-5 RFA; pain returned.',
      'RFA follow-up: walking farther.',
    ]) {
      expect(procedures(text).map((p) => p.status), text).toEqual(['prior']);
    }
  });

  it("keeps today's procedure performed when the plan mentions a follow-up after it", () => {
    const text = 'PROCEDURE: Right L4-5 TFESI was performed today. Plan: follow-up in 2 weeks.';
    expect(summary(text), text).toEqual([{ type: 'transforaminal-esi', status: 'performed', levels: ['L4-5'], laterality: 'right' }]);
  });

  it("does not read a name that only times a score ('7/10 pre-RFA', 'post-TFESI') as a procedure mention", () => {
    const text = 'Pain 2/10 vs 7/10 pre-RFA. Post-TFESI pain 1/10.';
    expect(procedures(text), text).toEqual([]);
  });

  it("reads 'sacroiliac joint/posterior rami injections' (two targets sharing one head noun) as an SI joint injection", () => {
    const text = 'PROCEDURE: Right sacroiliac joint/posterior rami injections with fluoroscopy.';
    expect(summary(text), text).toEqual([{ type: 'si-joint-injection', status: 'performed', levels: [], laterality: 'right' }]);
  });
});
