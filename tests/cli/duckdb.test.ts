// `duplicates --emit-bands` moves the candidate join into a SQL engine: the README's SQL, run by DuckDB on the
// emitted rows, must give the candidates of findNearDuplicates' own scan, so that verifying them gives its pairs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNotes } from '../../corpora/histories/generate.js';
import { findNearDuplicates, jaccard, LshIndex, MinHasher, shingles } from '../../src/similarity/index.js';
import { recallBandsRows } from '../../src/similarity/near-duplicates.js';
import { jsonLines, leakedText, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'notelint-duckdb-'));

/**
 * A few hundred generated notes (patients' clone runs and fresh notes) plus cross-patient copies: every 40th
 * note re-filed under another clinic's id with a sentence appended, the case the cross-archive join is for.
 */
function corpus(): { id: string; text: string }[] {
  const notes = [...generateNotes({ count: 320, seed: 11 })].map((n) => ({ id: n.id, text: n.text }));
  const copies = notes
    .filter((_, i) => i % 40 === 0)
    .map((n, i) => ({ id: `clinic-b-${String(i)}`, text: `${n.text}\nPatient was counseled on home exercise and posture.` }));
  return [...notes, ...copies];
}

const notes = corpus();
const textOf = new Map(notes.map((n) => [n.id, n.text]));
const notesFile = join(dir, 'notes.jsonl');
writeFileSync(notesFile, notes.map((n) => JSON.stringify(n)).join('\n') + '\n');

/** The README's SQL block, so the documented statements are the ones tested. */
function readmeSql(bandsCsv: string, signaturesCsv: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const match = /<!-- notelint:emit-bands-sql -->\n```sql\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no SQL block after <!-- notelint:emit-bands-sql -->');
  return match[1].replaceAll("'bands.csv'", `'${bandsCsv}'`).replaceAll("'signatures.csv'", `'${signaturesCsv}'`);
}

/** A VARCHAR column's value; anything else means read_csv inferred the wrong type. */
function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a VARCHAR note id, got ${typeof value}`);
  return value;
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ~ ${b}` : `${b} ~ ${a}`);

let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => {
  instance.closeSync();
});

async function emit(args: string[], file: string): Promise<string> {
  const { code, stderr } = await runCli(['duplicates', notesFile, ...args, '--out', file]);
  expect(code, `duplicates ${args.join(' ')}: ${stderr}`).toBe(0);
  return stderr;
}

describe.each([0.8, 0.6])('duplicates --emit-bands at threshold %s, joined in DuckDB with the README SQL', (threshold) => {
  const bandsCsv = join(dir, `bands-${String(threshold)}.csv`);
  const signaturesCsv = join(dir, `signatures-${String(threshold)}.csv`);
  let candidates: Set<string>;
  let estimates: Map<string, number>;

  beforeAll(async () => {
    await emit(['--emit-bands', '--threshold', String(threshold)], bandsCsv);
    await emit(['--emit-signatures'], signaturesCsv);
    const connection = await instance.connect();
    try {
      // Each run gets its own tables: drop the previous threshold's.
      await connection.run('DROP TABLE IF EXISTS bands; DROP TABLE IF EXISTS signatures; DROP TABLE IF EXISTS candidates; DROP TABLE IF EXISTS estimates;');
      await connection.run(readmeSql(bandsCsv, signaturesCsv));
      const rows = (await connection.runAndReadAll('SELECT a, b FROM candidates')).getRowObjectsJS();
      candidates = new Set(rows.map((r) => pairKey(text(r.a), text(r.b))));
      const est = (await connection.runAndReadAll('SELECT a, b, estimate FROM estimates')).getRowObjectsJS();
      estimates = new Map(est.map((r) => [pairKey(text(r.a), text(r.b)), Number(r.estimate)]));
    } finally {
      connection.closeSync();
    }
  });

  it('yields exactly the candidates of an LSH index with findNearDuplicates\' signatures, bands and rows', () => {
    // findNearDuplicates buckets by the same band keys as LshIndex (bandKeysInto) with recallBandsRows' bands:
    // querying each note against the notes before it lists the pairs its scan judges.
    const hasher = new MinHasher();
    const index = new LshIndex({ ...recallBandsRows(threshold, 128), numPerm: 128 });
    const expected = new Set<string>();
    for (const n of notes) {
      const signature = hasher.signature(n.text);
      for (const other of index.query(signature)) expected.add(pairKey(other, n.id));
      index.insert(n.id, signature);
    }
    expect(candidates.size, 'candidates').toBe(expected.size);
    expect([...candidates].filter((k) => !expected.has(k)), 'SQL candidates the index does not give').toEqual([]);
  });

  it('has every pair findNearDuplicates reports among the SQL candidates', async () => {
    const pairs = await findNearDuplicates(notes, { threshold });
    expect(pairs.length, 'the corpus must have near-duplicates to find').toBeGreaterThan(20);
    const missing = pairs.map((p) => pairKey(p.a, p.b)).filter((k) => !candidates.has(k));
    expect(missing, `pairs at ${String(threshold)} that the SQL join did not produce`).toEqual([]);
  });

  it('gives exactly findNearDuplicates pairs, with their similarity, once candidates are filtered by exact Jaccard', async () => {
    const expected = new Map((await findNearDuplicates(notes, { threshold })).map((p) => [pairKey(p.a, p.b), p.similarity]));
    const sets = new Map(notes.map((n) => [n.id, shingles(n.text)]));
    const verified = new Map<string, number>();
    for (const key of candidates) {
      const [a = '', b = ''] = key.split(' ~ ');
      const similarity = jaccard(sets.get(a) ?? new Uint32Array(0), sets.get(b) ?? new Uint32Array(0));
      if (similarity >= threshold) verified.set(key, similarity);
    }
    expect(candidates.size, 'some candidates must fall below the threshold, or the filter is not exercised').toBeGreaterThan(verified.size);
    expect(verified).toEqual(expected);
    expect([...verified.keys()].filter((k) => k.startsWith('clinic-b-') || k.includes('~ clinic-b-')).length, 'cross-clinic copies').toBeGreaterThan(0);
  });

  it('estimates each candidate as the fraction of equal signature positions (MinHasher.similarity)', () => {
    const hasher = new MinHasher();
    for (const key of candidates) {
      const [a = '', b = ''] = key.split(' ~ ');
      const similarity = MinHasher.similarity(hasher.signature(textOf.get(a) ?? ''), hasher.signature(textOf.get(b) ?? ''));
      // A pair sharing no position has no row in `estimates` (inner join): its estimate is 0.
      expect(estimates.get(key) ?? 0, key).toBeCloseTo(similarity, 12);
    }
  });
});

describe('duplicates --emit-bands rows', () => {
  it('writes one row per band per note, the same rows as CSV and as JSONL, and no note text', async () => {
    const csvFile = join(dir, 'rows.csv');
    const jsonlFile = join(dir, 'rows.jsonl');
    const stderr = await emit(['--emit-bands'], csvFile);
    await emit(['--emit-bands', '--format', 'jsonl'], jsonlFile);
    const csv = readFileSync(csvFile, 'utf8');
    const [header, ...lines] = csv.trimEnd().split('\n');
    expect(header).toBe('band,key,note_id');
    const bands = Number(/(\d+) bands of/.exec(stderr)?.[1]);
    expect(lines.length, stderr).toBe(notes.length * bands);
    const fromJsonl = jsonLines(readFileSync(jsonlFile, 'utf8')).map((r) => `${String(r.band)},${String(r.key)},${String(r.note_id)}`);
    expect(fromJsonl).toEqual(lines);
    for (const line of lines.slice(0, 50)) expect(line, line).toMatch(/^\d+,\d+,[\w-]+$/);
    expect(leakedText(csv, notes.map((n) => n.text))).toBeUndefined();
  });

  it('quotes a note id holding a comma or a quote, so read_csv reads it back', async () => {
    const file = join(dir, 'odd-ids.jsonl');
    const ids = ['a,b', 'say "hi"'];
    writeFileSync(file, ids.map((id) => JSON.stringify({ id, text: 'Lumbar medial branch block at L4 and L5, right side.' })).join('\n') + '\n');
    const out = join(dir, 'odd-ids.csv');
    const { code, stderr } = await runCli(['duplicates', file, '--emit-bands', '--quiet', '--out', out]);
    expect(code, stderr).toBe(0);
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll(`DROP TABLE IF EXISTS bands; ${readmeSql(out, out).split(';')[0] ?? ''}; SELECT DISTINCT note_id FROM bands ORDER BY note_id`)).getRowObjectsJS();
      expect(rows.map((r) => r.note_id)).toEqual([...ids].sort());
    } finally {
      connection.closeSync();
    }
  });

  it.each([
    [['--emit-bands', '--emit-signatures'], /give one/],
    [['--emit-bands', '--format', 'xml'], /--format: expected csv, jsonl/],
    [['--format', 'csv'], /only with --emit-bands/],
    [['--emit-bands', '--threshold', '0'], /--threshold/],
  ])('exits 2 for duplicates %j', async (args, message) => {
    const { code, stderr } = await runCli(['duplicates', notesFile, ...args]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(message);
  });
});
