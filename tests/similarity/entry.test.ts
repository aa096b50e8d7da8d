import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import sim from './lib.js';

// notelint/similarity is for tools that only compare notes: it must not load the NLP pipeline, the
// extractors or the lexicons (wink-nlp's model alone takes most of a second to load).
describe('notelint/similarity entry', () => {
  it('imports nothing outside src/similarity but the shared error helpers', () => {
    for (const file of readdirSync(join('src', 'similarity'))) {
      const code = readFileSync(join('src', 'similarity', file), 'utf8');
      for (const [, spec] of code.matchAll(/from '([^']+)'/g)) {
        expect(spec!.startsWith('./') || spec === '../errors.js', `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('exports the engine and nothing of the pipeline', () => {
    expect(Object.keys(sim).sort()).toEqual(
      ['LshIndex', 'MinHasher', 'clusterNearDuplicates', 'findNearDuplicates', 'jaccard', 'optimalBandsRows', 'shingles'].sort(),
    );
  });

  it.runIf(process.env.NOTELINT_DIST)('builds to a bundle without the NLP model or the lexicons', () => {
    const code = readFileSync(join('dist', 'similarity.js'), 'utf8');
    expect(code).not.toMatch(/wink|chrono|lexicons\//);
  });
});
