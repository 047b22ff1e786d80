// What init writes must build: the TypeScript fixtures' expected trees (created files, the
// wrapped next.config, the layout with its tag, a composed middleware) compile with
// `tsc --strict` against the built packages, as `next build` type-checks an app.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { copyFixture, makeTree, removeCopies } from './helpers/tree.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

afterAll(removeCopies);

const TYPESCRIPT_FIXTURES = ['next16-app-src', 'next15-app-layout', 'next15-middleware'];

it("the TypeScript fixtures' expected trees compile under strict TypeScript", async () => {
  for (const types of ['core/dist/index.d.ts', 'next/dist/proxy.d.ts', 'next/dist/server.d.ts']) {
    const path = join(ROOT, 'packages', types);
    if (!existsSync(path)) throw new Error(`build first: ${path} is missing (npm run build)`);
  }
  // One compilation for all of them (each tsc start costs seconds): a folder per fixture.
  const apps = makeTree({ 'next-env.d.ts': '/// <reference types="next" />\n' });
  for (const name of TYPESCRIPT_FIXTURES)
    cpSync(copyFixture(name, 'out'), join(apps, name), { recursive: true });
  writeFileSync(
    join(apps, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['dom', 'dom.iterable', 'esnext'],
        strict: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        skipLibCheck: true,
        noEmit: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        isolatedModules: true,
        jsx: 'react-jsx',
      },
      include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
      exclude: ['node_modules'],
    }),
  );
  // The workspace's node_modules: @pinbridge/* link to the packages, whose exports name dist.
  symlinkSync(join(ROOT, 'node_modules'), join(apps, 'node_modules'), 'dir');
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const run = await promisify(execFile)(process.execPath, [tsc, '-p', apps]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout || String(error),
  );
  expect(run).toBe('');
}, 120_000);
