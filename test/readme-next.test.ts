// The README's Next.js snippets are what a newcomer copies: every code block of the Next part
// whose first line names its file (`// app/layout.tsx`) is written, verbatim, into one app and
// compiled with `tsc --strict` against the built packages, as `next build` type-checks an app.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The Next part of the README: from its setup heading to the next top-level section. */
function nextSection(readme: string): string {
  const start = readme.indexOf('\n## Set up a Next.js app');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0 || end < 0) throw new Error('README.md has no "Set up a Next.js app" section');
  return readme.slice(start, end);
}

/** The blocks whose first line is `// <file>`, by file path. */
function fileSnippets(section: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, code] of section.matchAll(/^```(?:ts|tsx|js)\n([\s\S]*?)^```$/gm)) {
    const path = /^\/\/ (\S+\.(?:ts|tsx|mjs|js))\n/.exec(code)?.[1];
    if (!path) continue;
    if (files.has(path)) throw new Error(`two README snippets are ${path}`);
    files.set(path, code);
  }
  return files;
}

// What create-next-app 16 writes, less its plugin and Next's generated route types.
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['dom', 'dom.iterable', 'esnext'],
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    resolveJsonModule: true,
    isolatedModules: true,
    jsx: 'react-jsx',
  },
  include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '**/*.mjs'],
  exclude: ['node_modules'],
};

const NEXT_ENV =
  '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n';

describe("README's Next.js snippets", () => {
  const snippets = fileSnippets(nextSection(readFileSync(join(ROOT, 'README.md'), 'utf8')));
  const app = mkdtempSync(join(tmpdir(), 'pinbridge-readme-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('cover the App Router, the Pages Router, both config files and the proxy', () => {
    expect([...snippets.keys()].sort()).toEqual(
      expect.arrayContaining([
        'app/api/pin/route.ts',
        'app/layout.tsx',
        'app/page.tsx',
        'components/add-to-cart.tsx',
        'next.config.mjs',
        'next.config.ts',
        'pages/_app.tsx',
        'pages/api/pin.ts',
        'proxy.ts',
      ]),
    );
  });

  it('compile under strict TypeScript against the built packages', async () => {
    for (const name of ['core', 'react', 'next']) {
      const types = join(ROOT, `packages/${name}/dist/index.d.ts`);
      if (!existsSync(types)) throw new Error(`build first: ${types} is missing (npm run build)`);
    }
    for (const [path, code] of snippets) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), code);
    }
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(app, 'next-env.d.ts'), NEXT_ENV);
    // The workspace's node_modules: @pinbridge/* link to the packages, whose exports name dist.
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = await promisify(execFile)(process.execPath, [tsc, '-p', app], { cwd: app }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout || String(error),
    );
    expect(run).toBe('');
  }, 120_000);
});
