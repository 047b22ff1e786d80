// Checks the built packages as a user's bundler and Node see them: every export condition points
// at a file, client entries keep 'use client', Next is imported with ESM-safe specifiers, and the
// Edge-bound entries reach no Node built-in. Runs after `npm run build` (part of `npm test`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'emulator', 'react', 'next', 'redis', 'express', 'fastify', 'hono'];

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

  it.each(['react/dist/index.js', 'next/dist/index.js', 'next/dist/client/pinterest-tag.js'])(
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
