import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistories } from '../../corpora/histories/generate.js';
import { fnv1a, inShard } from '../../examples/cli/notes.js';
import { errorRecords, jsonLines, runCli } from './helpers.js';

// A generated archive exported by date, so each patient's notes are spread through the file (unsorted input),
// with two bad lines: one whose patient is known, one that is not even JSON.
function archive(): { file: string; patientsInOrder: string[] } {
  const notes = generateHistories({ seed: 2, patients: 9, minVisits: 2, maxVisits: 5 })
    .flatMap((h) => h.notes)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map(({ id, patientId, date, text, procedure }) => JSON.stringify({ id, patientId, date, text, procedure }));
  const second = JSON.parse(notes[1] ?? '{}') as { patientId: string };
  notes.splice(4, 0, JSON.stringify({ id: 'bad-date', patientId: second.patientId, date: '2024-13-01', text: 'Lumbar pain 6/10.' }), '{"id": "truncated');
  const file = join(mkdtempSync(join(tmpdir(), 'notelint-shard-')), 'archive.jsonl');
  writeFileSync(file, `${notes.join('\n')}\n`);
  const patientsInOrder = [...new Set(notes.flatMap((l) => { try { return [(JSON.parse(l) as { patientId: string }).patientId]; } catch { return []; } }))];
  return { file, patientsInOrder };
}

describe('--shard I/N', () => {
  it('hashes patient ids with 32-bit FNV-1a (reference values)', () => {
    // Published FNV-1a 32 test vectors.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('puts every patient in exactly one shard, and records without a patient id in shard 1', () => {
    for (const id of ['p-1', 'P0001', 'Patient/123', 'é']) {
      expect([1, 2, 3].filter((index) => inShard(id, { index, count: 3 })), id).toHaveLength(1);
    }
    expect([1, 2, 3].filter((index) => inShard(undefined, { index, count: 3 }))).toEqual([1]);
  });

  it('concatenating all shards, sorted by the deterministic order, equals one full run (reports and error records)', async () => {
    const { file, patientsInOrder } = archive();
    const full = await runCli(['analyze', file]);
    expect(full.code, full.stderr).toBe(0);
    const fullRecords = jsonLines(full.stdout);
    const rank = new Map(patientsInOrder.map((p, i) => [p, i]));
    const shards = [];
    for (let i = 1; i <= 3; i++) shards.push(await runCli(['analyze', file, '--shard', `${i}/3`]));
    const joined = shards
      .flatMap((s) => jsonLines(s.stdout))
      // Stable sort: within a patient, each shard kept the notes in date order.
      .sort((a, b) => (rank.get(String(a.patientId)) ?? 0) - (rank.get(String(b.patientId)) ?? 0));
    expect(fullRecords.length, 'the archive has notes').toBeGreaterThan(20);
    expect(new Set(shards.map((s) => jsonLines(s.stdout).length)).size, 'the shards differ in size').toBeGreaterThan(1);
    expect(joined).toEqual(fullRecords);
    const byLine = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.line) - Number(b.line);
    expect(shards.flatMap((s) => errorRecords(s.stderr)).sort(byLine)).toEqual(errorRecords(full.stderr).sort(byLine));
    expect(errorRecords(full.stderr), 'both bad lines are reported').toHaveLength(2);
    for (const [i, s] of shards.entries()) expect(s.stderr, `shard ${i + 1}`).toMatch(/notes read = \d+ reported \+ \d+ rejected \(\d+ in other shards skipped\)/);
  });
});
