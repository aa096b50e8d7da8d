// Run in a separate process by minhash.test.ts: prints the signatures of fixed texts, to check that
// signatures are the same in every process. argv[2] is the URL of the module to import (source or dist).
import type * as Sim from '../../src/similarity/index.js';

const { MinHasher } = (await import(process.argv[2]!)) as typeof Sim;
const texts = JSON.parse(process.argv[3]!) as string[];
const hasher = new MinHasher({ numPerm: 64, seed: 7 });
process.stdout.write(JSON.stringify(texts.map((t) => Array.from(hasher.signature(t)))));
