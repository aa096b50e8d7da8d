// The shape of the fixtures that sit beside each rule (`<rule>.fixtures.ts`, ESLint RuleTester style):
// notes the rule must leave alone (`valid`) and notes it must flag (`invalid`). tests/rules/fixtures.test.ts
// runs them all.
import type { HistoryNote, NoteInput } from '../history/input.js';

export interface RuleFixture {
  /** One line: what the case shows (the false positive avoided, the gap caught). */
  why: string;
  note: NoteInput;
  /** Earlier notes of the patient: the case runs through analyzeHistory. */
  prior?: HistoryNote[];
  options?: Record<string, unknown>;
}

export interface RuleFixtures {
  valid: RuleFixture[];
  invalid: RuleFixture[];
}
