import { defineConfig, type Options } from 'tsup';

// Lexicons are imported as JSON and inlined by esbuild, so the built library never reads files at call time.
const library: Options = {
  // The worker of findNearDuplicates({ workers }) is its own entry: a thread loads it by file, beside the bundle
  // (dist/similarity-worker.js, .cjs), so it has no type declarations of its own.
  entry: { index: 'src/index.ts', similarity: 'src/similarity/index.ts', 'similarity-worker': 'src/similarity/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', similarity: 'src/similarity/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
  // The CommonJS build has no import.meta.url; the shim gives it the file's URL, so it finds its worker.
  shims: true,
};

export default defineConfig(library);
