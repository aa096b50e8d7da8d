/**
 * Seeded generator of synthetic interventional pain-management patient histories, labelled for the
 * history checks (`history/cloned-note`, `history/clone-run`, `history/documentation-decay`).
 *
 * Everything here is synthetic text written by the team (see README.md in this folder).
 *
 * Measured label distributions, exact Jaccard of word-3-gram shingles with numbers and dates masked
 * (`shingles`/`jaccard` from src/similarity), `npx tsx scripts/measure-histories.ts <seed> 400`:
 *
 *   seed 1 (3,149 notes)                          seed 2 (3,205 notes)
 *   clone, J to its source         0.939-0.989    0.938-0.989
 *   original, max J to any earlier 0.038-0.681    0.054-0.683
 *   partial edit, J to its source  0.355-0.712    0.352-0.705
 *   partial edit, max J to earlier 0.355-0.719    0.356-0.705
 *
 * so every label sits clear of the 0.85 clone threshold. generateNotes (no redraw): 6-11 of the first
 * 20,000 notes leave the test bounds (partial edits up to 0.86 to their source). Mean note length 2,052
 * characters (528-3,167).
 */
import { jaccard, shingles } from '../../src/similarity/index.js';

export type NoteLabel =
  | { kind: 'original' } // first note, or a freshly written note (not copied)
  | { kind: 'clone'; from: string } // copy-forward of note `from` with only dates / scores / vitals / a word or two changed
  | { kind: 'partial-edit'; from: string }; // copied from `from` but with substantial rewriting (several sections rewritten)

export interface GeneratedNote {
  id: string;
  patientId: string;
  /** Date of service, YYYY-MM-DD; increases within a history. */
  date: string;
  text: string;
  /** The visit's procedure code (see {@link PROCEDURES}); a clone keeps its source's. */
  procedure: string;
  label: NoteLabel;
  /** Decaying and mixed histories only: 0 for the fully specific first note, growing as the notes decay; a clone keeps its source's step. */
  decayStep?: number;
  /** The specificity elements this note states in vague words instead of facts (empty at full specificity). */
  decayed: DecayElement[];
}

export type HistoryProfile = 'independent' | 'cloning' | 'decaying' | 'mixed';

export interface GeneratedHistory {
  patientId: string;
  profile: HistoryProfile;
  /** True for 'decaying' and 'mixed' profiles. */
  decaying: boolean;
  notes: GeneratedNote[];
}

export interface GenerateOptions {
  seed?: number /* default 1 */;
  patients?: number /* default 60 */;
  minVisits?: number /* 3 */;
  maxVisits?: number /* 12 */;
}

/** The specificity elements that documentation decay replaces with vague wording, one at a time. */
export type DecayElement = 'therapy' | 'relief' | 'function' | 'scores' | 'detail';
const DECAY_ELEMENTS: readonly DecayElement[] = ['therapy', 'relief', 'function', 'scores', 'detail'];

/**
 * Procedure codes used in `GeneratedNote.procedure`; consultations and follow-up visits have their own.
 *
 * @example
 * PROCEDURES.includes('lumbar-transforaminal-esi'); // true
 */
export const PROCEDURES = [
  'consultation',
  'follow-up',
  'lumbar-transforaminal-esi',
  'lumbar-interlaminar-esi',
  'cervical-interlaminar-esi',
  'lumbar-medial-branch-block',
  'lumbar-radiofrequency-ablation',
  'cervical-medial-branch-block',
  'cervical-radiofrequency-ablation',
  'sacroiliac-joint-injection',
] as const;
type ProcedureCode = (typeof PROCEDURES)[number];

const PROFILES: readonly HistoryProfile[] = ['independent', 'cloning', 'decaying', 'mixed'];

// A fresh or partially edited note is redrawn until its Jaccard to every earlier note of the patient is at
// most this, so its label stays unambiguous well under the 0.85 clone threshold.
const FRESH_LIMIT = 0.72;
// A clone must stay at least this similar to its source (a copy-forward with a word or two changed).
const CLONE_FLOOR = 0.9;
// A partial edit keeps at least this much of its source: copied, then several sections rewritten.
const EDIT_FLOOR = 0.35;
const MAX_ATTEMPTS = 24;

// ---------------------------------------------------------------------------------------------------------
// PRNG: mulberry32 streams keyed by (seed, patient, visit, attempt), so every note is reproducible alone.

function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b ^ (b >>> 16), 0x9e3779b9)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }
  next(): number {
    return this.u32() / 4294967296;
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(arr: readonly [T, ...T[]]): T {
    return arr[Math.floor(this.next() * arr.length)] ?? arr[0];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Patient facts: fixed for a history, so fresh notes of one patient agree on side, level, drugs and history.

type Pathway = 'lumbar-radicular' | 'lumbar-facet' | 'cervical-radicular' | 'cervical-facet' | 'sacroiliac';
type VisitKind = 'consult' | 'procedure' | 'follow-up';

interface Activity {
  /** Specific limitation at baseline, with the measured value x. */
  limit: (p: Patient, x: number) => string;
  /** Specific improvement after treatment, with the measured value y. */
  improve: (p: Patient, y: number) => string;
  base: [number, number];
  better: [number, number];
}

interface Patient {
  id: string;
  age: number;
  he: string;
  He: string;
  his: string;
  him: string;
  noun: string;
  pathway: Pathway;
  side: string; // 'left' | 'right' | 'bilateral'
  Side: string;
  level: string; // "L4-5"
  levelLong: string; // "L4-L5"
  root: string; // "L5"
  facetLevels: string; // "L4-5 and L5-S1"
  region: string; // 'lumbar' | 'cervical'
  limb: string; // 'leg' | 'arm' | 'buttock'
  painSite: string;
  steroid: string;
  local: string;
  sequence: ProcedureCode[];
  onsetMonths: number;
  onset: string;
  ptWeeks: number;
  ptVisits: number;
  ptStart: string; // "March 2024"
  ptEnd: string;
  nsaid: string;
  nsaidMonths: number;
  second: string; // muscle relaxant or neuropathic drug sentence
  hepMonths: number;
  act1: Activity;
  act2: Activity;
  x1: number;
  x2: number;
  imaging: string;
  imagingYear: number;
  exam: string;
  comorbid: string;
  job: string;
  styleSeed: number; // the practice's template habits: slots marked `practice` keep one wording per patient
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
function monthName(m: number): string {
  return MONTHS[((m % 12) + 12) % 12] ?? 'January';
}

const ACTIVITIES: readonly [Activity, ...Activity[]] = [
  {
    limit: (p, x) => `${p.He} cannot walk more than ${x} minutes before the ${p.limb} pain makes ${p.him} stop`,
    improve: (p, y) => `${p.He} can now walk ${y} minutes without stopping`,
    base: [5, 15],
    better: [25, 60],
  },
  {
    limit: (p, x) => `${p.He} can walk only ${x} blocks before resting`,
    improve: (p, y) => `${p.He} now walks ${y} blocks to the store and back`,
    base: [1, 3],
    better: [6, 12],
  },
  {
    limit: (p, x) => `${p.He} cannot sit longer than ${x} minutes at a time`,
    improve: (p, y) => `${p.He} is able to sit for ${y} minutes through a meeting`,
    base: [10, 20],
    better: [45, 90],
  },
  {
    limit: (p, x) => `${p.He} can stand only ${x} minutes while cooking`,
    improve: (p, y) => `${p.He} can stand for ${y} minutes at the kitchen counter`,
    base: [5, 15],
    better: [30, 60],
  },
  {
    limit: (p, x) => `${p.He} sleeps only ${x} hours a night because the pain wakes ${p.him}`,
    improve: (p, y) => `${p.He} now sleeps ${y} hours a night`,
    base: [3, 4],
    better: [6, 8],
  },
  {
    limit: (p, x) => `${p.He} cannot lift more than ${x} pounds`,
    improve: (p, y) => `${p.He} is lifting ${y} pounds at work again`,
    base: [5, 10],
    better: [25, 40],
  },
  {
    limit: (p, x) => `${p.He} cannot drive longer than ${x} minutes`,
    improve: (p, y) => `${p.He} is driving ${y} minutes to work again`,
    base: [10, 20],
    better: [40, 70],
  },
];

const NSAIDS = ['ibuprofen 800 mg', 'naproxen 500 mg', 'meloxicam 15 mg', 'diclofenac 75 mg', 'celecoxib 200 mg'] as const;
const SECOND = [
  (m: number) => `Cyclobenzaprine at night for ${m} months helped sleep but not the pain.`,
  (m: number) => `Gabapentin was titrated over ${m} months and stopped for dizziness.`,
  (m: number) => `Tizanidine was tried for ${m} months without benefit.`,
  (m: number) => `Pregabalin 75 mg twice daily for ${m} months gave little relief.`,
  (m: number) => `Methocarbamol for ${m} months did not help.`,
] as const;
const STEROIDS = [
  'dexamethasone 10 mg',
  'triamcinolone 40 mg',
  'triamcinolone 80 mg',
  'methylprednisolone 80 mg',
  'betamethasone 12 mg',
] as const;
const LOCALS = ['1% lidocaine', '0.25% bupivacaine', '0.5% bupivacaine', '0.2% ropivacaine'] as const;
const ONSETS = [
  'after lifting boxes at work',
  'after a fall on ice',
  'after a motor vehicle collision',
  'without any injury',
  'while gardening',
  'after moving furniture',
  'gradually over several years',
] as const;
const COMORBID = [
  'hypertension and hyperlipidemia',
  'type 2 diabetes',
  'hypothyroidism',
  'obesity and sleep apnea',
  'anxiety and GERD',
  'no significant medical history',
  'osteoarthritis of both knees',
] as const;
const JOBS = ['a warehouse worker', 'a teacher', 'a nurse', 'retired', 'an office manager', 'a truck driver', 'a carpenter', 'a cashier'] as const;

function buildPatient(seed: number, index: number, idPrefix: string): Patient {
  const r = new Rng(mix(seed, index * 7 + 1));
  const female = r.chance(0.55);
  const pathway = r.pick<Pathway>(['lumbar-radicular', 'lumbar-radicular', 'lumbar-facet', 'cervical-radicular', 'cervical-facet', 'sacroiliac']);
  const cervical = pathway.startsWith('cervical');
  type Level = readonly [string, string, string];
  const lumbarLevels: readonly [Level, ...Level[]] = [
    ['L3-4', 'L3-L4', 'L4'],
    ['L4-5', 'L4-L5', 'L5'],
    ['L5-S1', 'L5-S1', 'S1'],
  ];
  const cervicalLevels: readonly [Level, ...Level[]] = [
    ['C5-6', 'C5-C6', 'C6'],
    ['C6-7', 'C6-C7', 'C7'],
    ['C4-5', 'C4-C5', 'C5'],
  ];
  const lv = cervical ? r.pick(cervicalLevels) : r.pick(lumbarLevels);
  const facetPairs = cervical ? ['C4-5 and C5-6', 'C5-6 and C6-7', 'C3-4 and C4-5'] : ['L3-4 and L4-5', 'L4-5 and L5-S1'];
  const bilateral = (pathway === 'lumbar-facet' || pathway === 'cervical-facet') && r.chance(0.5);
  const side = bilateral ? 'bilateral' : r.chance(0.5) ? 'left' : 'right';
  let sequence: ProcedureCode[];
  switch (pathway) {
    case 'lumbar-radicular':
      sequence = [r.chance(0.7) ? 'lumbar-transforaminal-esi' : 'lumbar-interlaminar-esi'];
      break;
    case 'cervical-radicular':
      sequence = ['cervical-interlaminar-esi'];
      break;
    case 'lumbar-facet':
      sequence = ['lumbar-medial-branch-block', 'lumbar-medial-branch-block', 'lumbar-radiofrequency-ablation'];
      break;
    case 'cervical-facet':
      sequence = ['cervical-medial-branch-block', 'cervical-medial-branch-block', 'cervical-radiofrequency-ablation'];
      break;
    case 'sacroiliac':
      sequence = ['sacroiliac-joint-injection'];
      break;
  }
  const firstYear = 2022 + r.int(0, 2);
  const ptEndMonth = r.int(0, 11);
  const ptWeeks = r.int(6, 12);
  const ptStartMonth = ptEndMonth - Math.round(ptWeeks / 4.3);
  const ptYear = firstYear;
  const startYear = ptStartMonth < 0 ? ptYear - 1 : ptYear;
  const a1 = r.int(0, ACTIVITIES.length - 1);
  const a2 = (a1 + r.int(1, ACTIVITIES.length - 1)) % ACTIVITIES.length;
  const act1 = ACTIVITIES[a1] ?? ACTIVITIES[0];
  const act2 = ACTIVITIES[a2] ?? ACTIVITIES[0];
  const he = female ? 'she' : 'he';
  const p: Patient = {
    id: `${idPrefix}${String(index + 1).padStart(4, '0')}`,
    age: r.int(34, 82),
    he,
    He: female ? 'She' : 'He',
    his: female ? 'her' : 'his',
    him: female ? 'her' : 'him',
    noun: female ? 'woman' : 'man',
    pathway,
    side,
    Side: side.charAt(0).toUpperCase() + side.slice(1),
    level: lv[0],
    levelLong: lv[1],
    root: lv[2],
    facetLevels: r.pick(facetPairs as [string, ...string[]]),
    region: cervical ? 'cervical' : 'lumbar',
    limb: cervical ? 'arm' : pathway === 'lumbar-radicular' ? 'leg' : 'buttock',
    painSite: cervical ? 'neck' : pathway === 'sacroiliac' ? 'low back and buttock' : 'low back',
    steroid: r.pick(STEROIDS),
    local: r.pick(LOCALS),
    sequence,
    onsetMonths: r.int(4, 36),
    onset: r.pick(ONSETS),
    ptWeeks,
    ptVisits: ptWeeks * 2,
    ptStart: `${monthName(ptStartMonth)} ${startYear}`,
    ptEnd: `${monthName(ptEndMonth)} ${ptYear}`,
    nsaid: r.pick(NSAIDS),
    nsaidMonths: r.int(2, 12),
    second: r.pick(SECOND)(r.int(1, 6)),
    hepMonths: r.int(2, 9),
    act1,
    act2,
    x1: r.int(act1.base[0], act1.base[1]),
    x2: r.int(act2.base[0], act2.base[1]),
    imaging: '',
    imagingYear: ptYear,
    exam: '',
    comorbid: r.pick(COMORBID),
    job: r.pick(JOBS),
    styleSeed: mix(seed, index * 7 + 2),
  };
  p.imaging = imagingFinding(p, r);
  p.exam = examFinding(p, r);
  return p;
}

function imagingFinding(p: Patient, r: Rng): string {
  switch (p.pathway) {
    case 'lumbar-radicular':
      return r.pick([
        `a ${p.side} paracentral disc protrusion at ${p.level} contacting the traversing ${p.root} nerve root`,
        `${p.side} foraminal stenosis at ${p.level} with a broad-based disc bulge`,
        `a ${p.side} subarticular disc extrusion at ${p.level} displacing the ${p.root} root`,
      ]);
    case 'cervical-radicular':
      return r.pick([
        `${p.side} foraminal narrowing at ${p.level} from uncovertebral spurring`,
        `a ${p.side} disc osteophyte complex at ${p.level} narrowing the foramen`,
      ]);
    case 'lumbar-facet':
    case 'cervical-facet':
      return r.pick([
        `facet arthropathy at ${p.facetLevels} without significant stenosis`,
        `hypertrophic facet joints at ${p.facetLevels} and mild disc degeneration`,
        `moderate facet degeneration at ${p.facetLevels} with small joint effusions`,
      ]);
    case 'sacroiliac':
      return r.pick([
        `mild sacroiliac joint sclerosis on the ${p.side} and no lumbar stenosis`,
        `degenerative change of the ${p.side} sacroiliac joint and mild lumbar spondylosis`,
      ]);
  }
}

function examFinding(p: Patient, r: Rng): string {
  switch (p.pathway) {
    case 'lumbar-radicular':
      return r.pick([
        `Straight leg raise is positive on the ${p.side} at 40 degrees. Sensation is decreased in the ${p.side} ${p.root} dermatome. Strength is 5/5 except ${p.side} extensor hallucis longus 4+/5.`,
        `Seated slump test reproduces the ${p.side} leg pain. Reflexes are 2+ and symmetric. Light touch is reduced over the ${p.root} distribution on the ${p.side}.`,
      ]);
    case 'cervical-radicular':
      return r.pick([
        `Spurling test is positive on the ${p.side}. Grip is 4+/5 on the ${p.side}. Sensation is decreased in the ${p.root} dermatome.`,
        `Neck extension with rotation to the ${p.side} reproduces the arm pain. Biceps and triceps reflexes are 2+. Strength is 5/5 throughout.`,
      ]);
    case 'lumbar-facet':
      return r.pick([
        `There is paraspinal tenderness over ${p.facetLevels}. Facet loading with extension and rotation reproduces the pain. Straight leg raise is negative.`,
        `Lumbar extension is painful and flexion is relatively preserved. Palpation over the ${p.facetLevels} facets is tender. Neurologic exam is normal.`,
      ]);
    case 'cervical-facet':
      return r.pick([
        `Cervical extension and rotation reproduce the axial neck pain. There is tenderness over the ${p.facetLevels} facets. Spurling test is negative.`,
        `Range of motion of the neck is limited in extension. Paraspinal muscles are tender at ${p.facetLevels}. Strength and reflexes are normal.`,
      ]);
    case 'sacroiliac':
      return r.pick([
        `FABER and thigh thrust tests are positive on the ${p.side}. Gaenslen test is positive. Straight leg raise is negative.`,
        `Compression and distraction tests reproduce the ${p.side} buttock pain. There is tenderness over the ${p.side} sacral sulcus. Strength is 5/5.`,
      ]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Note specification: everything a rendering needs. A clone reuses the spec with new dates, scores and
// vitals and one or two flipped tweak words; a partial edit shifts every template choice of several sections.

interface Nums {
  pre: number;
  post: number;
  worst: number;
  least: number;
  bpS: number;
  bpD: number;
  hr: number;
  relief: number;
  reliefWeeks: number;
  sinceWeeks: number;
  y1: number;
  y2: number;
  followWeeks: number;
}

interface Spec {
  kind: VisitKind;
  procedure: ProcedureCode;
  /** The procedure the note refers back to (last one performed), if any. */
  prior: ProcedureCode | null;
  date: string; // ISO YYYY-MM-DD
  seed: number;
  shift: number[]; // per section (SECTIONS order), added to every template choice of the section (partial edits)
  tweaks: number; // bit i selects the second word of tweak slot i
  used: { tweaks: number }; // tweak slots the rendering met (a clone flips only words that are in the text)
  decayed: ReadonlySet<DecayElement>;
  brevity: number; // 0 full length; 1 the tersest decayed note
  nums: Nums;
}

function drawNums(r: Rng, p: Patient, kind: VisitKind): Nums {
  const pre = r.int(5, 9);
  return {
    pre,
    post: r.int(0, Math.max(0, pre - 3)),
    worst: Math.min(10, pre + r.int(1, 2)),
    least: r.int(2, 4),
    bpS: r.int(112, 148),
    bpD: r.int(68, 92),
    hr: r.int(58, 96),
    relief: kind === 'follow-up' ? 10 * r.int(5, 9) : 10 * r.int(4, 8),
    reliefWeeks: r.int(3, 16),
    sinceWeeks: r.int(3, 10),
    y1: r.int(p.act1.better[0], p.act1.better[1]),
    y2: r.int(p.act2.better[0], p.act2.better[1]),
    followWeeks: r.pick([2, 3, 4, 6]),
  };
}

function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The template choice for `key` in `section`, a pure function of the note's seed (or, for `practice` slots,
 * the patient's: the clinic's fixed wording), so a clone that keeps the seed keeps every wording. A partial
 * edit shifts all choices of a rewritten section to other paraphrases.
 */
function choose(p: Patient, s: Spec, section: number, key: string, count: number, practice: boolean): number {
  const raw = mix(practice ? p.styleSeed : s.seed, hashKey(key));
  return (raw + (s.shift[section] ?? 0)) % count;
}

type Variant = (p: Patient, s: Spec) => string;
function sel(p: Patient, s: Spec, section: number, key: string, variants: readonly [Variant, ...Variant[]], practice = false): string {
  const v = variants[choose(p, s, section, key, variants.length, practice)] ?? variants[0];
  return v(p, s);
}

// Sections, in the order of Spec.shift; a partial edit rewrites some of the first ten.
const SECTIONS = ['hpi', 'therapy', 'pain', 'function', 'exam', 'imaging', 'assessment', 'technique', 'plan', 'history', 'header', 'consent', 'recovery', 'ros'] as const;
const EDITABLE = 10;
const SEC = Object.fromEntries(SECTIONS.map((name, i) => [name, i])) as Record<(typeof SECTIONS)[number], number>;

const TWEAKS: readonly (readonly [string, string])[] = [
  ['seen', 'evaluated'],
  ['clinic', 'office'],
  ['reviewed', 'discussed'],
  ['stable', 'good'],
  ['signed', 'authenticated'],
  ['questions', 'concerns'],
  ['clinic', 'office'],
  ['stable', 'good'],
];
const TWEAK_MASK = (1 << TWEAKS.length) - 1;
function tw(s: Spec, i: number): string {
  const pair = TWEAKS[i] ?? ['', ''];
  s.used.tweaks |= 1 << i;
  return (s.tweaks >>> i) & 1 ? pair[1] : pair[0];
}

function iso(d: Date): string {
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}
function usDate(isoDate: string): string {
  return `${isoDate.slice(5, 7)}/${isoDate.slice(8, 10)}/${isoDate.slice(0, 4)}`;
}

const PROC_TITLE: Record<ProcedureCode, (p: Patient) => string> = {
  consultation: () => 'New patient consultation',
  'follow-up': () => 'Follow-up visit',
  'lumbar-transforaminal-esi': (p) => `${p.Side} ${p.level} transforaminal epidural steroid injection under fluoroscopic guidance`,
  'lumbar-interlaminar-esi': (p) => `${p.level} interlaminar epidural steroid injection, ${p.side} paramedian approach, under fluoroscopy`,
  'cervical-interlaminar-esi': () => `C7-T1 interlaminar epidural steroid injection under fluoroscopic guidance`,
  'lumbar-medial-branch-block': (p) => `${p.Side} lumbar medial branch blocks at ${p.facetLevels} under fluoroscopy`,
  'lumbar-radiofrequency-ablation': (p) => `${p.Side} lumbar medial branch radiofrequency ablation at ${p.facetLevels}`,
  'cervical-medial-branch-block': (p) => `${p.Side} cervical medial branch blocks at ${p.facetLevels} under fluoroscopy`,
  'cervical-radiofrequency-ablation': (p) => `${p.Side} cervical medial branch radiofrequency ablation at ${p.facetLevels}`,
  'sacroiliac-joint-injection': (p) => `${p.Side} sacroiliac joint injection under fluoroscopic guidance`,
};
const PROC_SHORT: Record<ProcedureCode, string> = {
  consultation: 'visit',
  'follow-up': 'visit',
  'lumbar-transforaminal-esi': 'transforaminal epidural injection',
  'lumbar-interlaminar-esi': 'interlaminar epidural injection',
  'cervical-interlaminar-esi': 'cervical epidural injection',
  'lumbar-medial-branch-block': 'medial branch block',
  'lumbar-radiofrequency-ablation': 'radiofrequency ablation',
  'cervical-medial-branch-block': 'medial branch block',
  'cervical-radiofrequency-ablation': 'radiofrequency ablation',
  'sacroiliac-joint-injection': 'sacroiliac joint injection',
};
function isBlock(c: ProcedureCode | null): boolean {
  return c === 'lumbar-medial-branch-block' || c === 'cervical-medial-branch-block';
}
function isRfa(c: ProcedureCode | null): boolean {
  return c === 'lumbar-radiofrequency-ablation' || c === 'cervical-radiofrequency-ablation';
}
function diagnosis(p: Patient): string {
  switch (p.pathway) {
    case 'lumbar-radicular':
      return `${p.side} ${p.root} lumbar radiculopathy from ${p.level} disc disease`;
    case 'cervical-radicular':
      return `${p.side} ${p.root} cervical radiculopathy`;
    case 'lumbar-facet':
      return `lumbar facet-mediated pain at ${p.facetLevels}`;
    case 'cervical-facet':
      return `cervical facet-mediated pain at ${p.facetLevels}`;
    case 'sacroiliac':
      return `${p.side} sacroiliac joint dysfunction`;
  }
}
function radiation(p: Patient): string {
  if (p.pathway === 'lumbar-radicular') return `radiating down the ${p.side} leg into the ${p.root} distribution`;
  if (p.pathway === 'cervical-radicular') return `radiating into the ${p.side} arm and hand`;
  if (p.pathway === 'sacroiliac') return `into the ${p.side} buttock and posterior thigh, not below the knee`;
  if (p.pathway === 'cervical-facet') return 'into the shoulders and the base of the skull';
  return 'across the belt line and into both buttocks';
}

// ---------------------------------------------------------------------------------------------------------
// Section templates. Each sentence slot has several paraphrases; `practice` slots keep one wording per
// patient (the clinic's template), the others are chosen per note.

function header(p: Patient, s: Spec): string {
  const date = sel(p, s, SEC.header, 'header.dateFmt', [() => s.date, () => usDate(s.date)], true);
  const title = PROC_TITLE[s.procedure](p);
  return sel(
    p,
    s,
    SEC.header,
    'header.head',
    [
      () => `DATE OF SERVICE: ${date}\n${s.kind === 'procedure' ? 'PROCEDURE' : 'VISIT TYPE'}: ${title}.`,
      () => `Date of service: ${date}\n${s.kind === 'procedure' ? 'NAME OF PROCEDURE' : 'VISIT'}: ${title}.`,
      () => `${date}\n${s.kind === 'procedure' ? 'PROCEDURE PERFORMED' : 'ENCOUNTER'}: ${title}.`,
    ],
    true,
  );
}

function hpi(p: Patient, s: Spec): string {
  const opener = sel(p, s, SEC.hpi, 'hpi.open', [
    () => `${p.age}-year-old ${p.noun} ${tw(s, 0)} in the ${tw(s, 1)} for ${diagnosis(p)}.`,
    () => `The patient is a ${p.age}-year-old ${p.noun} ${tw(s, 0)} in our ${tw(s, 1)} with ${p.painSite} pain ${radiation(p)}.`,
    () => `This ${p.age}-year-old ${p.noun}, ${p.job}, was ${tw(s, 0)} in the pain ${tw(s, 1)} today for ${p.painSite} pain.`,
    () => `Patient ${tw(s, 0)} in the ${tw(s, 1)}: ${p.age}-year-old ${p.noun} with ongoing ${p.painSite} pain.`,
  ]);
  const parts = [opener];
  if (s.kind === 'consult' || s.brevity < 0.6) {
    parts.push(
      sel(p, s, SEC.hpi, 'hpi.onset', [
        () => `The pain began ${p.onsetMonths} months ago ${p.onset} and is ${radiation(p)}.`,
        () => `Symptoms started ${p.onset} about ${p.onsetMonths} months ago, with pain ${radiation(p)}.`,
        () => `${p.He} dates the pain to ${p.onsetMonths} months ago, ${p.onset}; it goes ${radiation(p)}.`,
        () => `Onset was ${p.onset}, roughly ${p.onsetMonths} months before this visit, and the pain spreads ${radiation(p)}.`,
      ]),
    );
  }
  if (s.brevity < 0.4) {
    parts.push(
      sel(p, s, SEC.hpi, 'hpi.quality', [
        () => `${p.He} describes the pain as aching and burning, worse with ${p.region === 'cervical' ? 'looking up' : 'standing and walking'} and better lying down.`,
        () => `The pain is sharp with activity and dull at rest; ${p.region === 'cervical' ? 'turning the head' : 'prolonged sitting'} makes it worse.`,
        () => `Coughing and ${p.region === 'cervical' ? 'overhead reaching' : 'bending forward'} aggravate it, and heat helps a little.`,
      ]),
    );
  }
  if (s.kind !== 'consult' && s.prior !== null) parts.push(reliefSentence(p, s));
  else if (s.kind === 'consult' && s.brevity < 0.5) parts.push(`${p.He} has no prior spine injections and no spine surgery.`);
  const head = sel(p, s, SEC.hpi, 'hpi.hdr', [() => 'HISTORY OF PRESENT ILLNESS:', () => 'HPI:', () => (s.kind === 'follow-up' ? 'INTERVAL HISTORY:' : 'HISTORY:')], true);
  return `${head} ${parts.join(' ')}`;
}

function reliefSentence(p: Patient, s: Spec): string {
  const prior = s.prior ?? 'follow-up';
  const short = PROC_SHORT[prior];
  const n = s.nums;
  if (s.decayed.has('relief')) {
    return sel(p, s, SEC.hpi, 'hpi.reliefVague', [
      () => `The last ${short} helped.`,
      () => `${p.He} got good relief from the ${short}.`,
      () => `The ${short} was beneficial.`,
    ]);
  }
  if (isBlock(prior)) {
    return sel(p, s, SEC.hpi, 'hpi.reliefBlock', [
      () => `After the last ${short} ${p.he} reported ${n.relief + 10}% relief lasting 6 hours, with ${p.his} pain diary completed.`,
      () => `The diagnostic ${short} gave ${n.relief + 10}% relief for about 5 hours, consistent with facet-mediated pain.`,
      () => `${p.He} documented ${n.relief + 10}% pain relief lasting 8 hours after the ${short} in ${p.his} pain diary.`,
    ]);
  }
  return sel(p, s, SEC.hpi, 'hpi.relief', [
    () => `${p.He} reports ${n.relief}% relief lasting ${n.reliefWeeks} weeks after the last ${short}.`,
    () => `The previous ${short} gave ${n.relief}% relief for ${n.reliefWeeks} weeks before the pain returned.`,
    () => `Since the ${short} ${n.sinceWeeks} weeks ago ${p.he} has had ${n.relief}% relief of the ${p.limb} pain.`,
    () => `${p.He} had about ${n.relief}% improvement in pain lasting ${n.reliefWeeks} weeks following the ${short}.`,
  ]);
}

function therapy(p: Patient, s: Spec): string {
  const head = sel(p, s, SEC.therapy, 'therapy.hdr', [() => 'PRIOR TREATMENT:', () => 'CONSERVATIVE THERAPY:', () => 'PREVIOUS TREATMENT:'], true);
  if (s.decayed.has('therapy')) {
    return `${head} ${sel(p, s, SEC.therapy, 'therapy.vague', [
      () => `${p.He} has failed conservative care.`,
      () => `Conservative treatment has failed.`,
      () => `Failed conservative therapy.`,
      () => `${p.He} has tried and failed conservative management.`,
    ])}`;
  }
  const parts = [
    sel(p, s, SEC.therapy, 'therapy.pt', [
      () => `${p.He} completed ${p.ptWeeks} weeks of physical therapy from ${p.ptStart} to ${p.ptEnd} without lasting relief.`,
      () => `Physical therapy for ${p.ptWeeks} weeks, ${p.ptVisits} visits from ${p.ptStart} to ${p.ptEnd}, gave only temporary relief.`,
      () => `From ${p.ptStart} to ${p.ptEnd} ${p.he} attended ${p.ptWeeks} weeks of formal physical therapy, which did not help.`,
      () => `${p.He} did ${p.ptWeeks} weeks of supervised physical therapy (${p.ptStart} to ${p.ptEnd}) and the pain persisted.`,
    ]),
    sel(p, s, SEC.therapy, 'therapy.nsaid', [
      () => `${p.He} took ${p.nsaid} twice daily for ${p.nsaidMonths} months with only partial relief.`,
      () => `${capital(p.nsaid)} daily for ${p.nsaidMonths} months did not control the pain.`,
      () => `${p.nsaidMonths === 8 || p.nsaidMonths === 11 ? 'An' : 'A'} ${p.nsaidMonths}-month trial of ${p.nsaid} gave partial relief.`,
    ]),
  ];
  if (s.brevity < 0.5) {
    parts.push(p.second);
    parts.push(
      sel(p, s, SEC.therapy, 'therapy.hep', [
        () => `${p.He} continues a home exercise program for ${p.hepMonths} months.`,
        () => `A daily home exercise program has been followed for ${p.hepMonths} months.`,
        () => `${p.He} still does the home exercises from therapy, now for ${p.hepMonths} months.`,
      ]),
    );
  }
  return `${head} ${parts.join(' ')}`;
}

function capital(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function pain(p: Patient, s: Spec): string {
  const n = s.nums;
  const head = sel(p, s, SEC.pain, 'pain.hdr', [() => 'PAIN ASSESSMENT:', () => 'PAIN:', () => 'PAIN SCORES:'], true);
  if (s.decayed.has('scores')) {
    return `${head} ${sel(p, s, SEC.pain, 'pain.vague', [
      () => (s.kind === 'follow-up' ? 'Pain is better.' : 'Pain persists.'),
      () => (s.kind === 'follow-up' ? 'The pain has improved.' : 'Ongoing pain.'),
      () => 'Pain is unchanged.',
    ])}`;
  }
  if (s.kind === 'procedure') {
    return `${head} ${sel(p, s, SEC.pain, 'pain.proc', [
      () => `Pain ${n.pre}/10 before the procedure and ${n.post}/10 after.`,
      () => `Pre-procedure pain score ${n.pre}/10; post-procedure pain score ${n.post}/10.`,
      () => `${p.He} rated the pain ${n.pre}/10 before the injection and ${n.post}/10 in recovery.`,
    ])}`;
  }
  return `${head} ${sel(p, s, SEC.pain, 'pain.visit', [
    () => `Pain is ${n.pre}/10 today, ${n.worst}/10 at worst and ${n.least}/10 at best.`,
    () => `${p.He} rates the pain ${n.pre}/10 now, ${n.worst}/10 at its worst.`,
    () => `Current pain ${n.pre}/10; worst ${n.worst}/10; least ${n.least}/10.`,
    () => `Average pain is ${n.pre}/10 and it reaches ${n.worst}/10 with activity.`,
  ])}`;
}

function functional(p: Patient, s: Spec): string {
  const n = s.nums;
  const head = sel(p, s, SEC.function, 'function.hdr', [() => 'FUNCTIONAL STATUS:', () => 'FUNCTION:', () => 'FUNCTIONAL ACTIVITIES AND HOBBIES:'], true);
  if (s.decayed.has('function')) {
    return `${head} ${sel(p, s, SEC.function, 'function.vague', [
      () => (s.kind === 'follow-up' ? `${p.He} is doing well.` : 'Activities are limited by pain.'),
      () => (s.kind === 'follow-up' ? 'Function is improved.' : 'Function is limited.'),
      () => (s.kind === 'follow-up' ? `${p.He} is doing better.` : `${p.He} has difficulty with daily activities.`),
    ])}`;
  }
  const improved = s.kind === 'follow-up' || (s.kind === 'procedure' && s.prior !== null && !isBlock(s.prior));
  const first = improved ? p.act1.improve(p, n.y1) : p.act1.limit(p, p.x1);
  const second = improved ? p.act2.improve(p, n.y2) : p.act2.limit(p, p.x2);
  const lead = sel(p, s, SEC.function, 'function.lead', [
    () => `${first}, and ${lowerFirst(second)}.`,
    () => `${first}. ${second}.`,
    () => (improved ? `Since the injection ${lowerFirst(first)}; ${lowerFirst(second)}.` : `Because of the pain ${lowerFirst(first)}; ${lowerFirst(second)}.`),
  ]);
  const work =
    s.brevity < 0.5
      ? ` ${sel(p, s, SEC.function, 'function.work', [
          () => `${p.He} works as ${p.job === 'retired' ? 'a volunteer' : p.job} and ${improved ? 'is back to full duty' : 'has been on light duty'}.`,
          () => `Work: ${p.job}; ${improved ? 'working full duty' : 'missed work this month because of the pain'}.`,
          () => `${improved ? 'Household chores are manageable again' : 'Household chores take twice as long'}.`,
        ])}`
      : '';
  return `${head} ${lead}${work}`;
}

function lowerFirst(t: string): string {
  return t.charAt(0).toLowerCase() + t.slice(1);
}

function history(p: Patient, s: Spec): string {
  if (s.brevity >= 0.5) return '';
  return sel(p, s, SEC.history, 'history.pmh', [
    () => `PAST MEDICAL HISTORY: ${capital(p.comorbid)}.\nMEDICATIONS: ${capital(p.nsaid)} as needed.\nALLERGIES: No known drug allergies.`,
    () => `PAST MEDICAL HISTORY: ${capital(p.comorbid)}. No prior spine surgery.\nALLERGIES: NKDA.\nSOCIAL HISTORY: Nonsmoker; ${p.job}.`,
    () => `MEDICAL HISTORY: ${capital(p.comorbid)}.\nSOCIAL HISTORY: ${capital(p.job)}, does not smoke, drinks rarely.\nALLERGIES: None known.`,
  ]);
}

function ros(p: Patient, s: Spec): string {
  if (s.brevity >= 0.4) return '';
  const meds = sel(p, s, SEC.ros, 'ros.meds', [
    () => `MEDICATIONS: ${capital(p.nsaid)} as needed, ${p.comorbid.startsWith('type 2') ? 'metformin' : 'a daily multivitamin'}. The state prescription monitoring database was checked and shows no controlled substances.`,
    () => `MEDICATIONS: Reviewed and unchanged. ${capital(p.nsaid)} as needed. PDMP reviewed; no opioid prescriptions on file.`,
    () => `CURRENT MEDICATIONS: ${capital(p.nsaid)}; no opioids. The prescription drug monitoring program report was reviewed today.`,
  ]);
  const review = sel(p, s, SEC.ros, 'ros.body', [
    () => `REVIEW OF SYSTEMS: Negative for fever, weight loss, bowel or bladder incontinence and saddle anesthesia. No new weakness.`,
    () => `REVIEW OF SYSTEMS: Denies fevers, chills, unintentional weight loss, and changes in bowel or bladder control. Other systems negative.`,
    () => `ROS: No red flag symptoms: no fever, night sweats, saddle numbness or incontinence. Mood is fair.`,
  ]);
  return `${meds}\n${review}`;
}

function timeOut(p: Patient, s: Spec): string {
  if (s.brevity >= 0.7) return '';
  return sel(
    p,
    s,
    SEC.consent,
    'consent.timeout',
    [
      () => `A time-out was performed confirming the patient, the procedure, the ${p.side} side and the level. Anticoagulants were not taken.`,
      () => `TIME-OUT: Patient identity, procedure, site and side were verified with the nurse and the radiology technologist.`,
      () => `Universal protocol was followed with a time-out before the start; allergies and anticoagulation status were confirmed.`,
    ],
    true,
  );
}

function fluoro(p: Patient, s: Spec): string {
  if (s.brevity >= 0.6) return '';
  return sel(
    p,
    s,
    SEC.recovery,
    'recovery.fluoro',
    [
      () => `FLUOROSCOPY TIME: ${s.nums.sinceWeeks * 6} seconds. Contrast: Omnipaque 240, ${s.nums.followWeeks} mL. Images were saved to the chart.`,
      () => `Fluoroscopy time was ${s.nums.sinceWeeks * 6} seconds and representative images were archived. Estimated blood loss: none.`,
      () => `Total fluoroscopy time ${s.nums.sinceWeeks * 6} seconds; saved AP and lateral images document final needle position.`,
    ],
    true,
  );
}

function exam(p: Patient, s: Spec): string {
  const n = s.nums;
  const vitals = sel(
    p,
    s,
    SEC.exam,
    'exam.vitals',
    [
      () => `Vital signs: BP ${n.bpS}/${n.bpD}, HR ${n.hr}.`,
      () => `BP ${n.bpS}/${n.bpD}, pulse ${n.hr}, afebrile.`,
      () => `Blood pressure ${n.bpS}/${n.bpD}, heart rate ${n.hr}, SpO2 98% on room air.`,
    ],
    true,
  );
  const head = sel(p, s, SEC.exam, 'exam.hdr', [() => 'PHYSICAL EXAMINATION:', () => 'EXAM:', () => 'OBJECTIVE:'], true);
  if (s.decayed.has('detail')) {
    return `${head} ${vitals} ${sel(p, s, SEC.exam, 'exam.brief', [() => 'Exam unchanged.', () => 'No change on exam.', () => 'Exam is stable.'])}`;
  }
  const general = sel(p, s, SEC.exam, 'exam.general', [
    () => `${p.He} is alert, in mild distress, and moves slowly from sitting to standing.`,
    () => `Well-appearing ${p.noun} in no acute distress; gait is antalgic.`,
    () => `Alert and oriented; ${p.he} changes position often during the interview.`,
    () => `Pleasant, cooperative, walks without an assistive device.`,
  ]);
  return `${head} ${vitals} ${general} ${p.exam}`;
}

function imaging(p: Patient, s: Spec): string {
  if (s.decayed.has('detail') || (s.kind === 'procedure' && s.brevity >= 0.3)) return '';
  const mri = `${p.region} MRI from ${p.imagingYear}`;
  return `${sel(p, s, SEC.imaging, 'imaging.hdr', [() => 'IMAGING:', () => 'MRI:', () => 'DIAGNOSTIC STUDIES:'], true)} ${sel(p, s, SEC.imaging, 'imaging.body', [
    () => `The ${mri} shows ${p.imaging}.`,
    () => `${capital(mri)} was reviewed and demonstrates ${p.imaging}.`,
    () => `Review of the ${mri}: ${p.imaging}.`,
  ])}`;
}

function assessment(p: Patient, s: Spec): string {
  const head = sel(p, s, SEC.assessment, 'assessment.hdr', [() => 'ASSESSMENT:', () => 'IMPRESSION:', () => 'DIAGNOSIS:'], true);
  return `${head} ${sel(p, s, SEC.assessment, 'assessment.body', [
    () => `${capital(diagnosis(p))}.`,
    () => `1. ${capital(diagnosis(p))}. 2. Chronic ${p.painSite} pain.`,
    () => `${capital(p.painSite)} pain consistent with ${diagnosis(p)}, ${tw(s, 3)} on current treatment.`,
    () => `${capital(diagnosis(p))}, clinically ${tw(s, 3)}.`,
  ])}`;
}

function consent(p: Patient, s: Spec): string {
  // The terse notes at the end of a decaying history keep only a token consent line.
  if (s.brevity >= 0.7) return sel(p, s, SEC.consent, 'consent.terse', [() => 'Consent obtained.', () => 'Consent on chart.', () => 'Informed consent signed.']);
  return sel(
    p,
    s,
    SEC.consent,
    'consent.body',
    [
      () =>
        `CONSENT: The risks, benefits and alternatives of the procedure, including infection, bleeding, nerve injury, headache and allergic reaction, were ${tw(s, 2)} with the patient. All ${tw(s, 5)} were answered and written consent was signed.`,
      () =>
        `INFORMED CONSENT: Risks including bleeding, infection, dural puncture, increased pain and steroid side effects were ${tw(s, 2)}. The patient had no further ${tw(s, 5)} and signed the consent form.`,
      () =>
        `CONSENT: After the procedure, its alternatives and its risks (bleeding, infection, nerve damage, paralysis) were ${tw(s, 2)}, the patient's ${tw(s, 5)} were addressed and consent was obtained.`,
    ],
    true,
  );
}

function technique(p: Patient, s: Spec): string {
  const short = s.brevity >= 0.6;
  const position = sel(p, s, SEC.technique, 'technique.position', [
    () => `The patient was placed prone on the fluoroscopy table with a pillow under the abdomen.`,
    () => `With the patient prone, the ${p.region} area was prepped with chlorhexidine and draped in sterile fashion.`,
    () => `The patient was positioned prone; standard ASA monitors were applied and the skin was prepped and draped sterilely.`,
  ]);
  const body = techniqueBody(p, s);
  const drug = sel(p, s, SEC.technique, 'technique.drug', [
    () => `After negative aspiration, ${p.steroid} with 2 mL of ${p.local} was injected slowly.`,
    () => `A solution of ${p.steroid} and ${p.local} was then injected without resistance.`,
    () => `The injectate, ${p.steroid} mixed with ${p.local}, was delivered after negative aspiration for blood and CSF.`,
  ]);
  const head = sel(p, s, SEC.technique, 'technique.hdr', [() => 'TECHNIQUE:', () => 'DESCRIPTION OF PROCEDURE:', () => 'PROCEDURE IN DETAIL:'], true);
  if (short) return `${head} ${position} ${body[0] ?? ''} ${drug}`;
  return `${head} ${position} ${body.join(' ')} ${drug}`;
}

function techniqueBody(p: Patient, s: Spec): string[] {
  const proc = s.procedure;
  const skin = sel(p, s, SEC.technique, 'technique.skin', [
    () => `The skin and subcutaneous tissue were anesthetized with ${p.local}.`,
    () => `A skin wheal was raised with ${p.local} over the target.`,
    () => `Local anesthesia was infiltrated with ${p.local}.`,
  ]);
  if (isRfa(proc)) {
    return [
      `Under fluoroscopy the ${p.facetLevels} medial branches were targeted. ${skin}`,
      sel(p, s, SEC.technique, 'technique.rfa', [
        () => `An 18-gauge 10 cm cannula with a 10 mm active tip was advanced parallel to each medial branch. Sensory stimulation at 50 Hz was concordant below 0.5 V and motor stimulation at 2 Hz produced no limb movement.`,
        () => `RF cannulas were placed along the groove at the base of each superior articular process, confirmed in AP, oblique and lateral views. Motor testing at 2 Hz showed multifidus twitch only.`,
      ]),
      sel(p, s, SEC.technique, 'technique.lesion', [
        () => `Lesions were made at 80 degrees for 90 seconds at each level.`,
        () => `After local anesthetic, thermal lesions were created at 80 C for 90 seconds.`,
      ]),
    ];
  }
  if (isBlock(proc)) {
    return [
      `Fluoroscopy was used to identify the ${p.facetLevels} medial branch targets. ${skin}`,
      sel(p, s, SEC.technique, 'technique.block', [
        () => `A 22-gauge spinal needle was advanced to each target under AP and oblique views, and 0.5 mL of ${p.local} was injected at each level.`,
        () => `Needles were placed at the junction of the transverse process and superior articular process, with contrast confirming no vascular spread, and 0.5 mL of ${p.local} was injected per level.`,
      ]),
      `No steroid was given so the block remains diagnostic.`,
    ];
  }
  if (proc === 'sacroiliac-joint-injection') {
    return [
      `The inferior pole of the ${p.side} sacroiliac joint was identified under fluoroscopy. ${skin}`,
      sel(p, s, SEC.technique, 'technique.si', [
        () => `A 22-gauge spinal needle was advanced into the joint and 1 mL of contrast outlined the joint capsule without vascular uptake.`,
        () => `With a contralateral oblique view the needle entered the posterior joint line; contrast showed an intra-articular arthrogram.`,
      ]),
    ];
  }
  if (proc === 'lumbar-transforaminal-esi') {
    return [
      `The ${p.side} ${p.levelLong} foramen was identified with an oblique fluoroscopic view. ${skin}`,
      sel(p, s, SEC.technique, 'technique.tf', [
        () => `A 22-gauge spinal needle was advanced to the safe triangle below the ${p.root === 'S1' ? 'L5' : p.level.slice(0, 2)} pedicle. Contrast showed spread along the ${p.root} nerve root and into the epidural space without vascular uptake.`,
        () => `The needle was walked into the superior foramen under AP and lateral views; 1 mL of Omnipaque outlined the ${p.root} root with epidural flow and no intravascular pattern.`,
        () => `Using intermittent fluoroscopy the needle tip was placed in the ${p.side} ${p.levelLong} neuroforamen, and live contrast injection confirmed a radiculogram without vascular runoff.`,
      ]),
    ];
  }
  return [
    `The ${p.region === 'cervical' ? 'C7-T1' : p.level} interspace was identified in AP view. ${skin}`,
    sel(p, s, SEC.technique, 'technique.il', [
      () => `A 20-gauge Tuohy needle was advanced with loss of resistance to saline under lateral and contralateral oblique views. Contrast confirmed epidural spread without intrathecal or vascular flow.`,
      () => `The epidural space was entered with a Tuohy needle using loss of resistance, confirmed by contrast spreading in the dorsal epidural space.`,
      () => `Loss of resistance was obtained at the ${p.region === 'cervical' ? 'C7-T1' : p.level} level with a 20-gauge Tuohy needle, and an epidurogram confirmed placement.`,
    ]),
  ];
}

function recovery(p: Patient, s: Spec): string {
  return `COMPLICATIONS: None. ${sel(
    p,
    s,
    SEC.recovery,
    'recovery.body',
    [
      () => `The patient tolerated the procedure well and was taken to recovery in ${tw(s, 7)} condition.`,
      () => `There were no complications; the patient left the suite in ${tw(s, 7)} condition with a steady gait.`,
      () => `Vital signs remained ${tw(s, 7)} and the patient was discharged home with a driver.`,
    ],
    true,
  )}`;
}

function plan(p: Patient, s: Spec): string {
  const n = s.nums;
  const next = nextStep(p, s);
  const head = sel(p, s, SEC.plan, 'plan.hdr', [() => 'PLAN:', () => 'RECOMMENDATIONS:', () => 'PLAN OF CARE:'], true);
  const body = sel(p, s, SEC.plan, 'plan.body', [
    () => `${next} Return to ${tw(s, 6)} in ${n.followWeeks} weeks.`,
    () => `Follow up in the ${tw(s, 6)} in ${n.followWeeks} weeks. ${next}`,
    () => `${next} The plan was explained to the patient, who agrees. Recheck in the ${tw(s, 6)} in ${n.followWeeks} weeks.`,
  ]);
  const extra =
    s.brevity < 0.5
      ? ` ${sel(p, s, SEC.plan, 'plan.extra', [
          () => `Continue the home exercise program and ${p.nsaid} as needed.`,
          () => `Keep up the daily stretching program; call with new weakness or bowel or bladder change.`,
          () => `Continue current medications. Avoid heavy lifting for 48 hours after any injection.`,
        ])}`
      : '';
  return `${head} ${body}${extra}`;
}

function nextStep(p: Patient, s: Spec): string {
  const upcoming = PROC_SHORT[p.sequence[Math.min(p.sequence.length - 1, s.prior === null ? 0 : p.sequence.indexOf(s.prior) + 1)] ?? 'follow-up'];
  if (s.kind === 'procedure') return `Keep a pain diary for the next week and report the relief.`;
  return sel(p, s, SEC.plan, 'plan.next', [
    () => `Schedule ${p.side === 'bilateral' ? 'bilateral' : p.side} ${upcoming}.`,
    () => `We will proceed with a ${upcoming} as discussed.`,
    () => `Plan ${upcoming}; precautions reviewed.`,
  ]);
}

function signature(s: Spec): string {
  return `Electronically ${tw(s, 4)} by the attending physician.`;
}

/** Renders a note from its spec. Sections follow the usual order of a pain clinic note. */
function render(p: Patient, s: Spec): string {
  const parts: string[] = [header(p, s), hpi(p, s), therapy(p, s), pain(p, s), functional(p, s)];
  if (s.kind === 'consult') parts.push(history(p, s));
  if (s.kind !== 'procedure') parts.push(ros(p, s));
  parts.push(exam(p, s), imaging(p, s), assessment(p, s));
  if (s.kind === 'procedure') parts.push(consent(p, s), timeOut(p, s), technique(p, s), fluoro(p, s), recovery(p, s));
  parts.push(plan(p, s), signature(s));
  return parts.filter((t) => t !== '').join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// History planning: which visits are fresh, copied or edited, and how far each note has decayed.

interface PlannedVisit {
  label: 'original' | 'clone' | 'partial-edit';
  from: number; // index of the source note, -1 for originals
  kind: VisitKind;
}

function planVisits(r: Rng, profile: HistoryProfile, n: number): PlannedVisit[] {
  const plan: PlannedVisit[] = [{ label: 'original', from: -1, kind: 'consult' }];
  const nextKind = (prev: VisitKind): VisitKind => (prev === 'procedure' ? 'follow-up' : 'procedure');
  if (profile === 'independent' || profile === 'decaying') {
    for (let i = 1; i < n; i++) plan.push({ label: 'original', from: -1, kind: nextKind(plan[i - 1]?.kind ?? 'consult') });
    return plan;
  }
  // Cloning and mixed: at least one clone run of 3-6 notes (its head plus 2-5 copies of the note before).
  // A mixed history ends with two freshly written notes, so its decay shows at consecutive visits rather
  // than being hidden under copies of the early, thorough notes (a history whose decay cannot be seen in
  // its notes is not labelled decaying).
  const end = profile === 'mixed' ? n - 2 : n;
  let runs = 0;
  let i = 1;
  while (i < end) {
    const remaining = end - i;
    const prev = plan[i - 1];
    const prevKind = prev?.kind ?? 'consult';
    const startRun = remaining >= 2 && (runs === 0 ? remaining <= 3 || r.chance(0.6) : r.chance(0.35)) && prev?.label !== 'clone';
    if (startRun) {
      const copies = r.int(2, Math.min(5, remaining));
      for (let c = 0; c < copies; c++) plan.push({ label: 'clone', from: i - 1 + c, kind: prevKind });
      i += copies;
      runs++;
      continue;
    }
    const edit = prev !== undefined && prev.kind !== 'consult' && r.chance(0.45);
    plan.push(edit ? { label: 'partial-edit', from: i - 1, kind: prevKind } : { label: 'original', from: -1, kind: nextKind(prevKind) });
    i++;
  }
  for (; i < n; i++) plan.push({ label: 'original', from: -1, kind: nextKind(plan[i - 1]?.kind ?? 'consult') });
  return plan;
}

/** Which procedure a visit of `kind` performs or follows up, given what was done before. */
function procedureFor(p: Patient, kind: VisitKind, done: number): ProcedureCode {
  if (kind === 'consult') return 'consultation';
  if (kind === 'follow-up') return 'follow-up';
  return p.sequence[Math.min(done, p.sequence.length - 1)] ?? 'follow-up';
}

function decayedSet(order: readonly DecayElement[], brevity: number): Set<DecayElement> {
  const count = Math.round(brevity * order.length);
  return new Set(order.slice(0, count));
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

interface PatientPlan {
  p: Patient;
  profile: HistoryProfile;
  visits: PlannedVisit[];
  dates: string[];
  procedures: ProcedureCode[];
  priors: (ProcedureCode | null)[];
  steps: (number | undefined)[];
  brevity: number[];
  order: DecayElement[];
}

function planPatient(seed: number, index: number, profile: HistoryProfile, minVisits: number, maxVisits: number, idPrefix: string): PatientPlan {
  const p = buildPatient(seed, index, idPrefix);
  const r = new Rng(mix(seed, index * 7 + 3));
  const decaying = profile === 'decaying' || profile === 'mixed';
  // A mixed history needs a clone run (3 notes) and two fresh decayed notes after it.
  const lo = profile === 'mixed' ? Math.max(5, minVisits) : decaying ? Math.max(4, minVisits) : minVisits;
  const hi = Math.max(lo, maxVisits);
  const n = r.int(lo, hi);
  const visits = planVisits(r, profile, n);
  const dates: string[] = [];
  let d = new Date(Date.UTC(2023 + r.int(0, 1), r.int(0, 11), r.int(1, 28)));
  for (let i = 0; i < n; i++) {
    if (i > 0) d = addDays(d, 7 * r.int(4, 16));
    dates.push(iso(d));
  }
  const procedures: ProcedureCode[] = [];
  const priors: (ProcedureCode | null)[] = [];
  let done = 0;
  let last: ProcedureCode | null = null;
  for (const v of visits) {
    const src = v.from >= 0 ? procedures[v.from] : undefined;
    const code = src ?? procedureFor(p, v.kind, done);
    procedures.push(code);
    priors.push(v.from >= 0 ? (priors[v.from] ?? null) : last);
    if (v.kind === 'procedure') {
      done++;
      last = code;
    }
  }
  // Decay: each freshly written note is one step further; a copied note (clone or partial edit) keeps its source's step.
  const steps: (number | undefined)[] = [];
  let step = -1;
  for (const v of visits) {
    if (v.label !== 'original') steps.push(steps[v.from]);
    else steps.push(++step);
  }
  // How far a fresh note has decayed follows the calendar (its visit's place in the history), so a mixed
  // history whose copies fill the middle still decays gradually; a copy keeps its source's wording.
  const brevity: number[] = [];
  visits.forEach((v, i) => {
    brevity.push(!decaying ? 0 : v.label === 'original' ? i / Math.max(1, n - 1) : (brevity[v.from] ?? 0));
  });
  const order = [...DECAY_ELEMENTS];
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = order[i] as DecayElement;
    order[i] = order[j] as DecayElement;
    order[j] = t;
  }
  return { p, profile, visits, dates, procedures, priors, steps: decaying ? steps : visits.map(() => undefined), brevity, order };
}

function freshSpec(pp: PatientPlan, i: number, attempt: number, seed: number): Spec {
  const v = pp.visits[i] ?? { label: 'original', from: -1, kind: 'consult' };
  const specSeed = mix(mix(seed, hashKey(pp.p.id)), i * 64 + attempt);
  const r = new Rng(specSeed);
  const brevity = pp.brevity[i] ?? 0;
  return {
    kind: v.kind,
    procedure: pp.procedures[i] ?? 'follow-up',
    prior: pp.priors[i] ?? null,
    date: pp.dates[i] ?? '1970-01-01',
    seed: specSeed,
    shift: SECTIONS.map(() => 0),
    tweaks: r.u32() & TWEAK_MASK,
    used: { tweaks: 0 },
    decayed: decayedSet(pp.order, brevity),
    brevity,
    nums: drawNums(r, pp.p, v.kind),
  };
}


function editSpec(pp: PatientPlan, src: Spec, i: number, attempt: number, seed: number, clone: boolean, srcLength: number): Spec {
  const r = new Rng(mix(mix(seed, hashKey(pp.p.id)), i * 64 + attempt + 32));
  const fresh = drawNums(r, pp.p, src.kind);
  // Copy-forward keeps the relief history and the functional gains; only scores, vitals and the date move.
  const nums: Nums = { ...src.nums, pre: fresh.pre, post: fresh.post, worst: fresh.worst, least: fresh.least, bpS: fresh.bpS, bpD: fresh.bpD, hr: fresh.hr };
  const shift = [...src.shift];
  let tweaks = src.tweaks;
  if (clone) {
    // One or two words that are in the text change (one in a short note, so it stays a near-copy).
    const present: number[] = [];
    for (let t = 0; t < TWEAKS.length; t++) if ((src.used.tweaks >>> t) & 1) present.push(t);
    const flips = srcLength > 1400 ? r.int(1, 2) : 1;
    for (let f = 0; f < flips && present.length > 0; f++) {
      const t = present.splice(r.int(0, present.length - 1), 1)[0] ?? 0;
      tweaks ^= 1 << t;
    }
  } else {
    // Rewrite 4-6 sections: every template choice in them moves to another paraphrase.
    const pool: number[] = [];
    for (let sec = 0; sec < EDITABLE; sec++) pool.push(sec);
    const k = r.int(4, 6);
    for (let c = 0; c < k && pool.length > 0; c++) {
      const sec = pool.splice(r.int(0, pool.length - 1), 1)[0] ?? 0;
      shift[sec] = (shift[sec] ?? 0) + 1;
    }
    tweaks = r.u32() & TWEAK_MASK;
    Object.assign(nums, fresh);
  }
  return { ...src, date: pp.dates[i] ?? src.date, shift, tweaks, used: { tweaks: 0 }, nums };
}

function maxJaccard(sets: readonly Uint32Array[], s: Uint32Array): number {
  let m = 0;
  for (const t of sets) {
    const j = jaccard(s, t);
    if (j > m) m = j;
  }
  return m;
}

/**
 * Writes one patient's notes. With `verify`, fresh and partially edited notes are redrawn (deterministically)
 * until their Jaccard to every earlier note is at most FRESH_LIMIT and clones are checked against CLONE_FLOOR.
 */
function* writeHistory(pp: PatientPlan, seed: number, verify: boolean, idPrefix = ''): Generator<GeneratedNote> {
  const specs: Spec[] = [];
  const texts: string[] = [];
  const sets: Uint32Array[] = [];
  const ids: string[] = [];
  for (let i = 0; i < pp.visits.length; i++) {
    const v = pp.visits[i] ?? { label: 'original', from: -1, kind: 'consult' };
    const id = `${idPrefix}${pp.p.id}-v${String(i + 1).padStart(2, '0')}`;
    ids.push(id);
    const src = v.from >= 0 ? specs[v.from] : undefined;
    const srcSet = v.from >= 0 ? sets[v.from] : undefined;
    const srcLength = v.from >= 0 ? (texts[v.from]?.length ?? 0) : 0;
    let spec: Spec | null = null;
    let text = '';
    let bestSet: Uint32Array | null = null;
    let bestScore = Infinity;
    for (let attempt = 0; attempt < (verify ? MAX_ATTEMPTS : 1); attempt++) {
      const cand =
        src === undefined ? freshSpec(pp, i, attempt, seed) : editSpec(pp, src, i, attempt, seed, v.label === 'clone', srcLength);
      const candText = render(pp.p, cand);
      if (!verify) {
        spec = cand;
        text = candText;
        break;
      }
      const set = shingles(candText);
      // How far the candidate is from its label's guarantee (0: it holds).
      let score: number;
      if (v.label === 'clone') score = Math.max(0, CLONE_FLOOR - jaccard(set, srcSet ?? set));
      else {
        score = Math.max(0, maxJaccard(sets, set) - FRESH_LIMIT);
        if (v.label === 'partial-edit') score += Math.max(0, EDIT_FLOOR - jaccard(set, srcSet ?? set));
      }
      if (score < bestScore) {
        spec = cand;
        text = candText;
        bestSet = set;
        bestScore = score;
      }
      if (score === 0) break;
    }
    if (spec === null) throw new Error('unreachable: no attempt made');
    specs.push(spec);
    texts.push(text);
    if (bestSet !== null) sets.push(bestSet);
    const label: NoteLabel = v.label === 'original' || v.from < 0 ? { kind: 'original' } : { kind: v.label, from: ids[v.from] ?? '' };
    const decayed = spec.decayed;
    const note: GeneratedNote = {
      id,
      patientId: `${idPrefix}${pp.p.id}`,
      date: spec.date,
      text,
      procedure: spec.procedure,
      label,
      decayed: DECAY_ELEMENTS.filter((e) => decayed.has(e)),
    };
    const step = pp.steps[i];
    if (step !== undefined) note.decayStep = step;
    yield note;
  }
}

function profileFor(seed: number, index: number): HistoryProfile {
  // Each block of four patients holds one of each profile, in a seeded order.
  const block = Math.floor(index / 4);
  const r = new Rng(mix(seed ^ 0x5bd1e995, block));
  const order = [...PROFILES];
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = order[i] as HistoryProfile;
    order[i] = order[j] as HistoryProfile;
    order[j] = t;
  }
  return order[index % 4] ?? 'independent';
}

function checkCount(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`generateHistories: ${name} must be an integer >= ${min}`);
  }
  return value;
}

/**
 * Generates labelled synthetic patient histories: every patient gets 3-12 dated notes (consultation,
 * procedure notes and follow-ups) with a profile: 'independent' (every note freshly written), 'cloning'
 * (copy-forward clones in runs of 3-6 notes, and partial edits), 'decaying' (each note vaguer and shorter
 * than the one before) or 'mixed' (clones and decay). The four profiles alternate in seeded blocks of four
 * patients. Labels are checked: a clone has Jaccard >= 0.9 to its source, an original or partial edit
 * at most 0.72 to every earlier note of its patient. Same seed, same output.
 *
 * @example
 * const histories = generateHistories({ seed: 7, patients: 8 });
 * histories[0].notes[1].label; // e.g. { kind: 'clone', from: 'P0001-v01' }
 */
export function generateHistories(options: GenerateOptions = {}): GeneratedHistory[] {
  const seed = checkCount('seed', options.seed ?? 1, -2147483648);
  const patients = checkCount('patients', options.patients ?? 60, 0);
  const minVisits = checkCount('minVisits', options.minVisits ?? 3, 1);
  const maxVisits = checkCount('maxVisits', options.maxVisits ?? 12, minVisits);
  const out: GeneratedHistory[] = [];
  for (let i = 0; i < patients; i++) {
    let profile = profileFor(seed, i);
    // Decay needs four visits to show a trend; short histories fall back to the non-decaying profiles.
    if (profile === 'decaying' && maxVisits < 4) profile = 'independent';
    if (profile === 'mixed' && maxVisits < 5) profile = 'cloning';
    const pp = planPatient(seed, i, profile, minVisits, maxVisits, 'P');
    out.push({ patientId: pp.p.id, profile, decaying: profile === 'decaying' || profile === 'mixed', notes: [...writeHistory(pp, seed, true)] });
  }
  return out;
}

/**
 * A stream of ~2 KB notes (mean 1900-2200 chars) for benchmarks: patient histories flattened, ids
 * unique; fast (>= 100k notes/s) and O(1) memory so 1,000,000 notes can be streamed. Labels come from
 * construction only (the Jaccard redraw of {@link generateHistories} is skipped for speed).
 *
 * @example
 * let chars = 0;
 * for (const note of generateNotes({ count: 1000, seed: 3 })) chars += note.text.length;
 */
export function* generateNotes(options: { count: number; seed?: number }): Generator<GeneratedNote> {
  const count = checkCount('count', options.count, 0);
  const seed = checkCount('seed', options.seed ?? 1, -2147483648);
  let produced = 0;
  for (let i = 0; produced < count; i++) {
    const pp = planPatient(seed, i, profileFor(seed, i), 3, 12, 'S');
    for (const note of writeHistory(pp, seed, false)) {
      if (produced >= count) return;
      produced++;
      yield note;
    }
  }
}
