import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  clean: true,
  target: 'es2022',
  // Only the tiny `@pinbridge/core/events` table is imported; the app's bundler resolves it, so
  // the browser never pulls in core's client or hashing code.
  external: ['react', /^@pinbridge\/core/, 'nanoid'],
  // Every export touches `window` in effects or handlers, so the whole module is client-only.
  // esbuild drops source-level directives when bundling; the banner restores it for React
  // Server Components bundlers.
  banner: { js: "'use client';" },
});
