import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  // Type-check against core's source so this build does not wait for core's. The public types
  // name the wire contract's (ConsentRule, WireUser, PinbridgeReport): index.d.ts imports them from
  // `@pinbridge/core/wire`, a dependency, so they resolve for users without being copied.
  dts: {
    compilerOptions: {
      baseUrl: '.',
      paths: { '@pinbridge/core/wire': ['../core/src/wire/index.ts'] },
    },
  },
  clean: true,
  target: 'es2022',
  // Only the browser-safe `@pinbridge/core/wire` contract is imported; the app's bundler resolves it, so
  // the browser never pulls in core's client or hashing code.
  external: ['react', /^@pinbridge\/core/],
  // Every export touches `window` in effects or handlers, so the whole module is client-only.
  // esbuild drops source-level directives when bundling; the banner restores it for React
  // Server Components bundlers.
  banner: { js: "'use client';" },
});
