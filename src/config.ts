// Which rules run, at what severity, with what options: a preset (data in src/presets/) overlaid with the
// user's `rules`. Validated at the edge with zod; an unknown rule id or a bad option is an error naming it.
import { z } from 'zod';
import { RuleSettingSchema, type RuleSetting } from './rule-settings.js';
import type { Severity } from './findings.js';
import esiLcd from './presets/esi-lcd.json';
import recommended from './presets/recommended.json';
import { RULES, RULES_BY_ID } from './rules/index.js';
import type { AnyRule } from './rules/types.js';

const PresetSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    /** Where the values come from (public policy documents), for the docs. */
    sources: z.array(z.string()),
    rules: z.record(z.string(), RuleSettingSchema),
  })
  .strict();
export type Preset = z.infer<typeof PresetSchema>;

function loadPreset(json: unknown): Preset {
  const preset = PresetSchema.parse(json);
  for (const id of Object.keys(preset.rules)) {
    if (!RULES_BY_ID.has(id)) throw new Error(`notelint: preset ${preset.id} configures unknown rule ${id}`);
  }
  return preset;
}

/**
 * The built-in presets: `recommended` (every rule at its default severity and options) and `esi-lcd`
 * (thresholds from public Medicare LCD summaries for epidural steroid injections and facet interventions;
 * payers differ, every value is configurable, and notelint gives documentation feedback, not coverage
 * decisions).
 *
 * @example
 * PRESETS['esi-lcd'].rules['conservative-therapy/too-short']; // ['error', { minWeeks: 4 }]
 */
export const PRESETS: Readonly<Record<string, Preset>> = {
  recommended: loadPreset(recommended),
  'esi-lcd': loadPreset(esiLcd),
};

export interface ActiveRule {
  readonly rule: AnyRule;
  readonly severity: Severity;
  readonly options: unknown;
}

function issues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map(String).join('.');
      const message = i.code === 'unrecognized_keys' ? `unknown option(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}` : i.message;
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}

/**
 * The rules to run: the preset's settings, then the user's, each rule's options validated by its schema.
 * `defaults` are option values set elsewhere (analyzeHistory's `cloneThreshold`), below the user's rules.
 */
export function resolveRules(fn: string, preset: string | undefined, rules: Record<string, RuleSetting> | undefined, defaults: Record<string, Record<string, unknown>> = {}): readonly ActiveRule[] {
  // A batch passes the same options for every note; resolving and validating twenty rules' options each
  // time cost several percent of analyzeNote. Keyed by value, so a caller that edits its options object
  // between calls still gets what it asked for.
  // The common call (a preset, no overrides) needs no JSON at all.
  const key = rules === undefined && Object.keys(defaults).length === 0 ? (preset ?? 'recommended') : cacheKey([preset ?? null, rules ?? null, defaults]);
  const cached = key === undefined ? undefined : resolved.get(key);
  if (cached) return cached;
  const out = resolveUncached(fn, preset, rules, defaults);
  if (key !== undefined) {
    if (resolved.size >= 64) resolved.clear();
    resolved.set(key, out);
  }
  return out;
}

/** The options as JSON, or undefined when JSON would lose something (a function, NaN, undefined, a Date or other class instance...) and two different inputs could share a key. */
function cacheKey(value: unknown): string | undefined {
  const seen = { exact: true };
  const key = JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) seen.exact = false;
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v))) seen.exact = false;
    return typeof v === 'bigint' ? null : v;
  });
  return seen.exact ? key : undefined;
}

const resolved = new Map<string, readonly ActiveRule[]>();

function resolveUncached(fn: string, preset: string | undefined, rules: Record<string, RuleSetting> | undefined, defaults: Record<string, Record<string, unknown>>): readonly ActiveRule[] {
  const base = PRESETS[preset ?? 'recommended'];
  if (!base) {
    throw new TypeError(`notelint.${fn}: options.preset ${JSON.stringify(preset)} is not a preset; use one of ${Object.keys(PRESETS).join(', ')}`);
  }
  for (const id of Object.keys(rules ?? {})) {
    if (!RULES_BY_ID.has(id)) throw new TypeError(`notelint.${fn}: options.rules has unknown rule id ${JSON.stringify(id)}; listRules() names them all`);
  }
  const out: ActiveRule[] = [];
  for (const rule of RULES) {
    let severity: Severity | 'off' = rule.meta.defaultSeverity;
    let options: Record<string, unknown> = { ...defaults[rule.id] };
    for (const setting of [base.rules[rule.id], rules?.[rule.id]]) {
      if (setting === undefined) continue;
      if (typeof setting === 'string') severity = setting === 'off' ? 'off' : setting;
      else {
        severity = setting[0];
        options = { ...options, ...setting[1] };
      }
    }
    if (severity === 'off') continue;
    const parsed = rule.meta.options.safeParse(options);
    if (!parsed.success) throw new TypeError(`notelint.${fn}: options.rules[${JSON.stringify(rule.id)}] ${issues(parsed.error)}`, { cause: parsed.error });
    out.push(Object.freeze({ rule, severity, options: parsed.data }));
  }
  return Object.freeze(out);
}

/**
 * One rule as `listRules()` describes it.
 *
 * @example
 * { id: 'pain-score/missing-post', scope: 'note', description: '...', defaultSeverity: 'error', docs: '...', options: { type: 'object', properties: {} } }
 */
export interface RuleInfo {
  id: string;
  scope: 'note' | 'history';
  description: string;
  defaultSeverity: Severity;
  docs: string;
  /** The options schema as JSON Schema. */
  options: unknown;
}

/**
 * Every rule with its id, description, default severity, docs and options schema (JSON Schema).
 *
 * @example
 * listRules().map((r) => r.id); // ['conservative-therapy/missing', ..., 'history/documentation-decay']
 */
export function listRules(): RuleInfo[] {
  return RULES.map((r) => ({
    id: r.id,
    scope: r.scope,
    description: r.meta.description,
    defaultSeverity: r.meta.defaultSeverity,
    docs: r.meta.docs,
    options: z.toJSONSchema(r.meta.options, { io: 'input' }),
  }));
}
