import { describe, expect, it } from 'vitest';
import { firedRules, readFindingCases } from '../../scripts/eval/findings.js';
import lib from '../lib.js';

// The annotated findings corpus (corpora/findings/): every case's expectation, rule by rule.
const cases = readFindingCases();
const rules = lib.listRules().filter((r) => r.scope === 'note');

describe('rules on the annotated findings corpus', () => {
  for (const c of cases) {
    it(`${c.id}: ${c.why ?? ''}`, () => {
      const fired = firedRules(lib, c);
      for (const [ruleId, want] of Object.entries(c.expect)) {
        expect(fired.has(ruleId), `${ruleId} on ${c.id} (${c.file}); fired: ${[...fired].join(', ')}`).toBe(want);
      }
    });
  }

  it('has at least 5 positive and 5 negative cases for every note rule, and only known rule ids', () => {
    const known = new Set(lib.listRules().map((r) => r.id));
    const counts = new Map<string, [number, number]>();
    for (const c of cases) {
      for (const [ruleId, want] of Object.entries(c.expect)) {
        expect(known.has(ruleId), `${c.id}: unknown rule ${ruleId}`).toBe(true);
        const n = counts.get(ruleId) ?? [0, 0];
        n[want ? 0 : 1]++;
        counts.set(ruleId, n);
      }
    }
    for (const r of rules) {
      const [pos, neg] = counts.get(r.id) ?? [0, 0];
      expect(pos, `${r.id} positive cases`).toBeGreaterThanOrEqual(5);
      expect(neg, `${r.id} negative cases`).toBeGreaterThanOrEqual(5);
    }
  });
});
