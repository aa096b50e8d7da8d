// How much a note says about this patient today: the facts a reviewer looks for, counted from the
// extractors on one shared prepared document. Decay is a fall of these counts across visits.
import type { NoteFacts } from '../analyze/facts.js';

/**
 * Counts of the facts that make a note specific, and a 0..1 score of them.
 *
 * @example
 * { painScores: 2, reliefs: 1, specificFunctional: 1, vagueFunctional: 0, therapyMentions: 2, datedTherapy: 1, score: 0.8 }
 */
export interface Specificity {
  /** Observed 0-10 pain scores (goals excluded). */
  painScores: number;
  /** Relief statements with a percent. */
  reliefs: number;
  /** Specific, not negated, functional statements ("walks 20 minutes without a cane"). */
  specificFunctional: number;
  /** Vague functional statements ("doing better"): counted, but they add nothing to the score. */
  vagueFunctional: number;
  /** Conservative therapies tried or current. */
  therapyMentions: number;
  /** Of those, the ones with a duration or dates: what a reviewer needs to see the trial was real. */
  datedTherapy: number;
  /** Weighted share of the elements present, 0..1 (see `specificityScore`). */
  score: number;
}

/** The elements whose loss from one visit to the next is documentation decay. */
export const DECAY_ELEMENTS = ['pain-scores', 'relief', 'specific-functional', 'dated-therapy'] as const;
export type DecayElement = (typeof DECAY_ELEMENTS)[number];

// Each element saturates: a pre and a post score, one relief, two specific functional statements and two
// dated therapies are what a complete procedure note shows; more of them does not make a note more specific.
// Weights follow what reviewers ask for first (scores and function), then the conservative-therapy trail.
const WEIGHTS = [
  { key: 'painScores', cap: 2, weight: 0.25 },
  { key: 'reliefs', cap: 1, weight: 0.2 },
  { key: 'specificFunctional', cap: 2, weight: 0.25 },
  { key: 'datedTherapy', cap: 2, weight: 0.2 },
  { key: 'therapyMentions', cap: 2, weight: 0.1 },
] as const;

/** The 0..1 score of some counts: the weighted mean of each element's count over its cap (at most 1). */
export function specificityScore(counts: Omit<Specificity, 'score'>): number {
  let sum = 0;
  for (const w of WEIGHTS) sum += w.weight * Math.min(counts[w.key], w.cap) / w.cap;
  return Math.round(sum * 1000) / 1000;
}

/** Counts the specificity of a note from its facts. */
export function specificityOf(facts: NoteFacts): Specificity {
  const tried = facts.therapy.filter((t) => t.status === 'tried' || t.status === 'current');
  const counts = {
    painScores: facts.painScores.filter((p) => p.kind === 'observed').length,
    reliefs: facts.reliefs.length,
    specificFunctional: facts.functional.filter((f) => f.specific && !f.negated).length,
    vagueFunctional: facts.functional.filter((f) => !f.specific || f.kind === 'vague').length,
    therapyMentions: tried.length,
    datedTherapy: tried.filter((t) => t.durationWeeks !== undefined || t.dates !== undefined).length,
  };
  return { ...counts, score: specificityScore(counts) };
}

/** The decay elements a note documents. */
export function presentElements(s: Specificity): Set<DecayElement> {
  const out = new Set<DecayElement>();
  if (s.painScores > 0) out.add('pain-scores');
  if (s.reliefs > 0) out.add('relief');
  if (s.specificFunctional > 0) out.add('specific-functional');
  if (s.datedTherapy > 0) out.add('dated-therapy');
  return out;
}
