import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lib from '../lib.js';

const { prepare } = lib;

/** [header name, category] of every section with a header. */
function headers(text: string): [string, string][] {
  return prepare(text)
    .sections.filter((s) => s.headerSpan)
    .map((s) => [s.name, s.category]);
}

function categoryAt(text: string, target: string): string | undefined {
  const at = text.indexOf(target);
  if (at < 0) throw new Error(`test setup: ${JSON.stringify(target)} is not in ${JSON.stringify(text)}`);
  return prepare(text).sectionAt(at)?.category;
}

describe('section detection', () => {
  it("reads 'PLAN:,1.  Continue' as a plan section", () => {
    const text = 'ASSESSMENT:,  Lumbar radiculopathy.,PLAN:,1.  Continue home exercise program.,2.  Start PT.';
    expect(categoryAt(text, 'Continue'), `section of "Continue" in ${JSON.stringify(text)}`).toBe('plan');
    expect(categoryAt(text, 'Start PT'), `section of "Start PT" in ${JSON.stringify(text)}`).toBe('plan');
    expect(categoryAt(text, 'Lumbar'), `section of "Lumbar" in ${JSON.stringify(text)}`).toBe('assessment');
  });

  it('reads the common MTSamples procedure headers', () => {
    const text =
      'PREOPERATIVE DIAGNOSIS:,  Lumbar radiculopathy.,POSTOPERATIVE DIAGNOSIS: , Same.,PROCEDURE: , Left L5-S1 transforaminal epidural steroid injection.,ANESTHESIA: , Local.,INDICATIONS: , Low back pain.,COMPLICATIONS: , None.';
    expect(headers(text), JSON.stringify(text)).toEqual([
      ['preoperative diagnosis', 'pre-procedure'],
      ['postoperative diagnosis', 'post-procedure'],
      ['procedure', 'procedure'],
      ['anesthesia', 'procedure'],
      ['indications', 'pre-procedure'],
      ['complications', 'procedure'],
    ]);
  });

  it("reads a known header without its colon before a list: 'POSTOPERATIVE DIAGNOSES,1.  Facet arthropathy'", () => {
    const text = 'PREOPERATIVE DIAGNOSES,1.  Lumbar radiculopathy.,POSTOPERATIVE DIAGNOSES,1.  Facet arthropathy.';
    expect(headers(text), JSON.stringify(text)).toEqual([
      ['preoperative diagnoses', 'pre-procedure'],
      ['postoperative diagnoses', 'post-procedure'],
    ]);
  });

  it("reads header variants: 'POSTOPERATIVE DIAGNOSIS(ES):', 'POST-OP DIAGNOSIS:', 'Post procedure:'", () => {
    for (const text of ['POSTOPERATIVE DIAGNOSIS(ES):  1) Normal colonoscopy', 'POST-OP DIAGNOSIS:  Gastritis.', 'Post procedure:  Pain 2/10.']) {
      expect(headers(text)[0]?.[1], JSON.stringify(text)).toBe('post-procedure');
    }
  });

  it("separates headers after a wide gap: 'COMPLICATIONS:  None    POSTOPERATIVE DIAGNOSIS:'", () => {
    const text = 'COMPLICATIONS:  None    POSTOPERATIVE DIAGNOSIS:  1) Hemorrhoids    PLAN:  1) Fiber rich diet';
    expect(headers(text).map((h) => h[1]), JSON.stringify(text)).toEqual(['procedure', 'post-procedure', 'plan']);
  });

  it('reads headers at the start of lines in a line-broken note', () => {
    const text = 'Chief Complaint: low back pain\nHPI: 54 yo with 6 months of pain.\nPlan:\n- start PT\n- follow up 4 weeks';
    expect(headers(text).map((h) => h[1]), JSON.stringify(text)).toEqual(['hpi', 'hpi', 'plan']);
    expect(categoryAt(text, 'start PT'), JSON.stringify(text)).toBe('plan');
  });

  it("does not read 'VAS: 5', 'NRS: 7' or a time '10:30' as headers", () => {
    for (const text of ['Pain VAS: 5 today.', 'Pre-procedure NRS: 7.', 'Seen at 10:30 for follow up.', 'see http://example.org today']) {
      expect(headers(text), JSON.stringify(text)).toEqual([]);
    }
  });

  it('reads an unknown ALL-CAPS header as other, and a mixed-case unknown label as text', () => {
    expect(headers('REPEAT EXAM:  Colonoscopy in 5 years.')).toEqual([['repeat exam', 'other']]);
    expect(headers('The patient says: it hurts.')).toEqual([]);
  });

  it('gives a body-system label the category of the section it sits in', () => {
    const text = 'REVIEW OF SYSTEMS:,  Cardiovascular: denies chest pain.,PHYSICAL EXAMINATION:,  Cardiovascular: regular rate.';
    const doc = prepare(text);
    const first = text.indexOf('denies');
    const second = text.indexOf('regular');
    expect(doc.sectionAt(first)?.category, JSON.stringify(text)).toBe('review-of-systems');
    expect(doc.sectionAt(second)?.category, JSON.stringify(text)).toBe('exam');
  });

  it('gives FAMILY HISTORY content the family assertion and PLAN content the hypothetical one', () => {
    const text = 'FAMILY HISTORY:,  Mother with lupus.,PLAN:,  Lumbar MRI.';
    const doc = prepare(text);
    const fam = doc.assertionsAt({ start: text.indexOf('lupus'), end: text.indexOf('lupus') + 5 });
    expect(fam.map((a) => [a.category, a.direction]), JSON.stringify(text)).toContainEqual(['family', 'SECTION']);
    const mri = doc.assertionsAt({ start: text.indexOf('MRI'), end: text.indexOf('MRI') + 3 });
    expect(mri.map((a) => [a.category, a.direction]), JSON.stringify(text)).toEqual([['hypothetical', 'SECTION']]);
  });

  it('gives PAST MEDICAL HISTORY content the historical assertion', () => {
    const text = 'PAST MEDICAL HISTORY:,  Lumbar fusion in 2010.,HISTORY OF PRESENT ILLNESS:,  Low back pain.';
    const doc = prepare(text);
    const at = (t: string) => doc.assertionsAt({ start: text.indexOf(t), end: text.indexOf(t) + t.length }).map((a) => a.category);
    expect(at('Lumbar fusion'), JSON.stringify(text)).toEqual(['historical']);
    expect(at('Low back pain'), JSON.stringify(text)).toEqual([]);
  });

  it('tiles every MTSamples note with sections in order, from 0 to the end', () => {
    const notes = readFileSync('corpora/mtsamples-pain.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
    for (const n of notes) {
      const s = prepare(n.text).sections;
      expect(s[0]?.span.start, n.id).toBe(0);
      expect(s[s.length - 1]?.span.end, n.id).toBe(n.text.length);
      for (let i = 1; i < s.length; i++) expect(s[i]?.span.start, `${n.id} section ${i}`).toBe(s[i - 1]?.span.end);
      for (const x of s) if (x.headerSpan) expect(n.text.slice(x.headerSpan.start, x.headerSpan.end).toLowerCase(), n.id).toContain(x.name.split(' ')[0]);
    }
  });

  it('finds the procedure sections of MTSamples pain notes', () => {
    const notes = readFileSync('corpora/mtsamples-pain.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
    const note = notes.find((n) => n.id === 'mts-1951');
    expect(note, 'mts-1951 in the corpus').toBeDefined();
    const cats = new Set(prepare(note!.text).sections.map((s) => s.category));
    for (const c of ['procedure', 'pre-procedure', 'assessment']) expect(cats.has(c as never), `mts-1951 has a ${c} section`).toBe(true);
  });

  it('scans long runs of spaces, colons and commas in linear time', () => {
    for (const text of [' '.repeat(200_000) + 'PLAN: x', 'a:'.repeat(100_000), ', '.repeat(100_000), 'ABCDE '.repeat(40_000) + ':']) {
      const t0 = performance.now();
      prepare(text);
      expect(performance.now() - t0, `${text.length} chars of ${JSON.stringify(text.slice(0, 12))}`).toBeLessThan(1000);
    }
  });
});
