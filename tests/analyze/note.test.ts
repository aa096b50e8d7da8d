import { describe, expect, it } from 'vitest';
import lib from '../lib.js';

const { analyzeNote, listRules, FindingSchema, PRESETS } = lib;

// A lumbar TFESI note that documents every element but concordant imaging: completeness 83, which passes
// the default minimum (80) and fails the esi-lcd preset's (100).
const NO_IMAGING = [
  'HPI: 61-year-old man with right leg radicular pain for 7 months.',
  'He completed 6 weeks of physical therapy and took ibuprofen without relief.',
  'He is unable to stand longer than 10 minutes at work.',
  'PROCEDURE: Right L4-5 transforaminal epidural steroid injection under fluoroscopic guidance.',
].join('\n');
// A templated procedure note: the procedure and nothing else.
const BARE = 'PROCEDURE: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy. Tolerated well.';
// Words that must never reach an error message.
const SECRET = 'Jane Roe, MRN 4471902, lives at 12 Elm Street.';
const NECESSITY = 'medical-necessity/incomplete';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('analyzeNote input validation', () => {
  it('names the field and the note id for a bad field, and never the text', () => {
    const e = thrown(() => analyzeNote({ id: 'n-7', text: SECRET, cpt: ['6448'] }));
    expect(e, e.message).toBeInstanceOf(TypeError);
    expect(e.message).toContain('cpt');
    expect(e.message).toContain('n-7');
    expect(e.message).not.toContain('Jane');
    expect(e.message).not.toContain('4471902');
  });

  it('names a misspelt key and a malformed date', () => {
    const misspelt = thrown(() => analyzeNote({ id: 'n-8', text: SECRET, procdure: 'tfesi' } as never));
    expect(misspelt.message).toContain('procdure');
    const date = thrown(() => analyzeNote({ id: 'n-9', text: SECRET, date: '2025-02-30' }));
    expect(date.message).toContain('date');
    expect(date.message).not.toContain('Elm');
  });

  it('names a bad authorization field by its path', () => {
    const e = thrown(() => analyzeNote({ id: 'n-10', text: SECRET, context: { authorization: { levels: ['lumbar'] } } }));
    expect(e.message).toContain('context.authorization.levels');
  });

  it('rejects a note that is not an object without describing its content', () => {
    const e = thrown(() => analyzeNote(SECRET as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).not.toContain('Jane');
  });

  it('names an unknown rule id in options.rules', () => {
    const e = thrown(() => analyzeNote({ id: 'n1', text: BARE }, { rules: { 'medical-necessity/incomplet': 'off' } }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain('medical-necessity/incomplet');
  });

  it('names the rule and the option for a bad or unknown rule option', () => {
    const bad = thrown(() => analyzeNote({ id: 'n1', text: BARE }, { rules: { [NECESSITY]: ['error', { minScore: 'high' }] } }));
    expect(bad).toBeInstanceOf(TypeError);
    expect(bad.message).toContain(NECESSITY);
    expect(bad.message).toContain('minScore');
    const unknown = thrown(() => analyzeNote({ id: 'n1', text: BARE }, { rules: { 'chronic-pain-management/time': ['error', { minutes: 20 }] } }));
    expect(unknown.message).toContain('chronic-pain-management/time');
    expect(unknown.message).toContain('minutes');
  });

  it('applies options edited between calls (resolved rules are cached by value, not by object)', () => {
    const options: { rules: Record<string, 'off' | 'error'> } = { rules: { [NECESSITY]: 'error' } };
    const ids = () => analyzeNote({ id: 'n1', text: BARE }, options).findings.map((f) => f.ruleId);
    expect(ids()).toContain(NECESSITY);
    options.rules[NECESSITY] = 'off';
    expect(ids()).not.toContain(NECESSITY);
    // A value JSON cannot tell apart from a valid one is not served from the cache.
    const bad = thrown(() => analyzeNote({ id: 'n1', text: BARE }, { rules: { [NECESSITY]: ['error', { minScore: Number.NaN }] } }));
    expect(bad.message).toContain('minScore');
  });

  it('names an unknown preset and the presets there are', () => {
    const e = thrown(() => analyzeNote({ id: 'n1', text: BARE }, { preset: 'strict' }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain('strict');
    expect(e.message).toContain('esi-lcd');
  });
});

describe('NoteReport', () => {
  it('returns the note id, every fact list, valid findings with in-text evidence and a 0-100 completeness', () => {
    const report = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'], date: '2025-07-02', context: { authorization: { levels: ['L4-5'], validTo: '2025-06-30' } } });
    expect(Object.keys(report).sort()).toEqual(['completeness', 'facts', 'findings', 'noteId']);
    expect(report.noteId).toBe('n1');
    for (const key of ['painScores', 'reliefs', 'functional', 'therapy', 'procedures', 'codes', 'imaging', 'time', 'carePlan', 'necessity']) {
      expect(Array.isArray(report.facts[key as keyof typeof report.facts]), key).toBe(true);
    }
    expect(report.completeness).toBeGreaterThanOrEqual(0);
    expect(report.completeness).toBeLessThanOrEqual(100);
    const kinds = report.findings.filter((f) => f.ruleId === 'authorization/mismatch').map((f) => f.data?.kind);
    expect(kinds.sort(), JSON.stringify(report.findings)).toEqual(['date', 'levels']);
    for (const f of report.findings) {
      expect(FindingSchema.safeParse(f).success, JSON.stringify(f)).toBe(true);
      expect(f.noteId).toBe('n1');
      expect(f.message).not.toContain('Tolerated well');
      for (const ev of f.evidence ?? []) expect(ev.end <= BARE.length && ev.start < ev.end, `${f.ruleId} evidence ${JSON.stringify(ev)}`).toBe(true);
    }
  });

  it('reports the missing necessity elements of a bare procedure note with the score in data', () => {
    const f = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'] }).findings.find((x) => x.ruleId === NECESSITY);
    expect(f, BARE).toBeDefined();
    expect(f?.severity).toBe('warning');
    expect(f?.data?.missing).toEqual(expect.arrayContaining(['duration', 'failed-conservative-therapy', 'functional-impact', 'concordant-imaging']));
    expect(f?.data?.score).toBeLessThan(80);
  });
});

describe('rule settings', () => {
  it("turns a rule off with 'off'", () => {
    const on = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'] });
    const off = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'] }, { rules: { [NECESSITY]: 'off' } });
    expect(on.findings.some((f) => f.ruleId === NECESSITY)).toBe(true);
    expect(off.findings.some((f) => f.ruleId === NECESSITY)).toBe(false);
  });

  it('changes severity and options with [severity, options]', () => {
    const note = { id: 'n2', text: NO_IMAGING, cpt: ['64483'] };
    expect(analyzeNote(note).findings.some((f) => f.ruleId === NECESSITY), NO_IMAGING).toBe(false);
    const strict = analyzeNote(note, { rules: { [NECESSITY]: ['error', { minScore: 90 }] } }).findings.find((f) => f.ruleId === NECESSITY);
    expect(strict?.severity, NO_IMAGING).toBe('error');
    expect(strict?.data).toMatchObject({ minScore: 90, missing: ['concordant-imaging'] });
    const info = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'] }, { rules: { [NECESSITY]: 'info' } }).findings.find((f) => f.ruleId === NECESSITY);
    expect(info?.severity).toBe('info');
  });

  it('the esi-lcd preset requires every necessity element, where the default passes one missing', () => {
    const note = { id: 'n2', text: NO_IMAGING, cpt: ['64483'] };
    expect(PRESETS['esi-lcd']?.rules[NECESSITY]).toEqual(['error', { minScore: 100 }]);
    const lcd = analyzeNote(note, { preset: 'esi-lcd' }).findings.find((f) => f.ruleId === NECESSITY);
    expect(lcd?.severity, NO_IMAGING).toBe('error');
    expect(lcd?.data?.score).toBe(83);
    // The user's settings override the preset's.
    const relaxed = analyzeNote(note, { preset: 'esi-lcd', rules: { [NECESSITY]: ['error', { minScore: 80 }] } });
    expect(relaxed.findings.some((f) => f.ruleId === NECESSITY)).toBe(false);
  });
});

describe('listRules', () => {
  it('lists every rule once, with docs and its options as JSON Schema', () => {
    const rules = listRules();
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['authorization/mismatch', 'chronic-pain-management/time', 'chronic-pain-management/care-plan', NECESSITY, 'history/cloned-note']) {
      expect(ids, id).toContain(id);
    }
    for (const r of rules) {
      expect(['note', 'history'], r.id).toContain(r.scope);
      expect(['error', 'warning', 'info'], r.id).toContain(r.defaultSeverity);
      expect(r.options, r.id).toMatchObject({ type: 'object' });
    }
    const necessity = rules.find((r) => r.id === NECESSITY);
    expect(necessity?.options).toMatchObject({ properties: { minScore: { type: 'number', default: 80 } } });
    const carePlan = rules.find((r) => r.id === 'chronic-pain-management/care-plan');
    expect(carePlan?.options).toMatchObject({ properties: { required: { type: 'array' }, recommended: { type: 'array' } } });
  });

  it('runs every listed note rule through analyzeNote when configured by id', () => {
    const settings = Object.fromEntries(listRules().map((r) => [r.id, 'info' as const]));
    const report = analyzeNote({ id: 'n1', text: BARE, cpt: ['64483'] }, { rules: settings });
    for (const f of report.findings) expect(f.severity, f.ruleId).toBe('info');
  });
});
