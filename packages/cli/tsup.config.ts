import { defineConfig } from 'tsup';

// A bin and nothing to import: no types. Dependencies and peers stay external (tsup leaves what
// package.json lists); esbuild carries the #! line over.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  clean: true,
  target: 'es2022',
});
