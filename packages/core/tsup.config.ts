import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    wire: 'src/wire/index.ts',
    server: 'src/server/index.ts',
    node: 'src/node/index.ts',
    'sha256.node': 'src/hash/sha256.node.ts',
    'sha256.web': 'src/hash/sha256.web.ts',
  },
  format: 'esm',
  // `#sha256` resolves through package.json "imports" to types in dist, which this build is
  // writing: its own type check reads the source instead.
  dts: { compilerOptions: { baseUrl: '.', paths: { '#sha256': ['./src/hash/sha256.web.ts'] } } },
  clean: true,
  target: 'es2022',
  // Resolved at run time through package.json "imports", so each runtime gets its own hasher.
  external: ['#sha256'],
});
