import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lib from '../lib.js';

const { prepare } = lib;

function sentences(text: string): string[] {
  return prepare(text).sentences.map((s) => text.slice(s.start, s.end));
}

describe('sentence splitting', () => {
  it("splits the MTSamples flattened list 'PLAN:,1.  Continue...,2.  Start...'", () => {
    const text = 'PLAN:,1.  Continue home exercise program.,2.  Start PT 2x/week.,3.  Follow up in 4 weeks.';
    expect(sentences(text), JSON.stringify(text)).toEqual(['PLAN:', '1.  Continue home exercise program.', '2.  Start PT 2x/week.', '3.  Follow up in 4 weeks.']);
  });

  it("splits list items that end without a period: '1.  Lumbar radiculopathy,2.  Facet arthropathy'", () => {
    const text = 'POSTOPERATIVE DIAGNOSES:,1.  Lumbar radiculopathy,2.  Facet arthropathy';
    expect(sentences(text), JSON.stringify(text)).toEqual(['POSTOPERATIVE DIAGNOSES:', '1.  Lumbar radiculopathy', '2.  Facet arthropathy']);
  });

  it("splits the NegEx list form '1) Normal esophagus  2) Hiatal hernia' but not 'year(s)'", () => {
    const text = 'POSTOPERATIVE DIAGNOSIS:  1) Normal esophagus  2) Hiatal hernia    REPEAT EXAM:  EGD in 1 year(s) as needed';
    expect(sentences(text), JSON.stringify(text)).toEqual(['POSTOPERATIVE DIAGNOSIS:', '1) Normal esophagus', '2) Hiatal hernia', 'REPEAT EXAM:  EGD in 1 year(s) as needed']);
  });

  it("does not split after 'Dr.', 'e.g.' or a list number '2.  Refractory'", () => {
    expect(sentences('Seen by Dr. Smith today. NSAIDs, e.g. Ibuprofen, help.')).toEqual(['Seen by Dr. Smith today.', 'NSAIDs, e.g. Ibuprofen, help.']);
    expect(sentences('Diagnoses: 2.  Refractory pain.')).toEqual(['Diagnoses: 2.  Refractory pain.']);
  });

  it("ends a sentence at 'No.' unless a number follows", () => {
    expect(sentences('Fever? No. Chills? Yes.')).toEqual(['Fever?', 'No.', 'Chills?', 'Yes.']);
    expect(sentences('Injection No. 2 was given.')).toEqual(['Injection No. 2 was given.']);
  });

  it('splits a line-broken note at blank lines, bullets and numbered lines', () => {
    const text = 'Plan:\n- start PT\n- ibuprofen 600 mg\n\nFollow up in 4 weeks\n1. MRI\n2. EMG';
    expect(sentences(text), JSON.stringify(text)).toEqual(['Plan:', '- start PT', '- ibuprofen 600 mg', 'Follow up in 4 weeks', '1. MRI', '2. EMG']);
  });

  it("splits NegEx sentences: 'CHEST:     1.' and a wrapped line with wide gaps stay one sentence each", () => {
    expect(sentences('He denies any   antecedent palpitations, shortness of breath, or   lightheadedness.')).toHaveLength(1);
  });

  it("drops the flattening commas around sentences: 'severity., ,He took'", () => {
    const text = 'He rated pain 8/10 in severity., ,He took a Medrol Dosepak.';
    expect(sentences(text), JSON.stringify(text)).toEqual(['He rated pain 8/10 in severity.', 'He took a Medrol Dosepak.']);
  });

  it('keeps every MTSamples sentence ordered, non-empty, trimmed and inside its section', () => {
    const notes = readFileSync('corpora/mtsamples-pain.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
    for (const n of notes) {
      const doc = prepare(n.text);
      let prev = 0;
      for (const s of doc.sentences) {
        const where = `${n.id} sentence ${JSON.stringify(n.text.slice(s.start, Math.min(s.end, s.start + 60)))}`;
        expect(s.start, where).toBeGreaterThanOrEqual(prev);
        expect(s.end, where).toBeGreaterThan(s.start);
        expect(/[\s,]/.test(n.text.charAt(s.start)), where).toBe(false);
        const sec = doc.sections[s.section];
        expect(s.start >= (sec?.span.start ?? -1) && s.end <= (sec?.span.end ?? -1), where).toBe(true);
        prev = s.end;
      }
    }
  });

  it('finds a sentence for every offset (sentenceIndexAt) and a section for it (sectionAt)', () => {
    const text = 'HPI:,  Low back pain.,PLAN:,1.  Start PT.';
    const doc = prepare(text);
    for (let i = 0; i < text.length; i++) {
      const si = doc.sentenceIndexAt(i);
      expect(si, `offset ${i} in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
      expect(doc.sectionAt(i), `offset ${i}`).toBeDefined();
    }
  });
});
