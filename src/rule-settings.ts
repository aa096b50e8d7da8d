// The shape of rule settings, apart from the rules themselves, so input schemas can use it without loading
// every rule (the rules import the input types).
import { z } from 'zod';

const SETTING_LEVEL = z.enum(['off', 'info', 'warning', 'error']);
/** `'warning'`, or `['error', { minWeeks: 6 }]`. */
export const RuleSettingSchema = z.union([SETTING_LEVEL, z.tuple([SETTING_LEVEL, z.record(z.string(), z.unknown())])]);
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

/** The options every analysis accepts. */
export const RuleOptionsSchema = {
  /** A built-in preset: 'recommended' (default) or 'esi-lcd'. */
  preset: z.string().optional(),
  /** Per-rule severity ('off' | 'info' | 'warning' | 'error') or [severity, options]; overrides the preset. */
  rules: z.record(z.string(), RuleSettingSchema).optional(),
};

