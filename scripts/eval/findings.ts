/**
 * The annotated findings corpus, `corpora/findings/*.jsonl`: notes (team-written or real MTSamples notes)
 * with, per rule, whether that rule must fire on the note. Used by `npm run eval` (precision / recall per
 * rule) and by tests/rules/corpus.test.ts.
 *
 * One case per line:
 * { "id": "ct-missing-001", "note": { "id": "n1", "text": "...", "cpt": ["64483"], "procedure": "...", "context": {...} },
 *   "mts": "mts-123",                         // optional: the note text is that MTSamples note (note.text then omitted)
 *   "prior": [ { "id", "patientId", "date", "text", ... } ],   // optional earlier notes: run through analyzeHistory
 *   "options": { "preset": "esi-lcd", "rules": {...} },        // optional
 *   "expect": { "conservative-therapy/missing": true, "conservative-therapy/undated": false },
 *   "why": "one line: what the case tests", "source": "team" | "mts-123" }
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FindingCase {
  id: string;
  file: string;
  note: Record<string, unknown> & { id: string; text: string };
  prior?: (Record<string, unknown> & { id: string })[];
  options?: Record<string, unknown>;
  expect: Record<string, boolean>;
  why?: string;
  source?: string;
}

let mtsamples: Map<string, string> | undefined;
function mtsText(id: string): string | undefined {
  mtsamples ??= new Map(
    readFileSync('corpora/mtsamples-pain.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const r = JSON.parse(l) as { id: string; text: string };
        return [r.id, r.text];
      }),
  );
  return mtsamples.get(id);
}

/** Reads every findings corpus; a malformed line is an error naming the file and line, never skipped. */
export function readFindingCases(dir = 'corpora/findings'): FindingCase[] {
  const out: FindingCase[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const path = join(dir, file);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const where = `${path}:${i + 1}`;
        let rec: FindingCase;
        try {
          rec = JSON.parse(line) as FindingCase;
        } catch {
          throw new Error(`${where}: not valid JSON`);
        }
        if (typeof rec.id !== 'string' || typeof rec.note !== 'object' || typeof rec.expect !== 'object') throw new Error(`${where}: needs id, note and expect`);
        if (ids.has(rec.id)) throw new Error(`${where}: duplicate id ${rec.id}`);
        ids.add(rec.id);
        const mts = (rec as { mts?: string }).mts;
        if (mts !== undefined) {
          const text = mtsText(mts);
          if (text === undefined) throw new Error(`${where}: no MTSamples note ${mts}`);
          rec.note = { ...rec.note, text };
          rec.source ??= mts;
        }
        if (typeof rec.note.text !== 'string') throw new Error(`${where}: note.text (or mts) is required`);
        out.push({ ...rec, file });
      });
  }
  return out;
}

interface Lib {
  analyzeNote(note: never, options?: never): { findings: { ruleId: string }[] };
  analyzeHistory(notes: never, options?: never): { notes: { id: string; report: { findings: { ruleId: string }[] } }[] };
}

/** The rule ids that fire on the case's note. */
export function firedRules(lib: Lib, c: FindingCase): Set<string> {
  if (c.prior?.length) {
    const note = { patientId: 'patient', ...c.note };
    const report = lib.analyzeHistory([...c.prior.map((p) => ({ patientId: 'patient', ...p })), note] as never, c.options as never);
    const entry = report.notes.find((n) => n.id === c.note.id);
    return new Set(entry?.report.findings.map((f) => f.ruleId));
  }
  return new Set(lib.analyzeNote(c.note as never, c.options as never).findings.map((f) => f.ruleId));
}

export interface RuleScore {
  ruleId: string;
  positives: number;
  negatives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  errors: string[];
}

/** Precision and recall of each rule over the cases annotated for it. */
export function scoreRules(lib: Lib, cases: FindingCase[]): RuleScore[] {
  const by = new Map<string, RuleScore>();
  for (const c of cases) {
    const fired = firedRules(lib, c);
    for (const [ruleId, want] of Object.entries(c.expect)) {
      let s = by.get(ruleId);
      if (!s) {
        s = { ruleId, positives: 0, negatives: 0, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, errors: [] };
        by.set(ruleId, s);
      }
      const got = fired.has(ruleId);
      if (want) s.positives++;
      else s.negatives++;
      if (want && got) s.tp++;
      else if (want) {
        s.fn++;
        s.errors.push(`FN ${c.id}`);
      } else if (got) {
        s.fp++;
        s.errors.push(`FP ${c.id}`);
      }
    }
  }
  for (const s of by.values()) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return [...by.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}
