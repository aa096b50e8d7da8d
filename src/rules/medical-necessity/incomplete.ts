import { z } from 'zod';
import { completenessOf, necessityElements, NECESSITY_ELEMENTS } from '../../analyze/completeness.js';
import type { NoteRule } from '../types.js';

export interface NecessityIncompleteOptions {
  /** A procedure note scoring below this (0-100) is flagged (default 80). */
  minScore: number;
}

/**
 * `medical-necessity/incomplete`: a procedure note that does not say why this procedure, why this patient, why today.
 *
 * @example
 * necessityIncomplete.check({ note, prior: [] }, { minScore: 80 });
 * // [{ noteId: 'n1', message: 'Medical necessity is 50% documented (minimum 80%); missing: duration, functional-impact, concordant-imaging.', data: { score: 50, ... } }]
 */
export const necessityIncomplete: NoteRule<NecessityIncompleteOptions> = {
  id: 'medical-necessity/incomplete',
  scope: 'note',
  meta: {
    description: 'A procedure note that does not document why this procedure, why this patient and why today (completeness score below the minimum).',
    defaultSeverity: 'warning',
    docs: [
      'Payers deny interventional procedures whose note does not establish medical necessity on its own: LCD',
      'L39240 (epidural steroid injections) and L38773/L38801 (facet interventions) expect a diagnosis, how',
      'long the pain has lasted, the conservative care that failed, the functional impact, imaging concordant',
      'with the treated level, and a plan. The rule scores a procedure note 0-100 on the elements that apply to',
      'its procedures (the share documented, also reported as `NoteReport.completeness`) and flags it below',
      '`minScore` (default 80, so one missing element passes), naming the missing elements in `data.missing`.',
      'Avoided false positives: imaging concordance is not expected for trigger point, peripheral nerve and SI',
      'joint injections, which are diagnosed clinically; a normal study or a denied symptom does not count as',
      'present, and an imaging finding at another level is not concordant; notes without a procedure are not',
      'scored. The esi-lcd preset requires every element (minScore 100); payers differ and the threshold is',
      'configurable.',
    ].join(' '),
    options: z.object({ minScore: z.number().min(0).max(100).default(80) }).strict(),
  },
  check({ note }, { minScore }) {
    if (note.performed.length === 0) return [];
    const { score, missing, applicable } = completenessOf(note);
    if (score >= minScore) return [];
    const found = necessityElements(note);
    const present = NECESSITY_ELEMENTS.filter((e) => found.has(e) && applicable.includes(e));
    return [
      {
        noteId: note.id,
        message: `Medical necessity is ${String(score)}% documented (minimum ${String(minScore)}%); missing: ${missing.join(', ')}.`,
        evidence: present.flatMap((e) => (found.get(e) ?? []).map((s) => ({ noteId: note.id, start: s.start, end: s.end }))),
        data: { score, minScore, missing, present },
      },
    ];
  },
};
