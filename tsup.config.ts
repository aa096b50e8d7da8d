import { defineConfig, type Options } from 'tsup';

// Lexicons are imported as JSON and inlined by esbuild, so the built library never reads files at call time.
const library: Options = {
  // The worker of findNearDuplicates({ workers }) is its own entry: a thread loads it by file, beside the bundle
  // (dist/similarity-worker.js, .cjs), so it has no type declarations of its own.
  entry: { index: 'src/index.ts', similarity: 'src/similarity/index.ts', 'similarity-worker': 'src/similarity/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', similarity: 'src/similarity/index.ts' } },
  // Cleans dist/ but the CLI build's files: the two builds run at the same time.
  clean: ['!cli.js', '!cli.js.map', '!cli-worker.js', '!cli-worker.js.map'],
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
  // The CommonJS build has no import.meta.url; the shim gives it the file's URL, so it finds its worker.
  shims: true,
};

// The example CLI (bin "notelint"): ESM only, with the library bundled in, so dist/cli.js runs on its own. A
// separate build, so the banner and the CLI's own dependencies (commander, csv-parse) stay out of the library.
const cli: Options = {
  // `analyze --workers N` starts dist/cli-worker.js beside dist/cli.js (examples/cli/workers.ts finds it).
  entry: { cli: 'examples/cli/main.ts', 'cli-worker': 'examples/cli/analyze-worker.ts' },
  format: ['esm'],
  // commander is CommonJS and requires Node built-ins; an ESM bundle has no `require` unless it makes one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cliRequire } from 'node:module';\nconst require = __cliRequire(import.meta.url);" },
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
};

export default defineConfig([library, cli]);
