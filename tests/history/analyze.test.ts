import { describe, expect, it } from 'vitest';
import { FULL_NOTE, REWRITTEN_NOTE } from '../../src/rules/history/samples.js';
import lib from '../lib.js';

const { analyzeHistory, FindingSchema } = lib;

// A complete lumbar TFESI note and an independently written follow-up (shared with the history rules' fixtures).
const FULL = FULL_NOTE;
const REWRITTEN = REWRITTEN_NOTE;

function note(id: string, date: string, text: string, procedure = 'lumbar-tfesi') {
  return { id, patientId: 'patient-1', date, text, procedure };
}

function findings(report: ReturnType<typeof analyzeHistory>, ruleId: string) {
  return report.findings.filter((f) => f.ruleId === ruleId);
}

describe('analyzeHistory', () => {
  it('orders notes by date, keeping input order for the same date', () => {
    const report = analyzeHistory([
      note('c', '2025-09-01', REWRITTEN),
      note('a', '2025-03-01', FULL),
      note('b2', '2025-06-01T15:00:00Z', FULL.replace('7/10', '5/10')),
      note('b1', '2025-06-01', FULL.replace('7/10', '6/10')),
      note('b3', '2025-06-01T15:00:00Z', REWRITTEN),
    ]);
    expect(report.patientId).toBe('patient-1');
    expect(report.notes.map((n) => n.id)).toEqual(['a', 'b1', 'b2', 'b3', 'c']);
  });

  it('reports the first note with null similarities and nothing copied', () => {
    const [first] = analyzeHistory([note('a', '2025-03-01', FULL)]).notes;
    expect(first).toMatchObject({ id: 'a', date: '2025-03-01', similarityToPrevious: null, maxSimilarityToPrior: null, mostSimilarPriorId: null, copiedFraction: 0, copiedSpans: [] });
    expect(first?.tokens).toBeGreaterThan(100);
  });

  it('flags a copy-forward that only changes scores and dates as a cloned note, with the copied passage as evidence', () => {
    const texts = [FULL, FULL.replace('7/10', '8/10').replace('for 9 months', 'for 12 months').replace('80 mg', '40 mg')];
    const report = analyzeHistory([note('v1', '2025-03-01', texts[0]!), note('v2', '2025-06-01', texts[1]!)]);
    const v2 = report.notes[1]!;
    expect(v2.similarityToPrevious).toBe(1);
    expect(v2.mostSimilarPriorId).toBe('v1');
    expect(v2.copiedFraction).toBe(1);
    const [f] = findings(report, 'history/cloned-note');
    expect(f).toMatchObject({ noteId: 'v2', severity: 'warning', relatedNoteIds: ['v1'] });
    expect(FindingSchema.safeParse(f).success).toBe(true);
    // The copied passage covers the note from its first word to its last.
    expect(f?.evidence).toEqual([{ noteId: 'v2', start: 0, end: texts[1]!.length - 1 }]);
  });

  it('does not flag a rewritten follow-up of the same procedure', () => {
    const report = analyzeHistory([note('v1', '2025-03-01', FULL), note('v2', '2025-09-01', REWRITTEN)]);
    expect(report.notes[1]!.similarityToPrevious).toBeLessThan(0.3);
    expect(findings(report, 'history/cloned-note')).toEqual([]);
  });

  it('attributes each copied passage to the note it came from', () => {
    const mixed = `${REWRITTEN}\n${FULL.split('\n').slice(3, 5).join('\n')}`;
    const report = analyzeHistory([note('v1', '2025-03-01', FULL), note('v2', '2025-06-01', 'Telephone call: scheduling only, no clinical content.'), note('v3', '2025-09-01', mixed)]);
    const v3 = report.notes[2]!;
    expect(v3.copiedSpans.length).toBe(1);
    const span = v3.copiedSpans[0]!;
    expect(span.fromNoteId).toBe('v1');
    expect(mixed.slice(span.start, span.end)).toBe(FULL.split('\n').slice(3, 5).join('\n').replace(/\.$/, ''));
    expect(v3.copiedFraction).toBeGreaterThan(0.2);
    expect(v3.copiedFraction).toBeLessThan(0.7);
  });

  it('finds a clone run of three and none when the middle visit was rewritten', () => {
    const clone = (s: string) => FULL.replace('7/10', s);
    const run = analyzeHistory([note('v1', '2025-01-01', clone('7/10')), note('v2', '2025-04-01', clone('6/10')), note('v3', '2025-07-01', clone('8/10'))]);
    const [f] = findings(run, 'history/clone-run');
    expect(f).toMatchObject({ noteId: 'v3', severity: 'error', relatedNoteIds: ['v1', 'v2'], data: { length: 3 } });
    const broken = analyzeHistory([note('v1', '2025-01-01', clone('7/10')), note('v2', '2025-04-01', REWRITTEN), note('v3', '2025-07-01', clone('8/10'))]);
    expect(findings(broken, 'history/clone-run')).toEqual([]);
    expect(findings(broken, 'history/cloned-note').map((x) => x.noteId)).toEqual(['v3']);
  });

  it('reports only maximal clone runs, and honours minRun', () => {
    const notes = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01'].map((d, i) => note(`v${i + 1}`, d, FULL.replace('7/10', `${i}/10`)));
    const report = analyzeHistory(notes);
    expect(findings(report, 'history/clone-run').map((f) => [f.noteId, f.data?.length])).toEqual([['v5', 5]]);
    expect(findings(analyzeHistory(notes.slice(0, 4), { minRun: 5 }), 'history/clone-run')).toEqual([]);
  });

  it('honours cloneThreshold', () => {
    const half = `${FULL}\n${REWRITTEN}`;
    const report = analyzeHistory([note('v1', '2025-01-01', FULL), note('v2', '2025-02-01', half)]);
    const s = report.notes[1]!.similarityToPrevious!;
    expect(s).toBeGreaterThan(0.4);
    expect(s).toBeLessThan(0.85);
    expect(findings(report, 'history/cloned-note')).toEqual([]);
    const strictReport = analyzeHistory([note('v1', '2025-01-01', FULL), note('v2', '2025-02-01', half)], { cloneThreshold: 0.4 });
    expect(findings(strictReport, 'history/cloned-note').map((f) => f.noteId)).toEqual(['v2']);
  });

  it('counts the specificity of each note from the extractors', () => {
    const [entry] = analyzeHistory([note('a', '2025-03-01', FULL)]).notes;
    expect(entry?.specificity.painScores).toBe(2);
    expect(entry?.specificity.therapyMentions).toBeGreaterThanOrEqual(2);
    expect(entry?.specificity.datedTherapy).toBeGreaterThanOrEqual(2);
    expect(entry?.specificity.specificFunctional).toBeGreaterThanOrEqual(1);
    expect(entry?.specificity.score).toBeGreaterThan(0.6);
    expect(entry?.specificity.score).toBeLessThanOrEqual(1);
    const [thin] = analyzeHistory([note('b', '2025-03-01', 'Follow-up. Doing better. Continue current plan.')]).notes;
    expect(thin?.specificity).toMatchObject({ painScores: 0, reliefs: 0, specificFunctional: 0, datedTherapy: 0, score: 0 });
  });

  it('reports documentation decay when earlier facts go missing two visits running, and names them', () => {
    const thin1 = 'Follow-up for low back pain. She is doing better overall. Plan: repeat left L4-5 transforaminal injection under fluoroscopy.';
    const thin2 = 'Follow-up. Doing well. Repeat injection as before.';
    const report = analyzeHistory([note('v1', '2025-01-01', FULL), note('v2', '2025-04-01', thin1), note('v3', '2025-07-01', thin2)]);
    const decay = findings(report, 'history/documentation-decay');
    expect(decay.map((f) => f.noteId)).toEqual(['v3']);
    expect(decay[0]?.data?.lostElements).toEqual(expect.arrayContaining(['pain-scores', 'dated-therapy', 'specific-functional']));
    expect(decay[0]?.relatedNoteIds).toEqual(['v1', 'v2']);
  });

  it('does not report decay when one visit omits an element and the next documents it again', () => {
    const once = analyzeHistory([note('v1', '2025-01-01', FULL), note('v2', '2025-04-01', REWRITTEN), note('v3', '2025-07-01', FULL.replace('7/10', '5/10'))]);
    expect(findings(once, 'history/documentation-decay')).toEqual([]);
  });

  it('handles empty, one-word and other-script notes', () => {
    const report = analyzeHistory([note('a', '2025-01-01', ''), note('b', '2025-01-02', ''), note('c', '2025-01-03', 'Pain'), note('d', '2025-01-04', 'Боль в пояснице 7/10, 腰痛'), note('e', '2025-01-05', 'Боль в пояснице 5/10, 腰痛')]);
    expect(report.notes.map((n) => n.tokens)).toEqual([0, 0, 1, 5, 5]);
    expect(report.notes[1]?.similarityToPrevious).toBe(1);
    expect(report.notes[4]?.similarityToPrevious).toBe(1);
    for (const f of report.findings) expect(FindingSchema.safeParse(f).success).toBe(true);
  });

  it('handles a 1 MB note copied forward, with copied spans inside the note', () => {
    const big = `${FULL}\n`.repeat(Math.ceil(1_000_000 / (FULL.length + 1)));
    // Numbers are masked: a new score and dose leave the copy a copy.
    const edited = big.replace('7/10', '8/10').replace('80 mg', '40 mg');
    const report = analyzeHistory([note('a', '2025-01-01', big), note('b', '2025-02-01', edited)]);
    const b = report.notes[1]!;
    expect(b.similarityToPrevious).toBeGreaterThan(0.85);
    expect(b.copiedSpans.length).toBeGreaterThan(0);
    for (const span of b.copiedSpans) {
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.end).toBeLessThanOrEqual(edited.length);
      expect(span.fromNoteId).toBe('a');
    }
    expect(findings(report, 'history/cloned-note').map((f) => f.noteId)).toEqual(['b']);
  });

  it('never quotes note text in a message', () => {
    const marker = 'Zyxwvut Qqqq';
    const text = `${FULL}\n${marker} walks 20 minutes.`;
    const report = analyzeHistory([1, 2, 3, 4].map((i) => note(`v${i}`, `2025-0${i}-01`, i < 3 ? text : `${marker} doing well.`)));
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(JSON.stringify({ m: f.message, d: f.data }), f.ruleId).not.toMatch(/Zyxwvut|Qqqq/);
  });
});

describe('analyzeHistory input validation', () => {
  const ok = note('v1', '2025-01-01', 'SECRET-TEXT pain 7/10');
  const cases: [string, unknown, RegExp][] = [
    ['an invalid date', [{ ...ok, date: '2025-02-30' }], /notes\[0\] \(id "v1"\)\.?:? ?date must be an ISO 8601 date/],
    ['a date that is not ISO 8601', [{ ...ok, date: '03/04/2025' }], /date must be an ISO 8601 date/],
    ['a duplicate id', [ok, { ...ok, date: '2025-02-01' }], /notes\[1\] \(id "v1"\)\.id duplicates the id of notes\[0\]/],
    ['two patients', [ok, { ...ok, id: 'v2', patientId: 'other' }], /notes\[1\] \(id "v2"\)\.patientId differs/],
    ['a missing text', [{ id: 'v1', patientId: 'p', date: '2025-01-01' }], /notes\[0\] \(id "v1"\): text: /],
    ['an unknown key', [{ ...ok, procdure: 'x' }], /unknown key\(s\) "procdure"/],
    ['an empty id', [{ ...ok, id: '' }], /notes\[0\]: id must be a non-empty string/],
    ['no notes', [], /at least one note/],
    ['not an array', 'notes', /notes must be an array/],
  ];
  for (const [what, input, message] of cases) {
    it(`rejects ${what} with an error naming the note and field, never the text`, () => {
      let error: unknown;
      try {
        analyzeHistory(input as never);
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(TypeError);
      expect((error as Error).message, what).toMatch(message);
      expect((error as Error).message, what).not.toMatch(/SECRET/);
    });
  }

  it('rejects bad options by name', () => {
    expect(() => analyzeHistory([ok], { cloneThreshold: 1.5 })).toThrow(/options\.cloneThreshold/);
    expect(() => analyzeHistory([ok], { minRun: 1 })).toThrow(/options\.minRun/);
    expect(() => analyzeHistory([ok], { colneThreshold: 0.9 } as never)).toThrow(/options: unknown key\(s\) "colneThreshold"/);
  });
});

describe('analyzeHistory copied spans in any script', () => {
  it('points copied-span offsets at whole words of the note, also after non-ASCII text', () => {
    const shared = 'Дважды выполнена блокада медиальных ветвей на уровне L4-5 справа с облегчением боли более чем на восемьдесят процентов';
    const a = `Первичная консультация. ${shared}. Пациентка ходит 20 минут.`;
    const b = `Повторный визит — é, 😀 ü. ${shared}. Новый план лечения обсуждён подробно.`;
    const report = lib.analyzeHistory([
      { id: 'a', patientId: 'p', date: '2025-01-01', text: a },
      { id: 'b', patientId: 'p', date: '2025-02-01', text: b },
    ]);
    const spans = report.notes[1]!.copiedSpans;
    expect(spans.length, JSON.stringify(spans)).toBe(1);
    expect(b.slice(spans[0]!.start, spans[0]!.end), JSON.stringify(spans)).toBe(shared);
  });
});
