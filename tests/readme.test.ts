import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lib from './lib.js';

// The README's usage example is run here, so the facts its comments promise stay true.
const readme = readFileSync('README.md', 'utf8');
const note = /const note = `([^`]*)`/.exec(readme)?.[1] ?? '';

describe('README usage example', () => {
  it('has a note to run', () => {
    expect(note.length).toBeGreaterThan(100);
  });

  it('gives the facts its comments show', () => {
    const doc = lib.prepare(note);
    expect(lib.extractPainScores(doc).map((p) => [p.value, p.timing])).toEqual([
      [8, 'pre'],
      [2, 'post'],
    ]);
    expect(lib.extractPainRelief(doc).map((r) => [r.percent, r.durationWeeks])).toEqual([
      [0, undefined],
      [70, 17.381],
    ]);
    expect(lib.extractFunctionalStatements(doc)).toMatchObject([{ kind: 'improvement', specific: true, activity: 'walking', measure: { value: 20, unit: 'minute' } }]);
    expect(lib.extractConservativeTherapy(doc)).toMatchObject([
      { modality: 'physical-therapy', status: 'tried', outcome: 'failed', durationWeeks: 8 },
      { modality: 'nsaid', drug: 'ibuprofen', outcome: 'failed' },
    ]);
  });
});
