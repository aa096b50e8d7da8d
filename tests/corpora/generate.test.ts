import { describe, expect, it } from 'vitest';
import { generateHistories, generateNotes, type GeneratedHistory, type GeneratedNote } from '../../corpora/histories/generate.js';
import lib, { prepare } from '../lib.js';
import { jaccard, shingles } from '../similarity/lib.js';

// Two seeds of the default size: the label guarantees must hold for every note, not on average.
const corpora = [1, 2].map((seed) => ({ seed, histories: generateHistories({ seed }) }));
const all: GeneratedHistory[] = corpora.flatMap((c) => c.histories);

function setsOf(h: GeneratedHistory): Map<string, Uint32Array> {
  return new Map(h.notes.map((n) => [n.id, shingles(n.text)]));
}

const { extractConservativeTherapy, extractFunctionalStatements, extractPainRelief, extractPainScores } = lib;

/** The facts a payer reviewer checks, counted as the extractors read them. */
function specificFacts(text: string): { scores: number; relief: number; functional: number; datedTherapy: number; total: number } {
  const doc = prepare(text);
  const scores = extractPainScores(doc).filter((f) => f.kind === 'observed').length;
  const relief = extractPainRelief(doc).filter((f) => f.percent > 0).length;
  const functional = extractFunctionalStatements(doc).filter((f) => f.specific && !f.negated).length;
  const datedTherapy = extractConservativeTherapy(doc).filter((t) => t.durationWeeks !== undefined || t.dates !== undefined).length;
  return { scores, relief, functional, datedTherapy, total: scores + relief + functional + datedTherapy };
}

describe('generateHistories', () => {
  it('is deterministic: the same seed gives the same histories and another seed different ones', () => {
    const a = generateHistories({ seed: 5, patients: 12 });
    const b = generateHistories({ seed: 5, patients: 12 });
    const c = generateHistories({ seed: 6, patients: 12 });
    expect(a, 'seed 5 twice').toEqual(b);
    const texts = (hs: GeneratedHistory[]) => hs.flatMap((h) => h.notes.map((n) => n.text));
    const shared = texts(a).filter((t) => texts(c).includes(t));
    expect(shared, 'seed 5 vs seed 6 share note texts').toEqual([]);
  });

  it('gives the default 60 patients, every profile, and visit counts within the options', () => {
    for (const { seed, histories } of corpora) {
      expect(histories.length, `seed ${seed}`).toBe(60);
      for (const profile of ['independent', 'cloning', 'decaying', 'mixed'] as const) {
        expect(histories.filter((h) => h.profile === profile).length, `seed ${seed} ${profile}`).toBe(15);
      }
      for (const h of histories) {
        const min = h.decaying ? 4 : 3;
        expect(h.notes.length, `${h.patientId} (${h.profile})`).toBeGreaterThanOrEqual(min);
        expect(h.notes.length, `${h.patientId} (${h.profile})`).toBeLessThanOrEqual(12);
        expect(h.decaying, h.patientId).toBe(h.profile === 'decaying' || h.profile === 'mixed');
      }
    }
    const short = generateHistories({ seed: 3, patients: 8, minVisits: 2, maxVisits: 3 });
    for (const h of short) expect(h.notes.length, `${h.patientId} maxVisits 3`).toBeLessThanOrEqual(3);
  });

  it('dates increase by 4 to 16 weeks, ids are unique and a copy names an earlier note with the same procedure', () => {
    const ids = new Set<string>();
    for (const h of all) {
      const byId = new Map<string, GeneratedNote>();
      h.notes.forEach((n, i) => {
        expect(n.date, n.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(n.patientId, n.id).toBe(h.patientId);
        const prev = h.notes[i - 1];
        if (prev !== undefined) {
          const days = (Date.parse(n.date) - Date.parse(prev.date)) / 86_400_000;
          expect(days, `${prev.id} ${prev.date} -> ${n.id} ${n.date}`).toBeGreaterThanOrEqual(28);
          expect(days, `${prev.id} ${prev.date} -> ${n.id} ${n.date}`).toBeLessThanOrEqual(112);
        }
        if (n.label.kind !== 'original') {
          const src = byId.get(n.label.from);
          expect(src, `${n.id} copies ${n.label.from}`).toBeDefined();
          expect(src?.procedure, `${n.id} copies ${n.label.from}`).toBe(n.procedure);
        }
        byId.set(n.id, n);
      });
      for (const n of h.notes) ids.add(`${String(corpora.findIndex((c) => c.histories.includes(h)))}:${n.id}`);
    }
    expect(ids.size).toBe(all.reduce((s, h) => s + h.notes.length, 0));
  });

  it('a clone has Jaccard >= 0.88 to its source; an original or partial edit < 0.8 to every earlier note', () => {
    let clones = 0;
    let edits = 0;
    for (const h of all) {
      const sets = setsOf(h);
      h.notes.forEach((n, i) => {
        const set = sets.get(n.id) ?? new Uint32Array();
        if (n.label.kind === 'clone') {
          clones++;
          const j = jaccard(set, sets.get(n.label.from) ?? new Uint32Array());
          expect(j, `${n.id} clone of ${n.label.from}`).toBeGreaterThanOrEqual(0.88);
          return;
        }
        if (n.label.kind === 'partial-edit') edits++;
        for (const earlier of h.notes.slice(0, i)) {
          const j = jaccard(set, sets.get(earlier.id) ?? new Uint32Array());
          expect(j, `${n.id} (${n.label.kind}) vs ${earlier.id}`).toBeLessThan(0.8);
        }
      });
    }
    expect(clones, 'clones generated').toBeGreaterThan(50);
    expect(edits, 'partial edits generated').toBeGreaterThan(10);
  });

  it('every cloning history holds a run of >= 3 consecutive near-identical notes; independent and decaying histories none', () => {
    for (const h of all) {
      const sets = h.notes.map((n) => shingles(n.text));
      let run = 1;
      let longest = 1;
      for (let i = 1; i < sets.length; i++) {
        run = jaccard(sets[i]!, sets[i - 1]!) >= 0.85 ? run + 1 : 1;
        longest = Math.max(longest, run);
      }
      if (h.profile === 'cloning' || h.profile === 'mixed') {
        expect(longest, `${h.patientId} (${h.profile})`).toBeGreaterThanOrEqual(3);
        expect(longest, `${h.patientId} (${h.profile})`).toBeLessThanOrEqual(6);
      } else expect(longest, `${h.patientId} (${h.profile})`).toBe(1);
    }
  });

  it('decaying histories lose extractor-visible facts and length from the first note to the last', () => {
    for (const h of all.filter((x) => x.profile === 'decaying')) {
      const first = h.notes[0]!;
      const last = h.notes[h.notes.length - 1]!;
      const a = specificFacts(first.text);
      const b = specificFacts(last.text);
      const msg = `${h.patientId}: first ${JSON.stringify(a)} last ${JSON.stringify(b)}`;
      expect(b.scores, msg).toBe(0);
      expect(b.relief, msg).toBe(0);
      expect(b.functional, msg).toBe(0);
      expect(b.datedTherapy, msg).toBe(0);
      expect(a.scores * a.functional * a.datedTherapy, msg).toBeGreaterThan(0);
      expect(last.text.length, `${h.patientId} length`).toBeLessThan(first.text.length * 0.75);
      expect(h.notes.map((n) => n.decayStep), h.patientId).toEqual(h.notes.map((_, i) => i));
    }
  });

  it('independent histories keep pain scores, specific function and dated therapy in every note', () => {
    for (const h of all.filter((x) => x.profile === 'independent')) {
      for (const n of h.notes) {
        const f = specificFacts(n.text);
        const msg = `${n.id}: ${JSON.stringify(f)}`;
        expect(f.scores, msg).toBeGreaterThan(0);
        expect(f.functional, msg).toBeGreaterThan(0);
        expect(f.datedTherapy, msg).toBeGreaterThan(0);
        expect(n.decayStep, msg).toBeUndefined();
      }
    }
  });
});

describe('generateNotes', () => {
  it('streams exactly count notes of about 2 KB on average with unique ids, the same for the same seed', () => {
    const notes = [...generateNotes({ count: 3000, seed: 9 })];
    expect(notes.length).toBe(3000);
    const mean = notes.reduce((s, n) => s + n.text.length, 0) / notes.length;
    expect(mean, 'mean length').toBeGreaterThanOrEqual(1900);
    expect(mean, 'mean length').toBeLessThanOrEqual(2200);
    expect(new Set(notes.map((n) => n.id)).size).toBe(3000);
    const again = [...generateNotes({ count: 50, seed: 9 })];
    expect(again, 'seed 9 twice').toEqual(notes.slice(0, 50));
    expect([...generateNotes({ count: 0 })]).toEqual([]);
  });
});
