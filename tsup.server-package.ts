import { defineConfig, type Options } from 'tsup';

/**
 * The build of a server package over core (@pinbridge/express, fastify, hono, redis): ESM with
 * types. Its dependencies and peers stay external, as tsup leaves everything package.json lists;
 * the types are checked against core's sources, so the build does not wait for core's.
 */
export const serverPackage = (entry: Options['entry'] = ['src/index.ts']) =>
  defineConfig({
    entry,
    format: 'esm',
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
  });
