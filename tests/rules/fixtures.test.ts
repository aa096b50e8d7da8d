import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RuleFixtures } from '../../src/rules/fixture.js';
import lib from '../lib.js';

// Each rule's fixtures sit beside it: src/rules/<rule id>.fixtures.ts. Valid notes must not fire the rule,
// invalid ones must.
function fired(ruleId: string, f: RuleFixtures['valid'][number]): boolean {
  if (f.prior?.length) {
    const note = { patientId: f.prior[0]!.patientId, ...f.note } as Parameters<typeof lib.analyzeHistory>[0][number];
    const report = lib.analyzeHistory([...f.prior, note], f.options);
    return report.notes.find((n) => n.id === f.note.id)!.report.findings.some((x) => x.ruleId === ruleId);
  }
  return lib.analyzeNote(f.note, f.options).findings.some((x) => x.ruleId === ruleId);
}

describe('rule fixtures', () => {
  for (const rule of lib.listRules()) {
    describe(rule.id, () => {
      const path = `src/rules/${rule.id}.fixtures.ts`;
      it('has fixtures beside it, at least two valid and two invalid', async () => {
        expect(existsSync(path), path).toBe(true);
        const { fixtures } = (await import(`../../${path}`)) as { fixtures: RuleFixtures };
        expect(fixtures.valid.length).toBeGreaterThanOrEqual(2);
        expect(fixtures.invalid.length).toBeGreaterThanOrEqual(2);
        for (const f of fixtures.valid) expect(fired(rule.id, f), `valid: ${f.why} — ${JSON.stringify(f.note.text.slice(0, 300))}`).toBe(false);
        for (const f of fixtures.invalid) expect(fired(rule.id, f), `invalid: ${f.why} — ${JSON.stringify(f.note.text.slice(0, 300))}`).toBe(true);
      });

      it('has a description, docs and an options schema', () => {
        expect(rule.description.length).toBeGreaterThan(20);
        expect(rule.docs.length).toBeGreaterThan(100);
        expect(rule.options).toMatchObject({ type: 'object' });
        expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*\/[a-z]+(?:-[a-z]+)*$/);
      });
    });
  }
});
