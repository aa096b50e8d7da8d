// Tests import the library through this file so the same suite runs against the sources (default) and,
// with NOTELINT_DIST=1, against the built package in dist/ (CI does both).
import type * as Lib from '../src/index.js';

const distEntry = '../dist/index.js';
const lib: typeof Lib = process.env.NOTELINT_DIST ? ((await import(distEntry)) as typeof Lib) : await import('../src/index.js');

export default lib;
export const {
  prepare,
  PreparedDocument,
  PainScoreSchema,
  PainReliefSchema,
  FunctionalStatementSchema,
  TherapyMentionSchema,
} = lib;
