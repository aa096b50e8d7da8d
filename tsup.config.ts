import { defineConfig } from 'tsup';

// Lexicons are imported as JSON and inlined by esbuild, so the built library never reads files at call time.
export default defineConfig({
  entry: { index: 'src/index.ts', similarity: 'src/similarity/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
});
