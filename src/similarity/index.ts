// The `notelint/similarity` subpath: the similarity engine alone. It must not import the NLP pipeline, the
// extractors or the lexicons, so tools that only compare notes load none of them.
export { shingles, jaccard } from './shingles.js';
export type { ShingleOptions } from './options.js';
export { MinHasher } from './minhash.js';
export type { MinHasherOptions } from './minhash.js';
export { LshIndex, optimalBandsRows } from './lsh.js';
export type { LshIndexOptions } from './lsh.js';
export { findNearDuplicates, clusterNearDuplicates } from './near-duplicates.js';
export type { NearDuplicateRecord, NearDuplicatePair, FindNearDuplicatesOptions } from './near-duplicates.js';
