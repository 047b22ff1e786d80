// Checks the built packages as a user's bundler and Node see them: every export condition points
// at a file, client entries keep 'use client', Next is imported with ESM-safe specifiers, and the
// Edge-bound entries reach no Node built-in; and the tarballs as npm publishes them: README and
// LICENSE in each, every types path inside it, publint and attw (esm-only) clean. Runs after
// `npm run build` (part of `npm test`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from './compat/pack.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'emulator', 'react', 'next', 'redis', 'express', 'fastify', 'hono'];
// Every published package, the unscoped CLI included.
const PUBLISHED = [...PACKAGES, 'cli'];

function targets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  return Object.values(exports as Record<string, unknown>).flatMap(targets);
}

const packageJson = (name: string) =>
  JSON.parse(readFileSync(`${root}packages/${name}/package.json`, 'utf8'));

const EDGE = {
  platform: 'neutral',
  conditions: ['edge-light', 'worker', 'browser', 'import'],
} as const;

async function bundle(entry: string, options: Record<string, unknown> = EDGE) {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    metafile: true,
    // As a user's bundler sees the packages: without this repo's tsconfig paths.
    tsconfigRaw: '{}',
    mainFields: ['module', 'main'],
    external: ['next', 'next/*', 'react', 'react-dom', 'react/*'],
    logLevel: 'silent',
    ...options,
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

describe('packaging', () => {
  it.each(PACKAGES)(
    '@pinbridge/%s: every export and import condition points at a built file',
    (name) => {
      const pkg = packageJson(name);
      const files = [
        ...targets(pkg.exports),
        ...targets(pkg.imports ?? {}),
        ...targets(pkg.bin ?? {}),
      ];
      // Only dist ships besides package.json, README and LICENSE: a condition pointing at a
      // source file would resolve in this repository and nowhere else.
      for (const file of files.filter((path) => path !== './package.json')) {
        expect(file, name).toMatch(/^\.\/dist\//);
        expect(existsSync(`${root}packages/${name}/${file}`), `${name} ${file}`).toBe(true);
      }
    },
  );

  it.each(['react/dist/index.js', 'next/dist/index.js', 'next/dist/tag/pinterest-tag.js'])(
    '%s starts with "use client"',
    (file) => {
      expect(readFileSync(`${root}packages/${file}`, 'utf8')).toMatch(/^['"]use client['"];/);
    },
  );

  it('imports next/* with the .js extension (next has no exports map)', () => {
    const dist = `${root}packages/next/dist/`;
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.(c?js)$/.test(file),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(dist + file, 'utf8');
      expect(code, file).not.toMatch(/(from |require\()['"]next\/(server|navigation|headers)['"]/);
    }
  });

  it('hashes with node:crypto on Node and Web Crypto elsewhere', async () => {
    const entry = "export { sha256Hex } from '@pinbridge/core';";
    const node = await bundle(entry, { platform: 'node' });
    expect(node.inputs).toContain('packages/core/dist/sha256.node.js');
    const edge = await bundle(entry);
    expect(edge.inputs).toContain('packages/core/dist/sha256.web.js');
    expect(edge.code).not.toMatch(/node:|from ['"]crypto['"]/);
  });

  it.each([
    "export * from '@pinbridge/core';",
    "export * from '@pinbridge/core/server';",
    "export * from '@pinbridge/next/proxy';",
    "export * from '@pinbridge/next/server';",
    "export * from '@pinbridge/hono';",
  ])('reaches no Node built-in under Edge conditions: %s', async (entry) => {
    const { code } = await bundle(entry);
    expect(code).not.toMatch(/from ['"]node:|require\(['"]node:/);
  });

  it('serves server components the react-server build', async () => {
    const { inputs } = await bundle("export * from '@pinbridge/next';", {
      ...EDGE,
      conditions: ['react-server', 'import'],
      external: ['next', 'next/*', 'react', 'react-dom', 'react/*', '@pinbridge/react'],
    });
    expect(inputs).toContain('packages/next/dist/index.react-server.js');
    expect(inputs).not.toContain('packages/next/dist/index.js');
  });

  it('loads every entry in Node, and next.config helpers through require too', () => {
    const script = `
      const entries = ['@pinbridge/core', '@pinbridge/core/wire', '@pinbridge/core/server',
        '@pinbridge/core/node', '@pinbridge/emulator', '@pinbridge/next/server',
        '@pinbridge/next/proxy', '@pinbridge/next/config', '@pinbridge/next/pages',
        '@pinbridge/express', '@pinbridge/fastify', '@pinbridge/hono'];
      for (const entry of entries) await import(entry);
      const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/');
      if (typeof require('@pinbridge/next/config').withPinterest !== 'function') process.exit(2);
      console.log('ok');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('ok');
  });
});

/** The `types` targets of an exports or imports map (and of its nested conditions). */
function typesTargets(map: unknown): string[] {
  if (!map || typeof map !== 'object') return [];
  return Object.entries(map as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'types' && typeof value === 'string' ? [value] : typesTargets(value),
  );
}

describe('the tarballs npm publishes', () => {
  const names = PUBLISHED.map((dir) => packageJson(dir).name as string);
  let packDir: string;
  let tarballs: Map<string, string>;
  let contents: Map<string, string[]>;

  beforeAll(() => {
    packDir = mkdtempSync(join(tmpdir(), 'pinbridge-packaging-'));
    const packed = pack(packDir, names);
    contents = new Map(packed.map(({ name, files }) => [name, files]));
    tarballs = new Map(packed.map(({ name, tarball }) => [name, tarball]));
  }, 60_000);

  afterAll(() => rmSync(packDir, { recursive: true, force: true }));

  it.each(PUBLISHED)('%s ships README.md and LICENSE beside dist', (dir) => {
    const files = contents.get(packageJson(dir).name)!;
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
  });

  it.each(PUBLISHED)(
    '%s: every types path and every .d.ts import stays inside the tarball',
    (dir) => {
      const pkg = packageJson(dir);
      const files = new Set(contents.get(pkg.name));
      const declared = [pkg.types, ...typesTargets(pkg.exports), ...typesTargets(pkg.imports)];
      for (const target of declared.filter(Boolean) as string[]) {
        expect(files, `${pkg.name} types ${target}`).toContain(posix.normalize(target));
      }
      // A declaration file's relative imports must reach declarations that ship too.
      const declarations = [...files].filter((file) => /\.d\.[cm]?ts$/.test(file));
      for (const file of declarations) {
        const text = readFileSync(`${root}packages/${dir}/${file}`, 'utf8');
        for (const [, specifier] of text.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const path = posix.join(posix.dirname(file), specifier);
          const candidates = [
            path.replace(/\.js$/, '.d.ts'),
            path.replace(/\.cjs$/, '.d.cts'),
            path.replace(/\.mjs$/, '.d.mts'),
            `${path}.d.ts`,
          ];
          expect(
            candidates.some((candidate) => files.has(candidate)),
            `${file} imports ${specifier}`,
          ).toBe(true);
        }
      }
    },
  );

  it.each(PUBLISHED)('%s passes publint, warnings included', (dir) => {
    const tarball = tarballs.get(packageJson(dir).name)!;
    execFileSync(`${root}node_modules/.bin/publint`, ['run', tarball, '--strict'], {
      encoding: 'utf8',
    });
  });

  // ESM-only packages (`/config` of @pinbridge/next has a CommonJS build too): the esm-only profile
  // ignores what no ESM-only package can pass, the node10 resolution and require() of ESM.
  it.each(PUBLISHED)(
    '%s passes attw with the esm-only profile',
    (dir) => {
      const tarball = tarballs.get(packageJson(dir).name)!;
      const run = () =>
        execFileSync(
          `${root}node_modules/.bin/attw`,
          [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'],
          { encoding: 'utf8' },
        );
      expect(run).not.toThrow();
    },
    30_000,
  );
});
