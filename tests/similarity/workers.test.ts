import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SignaturePool } from '../../src/similarity/worker-pool.js';
import { findNearDuplicates, nearDuplicateCorpus, shingles } from './lib.js';

const mtsamples = readFileSync(join('corpora', 'mtsamples-pain.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; text: string });

const settings = { numPerm: 128, seed: 1, shingleSize: 3, maskNumbers: true, bands: 16, rows: 6, verify: true };

// Runs from the sources (worker.ts through tsx) and, with NOTELINT_DIST=1, from dist/similarity.js, whose
// workers are dist/similarity-worker.js.
describe('findNearDuplicates with worker threads', () => {
  it('gives the same pairs, in the same order, with 1 or 2 workers as on the calling thread', async () => {
    // More notes than one batch, so batches come back from two workers and must be put back in order.
    const corpus = [...mtsamples, ...nearDuplicateCorpus(250, 4, 13), ...mtsamples.map((r) => ({ id: `copy-${r.id}`, text: r.text }))];
    for (const options of [{ threshold: 0.8 }, { threshold: 0.6, verify: false }]) {
      const here = await findNearDuplicates(corpus, options);
      expect(here.length, JSON.stringify(options)).toBeGreaterThan(1000);
      for (const workers of [1, 2]) {
        const threaded = await findNearDuplicates(corpus, { ...options, workers });
        expect(threaded, `${JSON.stringify(options)}, workers ${workers}`).toEqual(here);
      }
    }
  });

  it('reads an async iterable with workers', async () => {
    const corpus = nearDuplicateCorpus(40, 3, 5);
    async function* stream() {
      for (const r of corpus) {
        await Promise.resolve();
        yield r;
      }
    }
    expect(await findNearDuplicates(stream(), { workers: 1, threshold: 0.7 })).toEqual(await findNearDuplicates(corpus, { threshold: 0.7 }));
  });

  it('rejects an invalid record read while workers run, with the record named and no note text', async () => {
    const secret = 'Jane Doe has HIV';
    const corpus = [...nearDuplicateCorpus(300, 3, 8), { id: 'f0-0', text: secret }];
    await expect(findNearDuplicates(corpus, { workers: 2 })).rejects.toThrow(/records\[1200\]\.id "f0-0" duplicates the id of records\[0\]/);
    await findNearDuplicates(corpus, { workers: 2 }).catch((e: unknown) => {
      expect(String(e)).not.toContain('Jane');
    });
  });
});

describe('SignaturePool', () => {
  it('signs batches in worker threads and returns them in submission order', async () => {
    const pool = await SignaturePool.start('test', 2, settings);
    try {
      const batches = [['pain in the lower back radiating to the left leg', 'x', ''], ['right L5-S1 transforaminal epidural steroid injection']];
      pool.submit(batches[0]!, 0);
      pool.submit(batches[1]!, 3);
      for (const texts of batches) {
        const signed = await pool.take();
        const sets = texts.map((t) => shingles(t));
        expect(Array.from(signed.lengths), texts.join(' | ')).toEqual(sets.map((s) => s.length));
        expect(Array.from(signed.data), texts.join(' | ')).toEqual(sets.flatMap((s) => Array.from(s)));
        expect(signed.keys.length).toBe(texts.length * settings.bands);
      }
    } finally {
      await pool.close();
    }
    expect(pool.running).toBe(0);
  });

  it('rejects with the failing records named, never their text, and stops every worker', async () => {
    const pool = await SignaturePool.start('findNearDuplicates', 2, settings);
    try {
      // The failing batch goes first: a failure rejects every batch still in flight, so a later batch on the
      // other worker may be rejected too, depending on which worker answers first.
      pool.submit(['Jane Doe has HIV', 42 as unknown as string, 'more'], 0);
      pool.submit(['Jane Doe again'], 3);
      const error = await pool.take().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(error)).toMatch(/notelint\.findNearDuplicates: a signature worker failed on records\[0\.\.2\]: TypeError: .*text must be a string, got number/);
      expect(String(error)).not.toContain('Jane');
      expect(() => {
        pool.submit(['after the failure'], 4);
      }, 'a failed pool takes no more batches').toThrow(/a signature worker failed/);
    } finally {
      await pool.close();
    }
    expect(pool.running).toBe(0);
  });

  it('rejects when a worker cannot start its signer, and stops every worker', async () => {
    const pool = await SignaturePool.start('findNearDuplicates', 2, { ...settings, numPerm: 0 });
    try {
      pool.submit(['pain'], 0);
      await expect(pool.take()).rejects.toThrow(/notelint\.findNearDuplicates: a signature worker failed: TypeError: notelint\.MinHasher: options\.numPerm must be an integer from 1 to 65536, got 0/);
    } finally {
      await pool.close();
    }
    expect(pool.running).toBe(0);
  });

  it('rejects when the worker script cannot be loaded', async () => {
    const pool = await SignaturePool.start('findNearDuplicates', 1, settings, { url: new URL('./no-such-worker.js', import.meta.url) });
    try {
      pool.submit(['pain'], 0);
      await expect(pool.take()).rejects.toThrow(/notelint\.findNearDuplicates: a signature worker failed: .*no-such-worker/);
    } finally {
      await pool.close();
    }
    expect(pool.running).toBe(0);
  });
});
