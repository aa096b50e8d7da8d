// Every rule, in the order findings are reported for a note. One line per rule: a rule is one file.
import { cloneRun } from './history/clone-run.js';
import { clonedNote } from './history/cloned-note.js';
import { documentationDecay } from './history/documentation-decay.js';
import type { AnyRule } from './types.js';

export const RULES: readonly AnyRule[] = [
  // note rules (added per rule file)
  // history rules
  clonedNote,
  cloneRun,
  documentationDecay,
] as AnyRule[];

export const RULES_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.id, r]));
