import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against sources; the packaging and e2e tests use the built packages.
    alias: [
      { find: /^@pinbridge\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@pinbridge\/core\/wire$/, replacement: src('core/src/wire/index.ts') },
      { find: /^@pinbridge\/core\/server$/, replacement: src('core/src/server/index.ts') },
      { find: /^@pinbridge\/core\/node$/, replacement: src('core/src/node/index.ts') },
      { find: /^#sha256$/, replacement: src('core/src/hash/sha256.node.ts') },
      { find: /^@pinbridge\/emulator$/, replacement: src('emulator/src/index.ts') },
      { find: /^@pinbridge\/react$/, replacement: src('react/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
