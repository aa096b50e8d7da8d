import { describe, expect, it } from 'vitest';
import { findSpinalLevels } from '../../src/extract/levels.js';

function levels(text: string): string[][] {
  const out = findSpinalLevels(text, 0, text.length);
  for (const m of out) {
    expect(m.span.start, `span in ${JSON.stringify(text)}`).toBeLessThan(m.span.end);
    expect(/^[CTLS]/i.test(text.slice(m.span.start, m.span.end)), `evidence starts at the level in ${JSON.stringify(text)}`).toBe(true);
  }
  return out.map((m) => m.levels);
}

describe('findSpinalLevels: normalizing segments', () => {
  it("reads a level run into 'levels' ('L1evels') as the level, but not 'L1a' or 'T1w'", () => {
    const text = 'Kyphoplasty at T12 and L1evels.';
    expect(findSpinalLevels(text).map((l) => l.levels), text).toEqual([['T12'], ['L1']]);
    for (const other of ['L1a', 'T1w']) expect(findSpinalLevels(other), other).toEqual([]);
  });

  it("reads 'L4-5', 'L4/5', 'L4-L5', 'L4 - L5', 'L4–5' and 'L-4-5' as L4-5", () => {
    for (const text of ['at L4-5.', 'at L4/5.', 'at L4-L5.', 'at L4 - L5.', 'at L4–5.', 'at L-4-5.', 'at l4-5.']) {
      expect(levels(text), text).toEqual([['L4-5']]);
    }
  });

  it("reads 'L5-S1', 'L5/S1', 'L5S1' and 'L5-1' as L5-S1, and joins regions at C7-T1 and T12-L1", () => {
    for (const text of ['L5-S1', 'L5/S1', 'L5S1', 'L5-1']) expect(levels(text), text).toEqual([['L5-S1']]);
    expect(levels('C7-T1 disc'), 'C7-T1').toEqual([['C7-T1']]);
    expect(levels('T12-L1 fracture'), 'T12-L1').toEqual([['T12-L1']]);
    expect(levels('C5-6 and C6-7'), 'C5-6 and C6-7').toEqual([['C5-6'], ['C6-7']]);
  });

  it("expands a range: 'L3-5' is L3-4 and L4-5, 'L4-S1' is L4-5 and L5-S1, 'C5 through C7' is C5-6 and C6-7", () => {
    expect(levels('stenosis L3-5'), 'L3-5').toEqual([['L3-4', 'L4-5']]);
    expect(levels('fusion L4-S1'), 'L4-S1').toEqual([['L4-5', 'L5-S1']]);
    expect(levels('C5 through C7'), 'C5 through C7').toEqual([['C5-6', 'C6-7']]);
    expect(levels('L3 to L5 laminectomy'), 'L3 to L5').toEqual([['L3-4', 'L4-5']]);
  });

  it("keeps a lone vertebra or root single: 'L4', 'S1 radiculopathy', 'C8'", () => {
    expect(levels('left L4 and L5 medial branches'), 'L4 and L5').toEqual([['L4'], ['L5']]);
    expect(levels('left S1 radiculopathy'), 'S1 radiculopathy').toEqual([['S1']]);
    expect(levels('C8 distribution'), 'C8').toEqual([['C8']]);
  });

  it('gives the span of each mention within [from, to) as offsets into the whole text', () => {
    const text = 'History. MRI: L3-5 stenosis, L5/S1 protrusion.';
    const out = findSpinalLevels(text, 9, text.length);
    expect(out.map((m) => text.slice(m.span.start, m.span.end)), text).toEqual(['L3-5', 'L5/S1']);
    expect(findSpinalLevels(text, 0, 20).map((m) => m.levels), `only up to 20 in ${text}`).toEqual([['L3-4', 'L4-5']]);
  });
});

describe('findSpinalLevels: look-alikes that are not levels', () => {
  it('does not read MRI sequences, heart sounds or labs as levels', () => {
    for (const text of [
      'T2 hyperintensity in the cord.',
      'on T1-weighted images',
      'Heart: S1, S2 normal, no murmur.',
      'no S3 or S4 gallop',
      'TSH and free T4 normal.',
      'complement C3 and C4 low',
    ]) {
      expect(levels(text), text).toEqual([]);
    }
  });

  it("does not read impossible vertebrae ('L7', 'T13') or words with a digit ('CT5', 'LS1')", () => {
    for (const text of ['L7 foo', 'T13 bar', 'CT5 scan', 'LS1 line', 'L4.5 mm']) expect(levels(text), text).toEqual([]);
  });

  it('keeps a segment even next to a look-alike word: T12-L1 on T2 images is still T12-L1', () => {
    expect(levels('T12-L1 compression on T2 images'), 'T12-L1 on T2').toEqual([['T12-L1']]);
  });
});
