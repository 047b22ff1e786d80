import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Entry files: one per subpath export, plus the server-component variant of `.`.
const entries = {
  index: 'src/index.ts',
  'index.react-server': 'src/index.react-server.ts',
  server: 'src/server.ts',
  proxy: 'src/proxy.ts',
  config: 'src/config.ts',
  pages: 'src/pages.ts',
};

const external = [/^next(\/|$)/, /^react(\/|$)/, /^react-dom(\/|$)/, /^@pinbridge\//];

// The two builds below run concurrently, so neither may clean: one would delete the other's files.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

export default defineConfig([
  {
    // File for file (no bundling), like next-intl's preserveModules: each 'use client' directive
    // stays at the top of its own module, and the react-server entry can import PinterestTag as
    // a client reference instead of a copy of its code.
    // The browser code lives in dist/tag/, never dist/client/: Next 14.2 and 16 (webpack) match
    // /next[\\/]dist[\\/](esm[\\/])?client/ to find their own client code, which
    // @pinbridge/next/dist/client/ matches too, and recompile it as CommonJS in a Pages Router
    // app ("exports is not defined" under next dev, "PinterestTag was not found" in next build).
    entry: ['src/**/*.ts', 'src/**/*.tsx'],
    bundle: false,
    format: 'esm',
    dts: { entry: entries },
    target: 'es2022',
    external,
  },
  {
    // next.config may be CommonJS (next.config.js without "type": "module").
    entry: { config: entries.config },
    outDir: 'dist/cjs',
    format: 'cjs',
    dts: true,
    target: 'es2022',
    external,
    // @pinbridge/core is ESM only, which Node 20 before 20.19 cannot require(): the little config
    // takes from it (PinbridgeError, from the small wire entry) is bundled in.
    noExternal: [/^@pinbridge\/core/],
  },
]);
