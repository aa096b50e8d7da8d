import { describe, expect, it } from 'vitest';
import { LshIndex, MinHasher, jaccard, nearDuplicateCorpus, optimalBandsRows, shingles } from './lib.js';

describe('LshIndex', () => {
  it('chooses bands and rows as datasketch does (threshold 0.8, 128 permutations: 9 bands of 13 rows)', () => {
    expect(optimalBandsRows(0.8, 128)).toEqual({ bands: 9, rows: 13 });
    const index = new LshIndex();
    expect([index.bands, index.rows, index.threshold]).toEqual([9, 13, 0.8]);
    const lower = new LshIndex({ threshold: 0.5 });
    expect(lower.rows).toBeLessThan(13);
    expect(new LshIndex({ numPerm: 64, bands: 16, rows: 4 }).bands).toBe(16);
  });

  it('finds a near-duplicate, not an unrelated note, and forgets removed ids', () => {
    const hasher = new MinHasher();
    const [a, , c] = nearDuplicateCorpus(2, 1, 5);
    const base = a!.text;
    const copy = base.replace(/^(\S+)/, 'changed');
    const index = new LshIndex({ threshold: 0.8 });
    index.insert('base', hasher.signature(base));
    index.insert('other', hasher.signature(c!.text));
    expect(index.size).toBe(2);
    expect(index.query(hasher.signature(copy))).toEqual(['base']);
    expect(index.remove('base')).toBe(true);
    expect(index.remove('base')).toBe(false);
    expect(index.size).toBe(1);
    expect(index.query(hasher.signature(copy))).toEqual([]);
  });

  it('rejects duplicate ids, wrong signature lengths and bad options', () => {
    const index = new LshIndex({ numPerm: 64 });
    index.insert('x', new Uint32Array(64));
    expect(() => {
      index.insert('x', new Uint32Array(64));
    }).toThrow(/id "x" is already in the index/);
    expect(() => index.query(new Uint32Array(128))).toThrow(/signature must have numPerm \(64\) values, got 128/);
    expect(() => new LshIndex({ bands: 4 })).toThrow(/bands and options\.rows must be given together/);
    expect(() => new LshIndex({ bands: 20, rows: 10 })).toThrow(/at most numPerm \(128\)/);
    expect(() => new LshIndex({ threshold: 1.5 })).toThrow(/options\.threshold must be a number above 0 and at most 1, got 1\.5/);
  });

  it('serializes and deserializes to an index answering the same queries', () => {
    const hasher = new MinHasher();
    const corpus = nearDuplicateCorpus(20, 2, 11);
    const index = new LshIndex({ threshold: 0.7 });
    for (const r of corpus) index.insert(r.id, hasher.signature(r.text));
    index.remove('f3-1');
    index.insert('ünïcode id', hasher.signature('something else entirely here'));
    const restored = LshIndex.deserialize(index.serialize());
    expect([restored.size, restored.bands, restored.rows, restored.threshold]).toEqual([index.size, index.bands, index.rows, 0.7]);
    for (const r of corpus) {
      const sig = hasher.signature(r.text);
      expect(restored.query(sig), r.id).toEqual(index.query(sig));
    }
    expect(Array.from(restored.serialize())).toEqual(Array.from(index.serialize()));
  });

  it('rejects bytes that are not a serialized index with a clear error', () => {
    const bytes = new LshIndex().serialize();
    expect(() => LshIndex.deserialize(new Uint8Array([1, 2, 3]))).toThrow(/not a notelint LSH index/);
    expect(() => LshIndex.deserialize(new TextEncoder().encode('{"json": "not an index at all, sorry"}'))).toThrow(/missing "NLSH" header/);
    const newer = bytes.slice();
    newer[4] = 9;
    expect(() => LshIndex.deserialize(newer)).toThrow(/unsupported format version 9/);
    const index = new LshIndex();
    index.insert('a', new MinHasher().signature('one two three'));
    const full = index.serialize();
    expect(() => LshIndex.deserialize(full.slice(0, full.length - 3))).toThrow(/truncated/);
    expect(() => LshIndex.deserialize(new Uint8Array([...full, 0]))).toThrow(/trailing/);
    expect(() => LshIndex.deserialize('NLSH' as unknown as Uint8Array)).toThrow(/bytes must be a Uint8Array, got string/);
  });

  it('recalls ≥ 99 % of generated near-duplicate pairs above threshold + 0.05 when tuned for recall', () => {
    const threshold = 0.7;
    const hasher = new MinHasher();
    const corpus = nearDuplicateCorpus(80, 4, 99);
    const sets = corpus.map((r) => shingles(r.text));
    const index = new LshIndex({ threshold, weights: { falsePositive: 0.05, falseNegative: 0.95 } });
    let wanted = 0;
    let found = 0;
    corpus.forEach((r, i) => {
      const sig = hasher.signatureOfShingles(sets[i]!);
      const candidates = new Set(index.query(sig));
      for (let j = 0; j < i; j++) {
        if (jaccard(sets[i]!, sets[j]!) < threshold + 0.05) continue;
        wanted++;
        if (candidates.has(corpus[j]!.id)) found++;
      }
      index.insert(r.id, sig);
    });
    expect(wanted).toBeGreaterThan(100);
    expect(found / wanted, `${found} of ${wanted}`).toBeGreaterThanOrEqual(0.99);
  });
});
