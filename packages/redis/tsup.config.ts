import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: 'esm',
  // Type-check against core's sources, so this build does not wait for core's.
  dts: {
    compilerOptions: {
      baseUrl: '.',
      paths: {
        '@pinbridge/core': ['../core/src/index.ts'],
        '@pinbridge/core/*': ['../core/src/*/index.ts'],
      },
    },
  },
  clean: true,
  target: 'es2022',
  external: [/^@pinbridge\/core/, 'ioredis', 'redis'],
});
