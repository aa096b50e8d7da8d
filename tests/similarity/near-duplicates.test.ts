import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterNearDuplicates, findNearDuplicates, jaccard, nearDuplicateCorpus, shingles } from './lib.js';

const mtsamples = readFileSync(join('corpora', 'mtsamples-pain.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; text: string });

const key = (a: string, b: string) => `${a}\u0000${b}`;

describe('findNearDuplicates', () => {
  it('finds every exact duplicate pair among the MTSamples pain notes (170 groups)', async () => {
    const groups = new Map<string, string[]>();
    for (const r of mtsamples) groups.set(r.text, [...(groups.get(r.text) ?? []), r.id]);
    const dupGroups = [...groups.values()].filter((g) => g.length > 1);
    expect(dupGroups.length).toBe(170);
    const expected: string[] = [];
    for (const g of dupGroups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) expected.push(key(g[i]!, g[j]!));
    const pairs = await findNearDuplicates(mtsamples);
    const found = new Map(pairs.map((p) => [key(p.a, p.b), p.similarity]));
    const missing = expected.filter((k) => found.get(k) !== 1);
    expect(missing, 'exact duplicate pairs not reported with similarity 1').toEqual([]);
    const order = new Map(mtsamples.map((r, i) => [r.id, i]));
    for (const p of pairs) {
      expect(order.get(p.a)!, `${p.a} before ${p.b}`).toBeLessThan(order.get(p.b)!);
      expect(p.similarity).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('matches brute-force exact Jaccard on a generated corpus: recall ≥ 0.99 above threshold + 0.05, nothing below the threshold', async () => {
    const corpus = nearDuplicateCorpus(150, 4, 7);
    const sets = corpus.map((r) => shingles(r.text));
    const exact = corpus.map((_, i) => corpus.map((__, j) => (j > i ? jaccard(sets[i]!, sets[j]!) : 0)));
    for (const threshold of [0.8, 0.6]) {
      const pairs = await findNearDuplicates(corpus, { threshold });
      const reported = new Set(pairs.map((p) => key(p.a, p.b)));
      let wanted = 0;
      let found = 0;
      for (let i = 0; i < corpus.length; i++) {
        for (let j = i + 1; j < corpus.length; j++) {
          if (exact[i]![j]! < threshold + 0.05) continue;
          wanted++;
          if (reported.has(key(corpus[i]!.id, corpus[j]!.id))) found++;
        }
      }
      expect(wanted, `threshold ${threshold}`).toBeGreaterThan(100);
      expect(found / wanted, `threshold ${threshold}: ${found} of ${wanted}`).toBeGreaterThanOrEqual(0.99);
      for (const p of pairs) expect(p.similarity, `${p.a} ${p.b}`).toBeGreaterThanOrEqual(threshold);
    }
  });

  it('reports the MinHash estimate when not verifying, and reads async iterables', async () => {
    const corpus = nearDuplicateCorpus(10, 2, 3);
    async function* stream() {
      for (const r of corpus) {
        await Promise.resolve();
        yield r;
      }
    }
    const estimated = await findNearDuplicates(stream(), { verify: false, threshold: 0.7 });
    expect(estimated.length).toBeGreaterThan(0);
    for (const p of estimated) expect(p.similarity * 128, 'an estimate is a multiple of 1/numPerm').toBeCloseTo(Math.round(p.similarity * 128), 9);
    const verified = await findNearDuplicates(corpus, { threshold: 0.7 });
    expect(verified.length).toBeGreaterThan(0);
  });

  it('treats notes without words as identical to each other', async () => {
    const pairs = await findNearDuplicates([
      { id: 'a', text: '' },
      { id: 'b', text: 'pain in the lower back' },
      { id: 'c', text: ' -- ' },
    ]);
    expect(pairs).toEqual([{ a: 'a', b: 'c', similarity: 1 }]);
  });

  it('rejects invalid records naming the field and the record, never the text', async () => {
    const secret = 'Jane Doe has HIV';
    await expect(findNearDuplicates([{ id: 'n1', text: secret }, { id: 'n1', text: secret }])).rejects.toThrow(
      /records\[1\]\.id "n1" duplicates the id of records\[0\]/,
    );
    await expect(findNearDuplicates([{ id: 'n1', text: 5 as unknown as string }])).rejects.toThrow(/records\[0\]\.text \(id "n1"\) must be a string, got number/);
    await expect(findNearDuplicates([{ id: 7 as unknown as string, text: secret }])).rejects.toThrow(/records\[0\]\.id must be a non-empty string, got number/);
    await expect(findNearDuplicates([null as unknown as { id: string; text: string }])).rejects.toThrow(/records\[0\] must be an object/);
    await expect(findNearDuplicates(secret as unknown as [])).rejects.toThrow(/records must be an iterable/);
    await expect(findNearDuplicates([], { threshold: 0 })).rejects.toThrow(/options\.threshold/);
    await expect(findNearDuplicates([], { workers: 2 })).rejects.toThrow(/options\.workers is not supported yet/);
    for (const bad of [[{ id: 'n1', text: secret }, { id: 'n1', text: secret }], [{ id: 3, text: secret }]]) {
      await findNearDuplicates(bad as { id: string; text: string }[]).catch((e: unknown) => {
        expect(String(e)).not.toContain('Jane');
      });
    }
  });
});

describe('clusterNearDuplicates', () => {
  it('groups connected pairs in order of first appearance', () => {
    const clusters = clusterNearDuplicates([
      { a: 'n3', b: 'n4', similarity: 1 },
      { a: 'n1', b: 'n2', similarity: 0.9 },
      { a: 'n2', b: 'n5', similarity: 0.85 },
      { a: 'n4', b: 'n6', similarity: 0.81 },
      { a: 'n5', b: 'n1', similarity: 0.9 },
    ]);
    expect(clusters).toEqual([
      ['n3', 'n4', 'n6'],
      ['n1', 'n2', 'n5'],
    ]);
    expect(clusterNearDuplicates([])).toEqual([]);
  });

  it('merges clusters joined by a later pair', () => {
    expect(clusterNearDuplicates([{ a: 'a', b: 'b' }, { a: 'c', b: 'd' }, { a: 'd', b: 'b' }])).toEqual([['a', 'b', 'c', 'd']]);
    expect(() => clusterNearDuplicates([{ a: 'a', b: 1 as unknown as string }])).toThrow(/pairs\[0\]\.b must be a string, got number/);
  });
});
