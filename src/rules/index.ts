// Every rule, in the order findings are reported for a note. One line per rule: a rule is one file.
import { cloneRun } from './history/clone-run.js';
import { clonedNote } from './history/cloned-note.js';
import { documentationDecay } from './history/documentation-decay.js';
import { authorizationMismatch } from './authorization/mismatch.js';
import { chronicCarePlan } from './chronic-pain-management/care-plan.js';
import { chronicCareTime } from './chronic-pain-management/time.js';
import { necessityIncomplete } from './medical-necessity/incomplete.js';
import { conservativeTherapyMissing } from './conservative-therapy/missing.js';
import { conservativeTherapyOutcomeMissing } from './conservative-therapy/outcome-missing.js';
import { conservativeTherapyTooShort } from './conservative-therapy/too-short.js';
import { conservativeTherapyUndated } from './conservative-therapy/undated.js';
import { conservativeTherapyUnspecific } from './conservative-therapy/unspecific.js';
import { functionalNoBaseline } from './functional/no-baseline.js';
import { functionalVagueOnly } from './functional/vague-only.js';
import { guidanceUndocumented } from './imaging/guidance-undocumented.js';
import { missingPost } from './pain-score/missing-post.js';
import { missingPre } from './pain-score/missing-pre.js';
import { scaleChanged } from './pain-score/scale-changed.js';
import { interval } from './repeat-procedure/interval.js';
import { responseUndocumented } from './repeat-procedure/response-undocumented.js';
import type { AnyRule } from './types.js';

export const RULES: readonly AnyRule[] = [
  // note rules (added per rule file)
  conservativeTherapyMissing,
  conservativeTherapyUnspecific,
  conservativeTherapyUndated,
  conservativeTherapyTooShort,
  conservativeTherapyOutcomeMissing,
  functionalNoBaseline,
  functionalVagueOnly,
  authorizationMismatch,
  chronicCareTime,
  chronicCarePlan,
  necessityIncomplete,
  missingPre,
  missingPost,
  scaleChanged,
  responseUndocumented,
  interval,
  guidanceUndocumented,
  // history rules
  clonedNote,
  cloneRun,
  documentationDecay,
] as AnyRule[];

export const RULES_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.id, r]));
