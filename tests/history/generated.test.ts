import { describe, expect, it } from 'vitest';
import { generateHistories, type GeneratedHistory } from '../../corpora/histories/generate.js';
import lib from '../lib.js';

const { analyzeHistory } = lib;

// The labelled generated histories (corpora/histories/): clones by construction, decaying profiles,
// independent ones. Two seeds, 240 patients, about 1,900 notes.
const histories: GeneratedHistory[] = [1, 2].flatMap((seed) => generateHistories({ seed, patients: 120 }));
const reports = histories.map((h) => analyzeHistory(h.notes.map(({ id, patientId, date, text, procedure }) => ({ id, patientId, date, text, procedure }))));

function ids(report: (typeof reports)[number], ruleId: string): string[] {
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.noteId);
}

describe('analyzeHistory on the labelled generated histories', () => {
  it('finds cloned notes with precision and recall of at least 0.98', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const errors: string[] = [];
    histories.forEach((h, k) => {
      const flagged = new Set(ids(reports[k]!, 'history/cloned-note'));
      for (const note of h.notes) {
        const clone = note.label.kind === 'clone';
        if (clone && flagged.has(note.id)) tp++;
        else if (clone) {
          fn++;
          errors.push(`missed ${note.id}`);
        } else if (flagged.has(note.id)) {
          fp++;
          errors.push(`false ${note.id} (${note.label.kind})`);
        }
      }
    });
    expect(tp, 'the corpus has clones').toBeGreaterThan(300);
    expect(tp / (tp + fp), errors.join(', ')).toBeGreaterThanOrEqual(0.98);
    expect(tp / (tp + fn), errors.join(', ')).toBeGreaterThanOrEqual(0.98);
  });

  it('attributes each clone to the note it was copied from, or to that note\'s own source', () => {
    // A clone of a clone can be as close to the grandparent as to the parent: both are its sources.
    let right = 0;
    let total = 0;
    histories.forEach((h, k) => {
      const entries = new Map(reports[k]!.notes.map((e) => [e.id, e]));
      const byId = new Map(h.notes.map((n) => [n.id, n]));
      for (const note of h.notes) {
        if (note.label.kind !== 'clone') continue;
        total++;
        const sources = new Set<string>();
        let label: GeneratedHistory['notes'][number]['label'] | undefined = note.label;
        while (label && label.kind !== 'original') {
          sources.add(label.from);
          label = byId.get(label.from)?.label;
        }
        if (sources.has(entries.get(note.id)?.mostSimilarPriorId ?? '')) right++;
      }
    });
    expect(right / total).toBeGreaterThanOrEqual(0.98);
  });

  it('reports every labelled run of three or more consecutive clones as one clone run of its length', () => {
    const expected: string[] = [];
    const found: string[] = [];
    histories.forEach((h, k) => {
      let length = 1;
      for (let i = 1; i <= h.notes.length; i++) {
        const note = h.notes[i];
        if (note?.label.kind === 'clone' && note.label.from === h.notes[i - 1]?.id) {
          length++;
          continue;
        }
        if (length >= 3) expected.push(`${h.notes[i - 1]!.id}:${length}`);
        length = 1;
      }
      for (const f of reports[k]!.findings) if (f.ruleId === 'history/clone-run') found.push(`${f.noteId}:${String(f.data?.length)}`);
    });
    expect(expected.length).toBeGreaterThan(50);
    expect(found).toEqual(expected);
  });

  it('reports documentation decay on every decaying history and on no independent one', () => {
    const missed: string[] = [];
    const falsely: string[] = [];
    histories.forEach((h, k) => {
      const decay = ids(reports[k]!, 'history/documentation-decay').length > 0;
      if (h.decaying && !decay) missed.push(h.patientId);
      if (h.profile === 'independent' && decay) falsely.push(h.patientId);
    });
    expect(histories.filter((h) => h.decaying).length).toBeGreaterThan(100);
    expect(missed, 'decaying histories without a finding').toEqual([]);
    expect(falsely, 'independent histories with a finding').toEqual([]);
  });

  it('scores decayed notes as less specific than the first note of their history', () => {
    histories.forEach((h, k) => {
      if (h.profile !== 'decaying') return;
      const entries = reports[k]!.notes;
      const first = entries[0]!.specificity.score;
      const last = entries[entries.length - 1]!.specificity.score;
      expect(last, h.patientId).toBeLessThan(first - 0.3);
    });
  });
});
