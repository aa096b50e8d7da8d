import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NeededShared, neededShared, recallBandsRows, setSimilarity, signatureSimilarity } from '../../src/similarity/near-duplicates.js';
import { LshIndex, MinHasher, clusterNearDuplicates, findNearDuplicates, jaccard, nearDuplicateCorpus, rng, shingles, vocabulary } from './lib.js';

const mtsamples = readFileSync(join('corpora', 'mtsamples-pain.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; text: string });

const key = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * The pairs of an LshIndex queried note by note, each candidate judged against every earlier note (the
 * algorithm findNearDuplicates used before it kept its notes in pooled typed arrays).
 */
function pairsOfIndexQueries(corpus: { id: string; text: string }[], threshold: number, verify: boolean) {
  const hasher = new MinHasher();
  const index = new LshIndex({ numPerm: 128, ...recallBandsRows(threshold, 128) });
  const kept = new Map<string, Uint32Array>();
  const out: { a: string; b: string; similarity: number }[] = [];
  for (const r of corpus) {
    const set = shingles(r.text);
    const signature = hasher.signatureOfShingles(set);
    const mine = verify ? set : signature;
    for (const other of index.query(signature)) {
      const earlier = kept.get(other)!;
      const similarity = verify ? jaccard(earlier, mine) : MinHasher.similarity(earlier, mine);
      if (similarity >= threshold) out.push({ a: other, b: r.id, similarity });
    }
    index.insert(r.id, signature);
    kept.set(r.id, mine);
  }
  return out;
}

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

  it('gives exactly the pairs, similarities and order (b, then a) of an LSH index queried note by note', async () => {
    // Exact copies (MTSamples) make buckets of many notes; the generated families make pairs that collide in
    // several bands, each of which must be reported once.
    const corpus = [...mtsamples, ...nearDuplicateCorpus(100, 4, 21)];
    for (const threshold of [0.8, 0.6]) {
      for (const verify of [true, false]) {
        const expected = pairsOfIndexQueries(corpus, threshold, verify);
        const pairs = await findNearDuplicates(corpus, { threshold, verify });
        expect(expected.length, `threshold ${threshold}, verify ${verify}`).toBeGreaterThan(400);
        expect(pairs, `threshold ${threshold}, verify ${verify}`).toEqual(expected);
      }
    }
  });

  it('verifies very long notes exactly (more shingles than the per-note size sketch counts)', async () => {
    const random = rng(17);
    const vocab = vocabulary(20_000, random);
    const words = Array.from({ length: 12_000 }, (_, i) => vocab[i]!);
    const edited = words.map((w, i) => (i % 150 === 0 ? 'changed' : w));
    const corpus = [
      { id: 'long-1', text: words.join(' ') },
      { id: 'short', text: 'pain in the lower back' },
      { id: 'long-2', text: edited.join(' ') },
    ];
    const exact = jaccard(shingles(corpus[0]!.text), shingles(corpus[2]!.text));
    expect(exact, 'the two long notes are near-duplicates').toBeGreaterThan(0.9);
    expect(await findNearDuplicates(corpus)).toEqual([{ a: 'long-1', b: 'long-2', similarity: exact }]);
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
    await expect(findNearDuplicates([], { workers: -1 })).rejects.toThrow(/options\.workers must be an integer from 0 to 1024, got -1/);
    await expect(findNearDuplicates([], { workers: 1.5 })).rejects.toThrow(/options\.workers must be an integer/);
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

describe('the candidate judge of findNearDuplicates', () => {
  const set = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }).map((xs) => Uint32Array.from(xs.sort((x, y) => x - y)));

  /** The set stored inside a larger pool at `offset`, as the judge reads it. */
  function pooled(values: Uint32Array, offset: number): Uint32Array {
    const pool = new Uint32Array(offset + values.length + 3).fill(7);
    pool.set(values, offset);
    return pool;
  }

  it('reports a pair at or above the threshold with the exact Jaccard, and never one below it (property)', () => {
    fc.assert(
      fc.property(set, set, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.boolean(), fc.nat(5), fc.nat(5), (a, b, t, atExact, oa, ob) => {
        const exact = jaccard(a, b);
        // Half the runs put the threshold exactly on the pair's similarity, where rounding would show.
        const threshold = atExact && exact > 0 ? exact : t;
        const got = setSimilarity(pooled(a, oa), oa, a.length, pooled(b, ob), ob, b.length, new NeededShared(threshold), -1);
        const input = `${Array.from(a).join(',')} | ${Array.from(b).join(',')} at ${threshold}`;
        expect(got >= threshold, input).toBe(exact >= threshold);
        if (exact >= threshold) expect(got, input).toBe(exact);
      }),
    );
  });

  it('reports a signature pair at or above the threshold with the MinHash estimate, and never one below it (property)', () => {
    const k = 16;
    const signature = fc.uint32Array({ minLength: k, maxLength: k }).map((xs) => xs.map((x) => x % 3));
    fc.assert(
      fc.property(signature, signature, fc.integer({ min: 1, max: k }), (a, b, need) => {
        const threshold = need / k;
        const estimate = MinHasher.similarity(a, b);
        const got = signatureSimilarity(a, 0, b, 0, k, k - neededShared(threshold, k, false));
        expect(got >= threshold, `${a.join(',')} | ${b.join(',')} at ${threshold}`).toBe(estimate >= threshold);
        if (estimate >= threshold) expect(got).toBe(estimate);
      }),
    );
  });
});
