import { describe, expect, it } from 'vitest';
import { findDates, maskPainScores, toIsoDate, weeksBetween } from '../../src/extract/dates.js';

describe('toIsoDate: as precise as written', () => {
  it("reads '01/2025' as '2025-01', 'March 2025' as '2025-03', '3/15/2025' as '2025-03-15' and '2024' as '2024'", () => {
    const cases: [string, string][] = [
      ['01/2025', '2025-01'],
      ['March 2025', '2025-03'],
      ['Mar. 2025', '2025-03'],
      ['3/15/2025', '2025-03-15'],
      ['03-15-2025', '2025-03-15'],
      ['2025-03-15', '2025-03-15'],
      ['March 15, 2025', '2025-03-15'],
      ['15th of March, 2025', '2025-03-15'],
      ['03/15/98', '1998-03-15'],
      ['2024', '2024'],
    ];
    for (const [text, iso] of cases) expect(toIsoDate(text), text).toBe(iso);
  });

  it("never reads a pain score or a dose as a date ('8/10', '6-7/10', 'Norco 10/325', '2000 mg')", () => {
    for (const text of ['8/10', 'pain 6-7/10', 'Norco 10/325 mg', '2000 mg', '13/2025']) expect(toIsoDate(text), text).toBeUndefined();
  });

  it('uses chrono-node for a month name the regex cannot read, with pain scores masked', () => {
    expect(toIsoDate('pain 8/10 since Mar. 15th, 2025'), 'ordinal day').toBe('2025-03-15');
  });
});

describe('findDates', () => {
  it("finds both ends of 'from 01/2025 to 03/2025' with offsets", () => {
    const text = 'PT from 01/2025 to 03/2025, pain 8/10';
    const found = findDates(text);
    expect(found.map((d) => d.iso), text).toEqual(['2025-01', '2025-03']);
    for (const d of found) expect(text.slice(d.start, d.end), text).toMatch(/^0[13]\/2025$/);
  });

  it('searches only the given range', () => {
    const text = 'In 2019 she had surgery; PT in 2024.';
    expect(findDates(text, 25).map((d) => d.iso), text).toEqual(['2024']);
  });
});

describe('maskPainScores', () => {
  it("blanks '8/10', '6-7/10' and '8 out of 10' and keeps offsets", () => {
    const text = 'pain 8/10, 6-7/10, 8 out of 10 on 3/15/2025';
    const masked = maskPainScores(text);
    expect(masked.length, text).toBe(text.length);
    expect(masked, text).not.toMatch(/\/10|out of 10/);
    expect(masked, text).toContain('3/15/2025');
  });
});

describe('weeksBetween', () => {
  it('measures at the coarser precision of the two dates', () => {
    expect(weeksBetween('2025-01', '2025-03'), 'months').toBeCloseTo(8.69, 2);
    expect(weeksBetween('2025-01-01', '2025-01-29'), 'days').toBe(4);
    expect(weeksBetween('2023', '2024-06'), 'year').toBeCloseTo(52.14, 2);
    expect(weeksBetween('2025-03', '2025-01'), 'end before start').toBeUndefined();
  });
});
