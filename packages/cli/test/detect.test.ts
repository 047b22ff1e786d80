// What init and doctor read from an app: the Next version (installed first), the src/ rule,
// the alias; the env files and .gitignore; and the plan's notes for proxies Next would not load.
import { afterEach, describe, expect, it } from 'vitest';
import { detectProject, NotNextAppError, proxyFileName } from '../src/detect.js';
import { appendMissingVariables, gitignoreCovers, parseEnv } from '../src/env-file.js';
import { planInit } from '../src/plan.js';
import { makeTree, removeCopies } from './helpers/tree.js';

afterEach(removeCopies);

const app = (next: string, files: Record<string, string> = {}) =>
  makeTree({
    'package.json': JSON.stringify({ dependencies: { next } }),
    'app/layout.tsx':
      'export default function L({ children }) { return <body>{children}</body>; }\n',
    ...files,
  });

describe('detectProject', () => {
  it('takes the installed Next over the range in package.json', () => {
    const root = app('^16.0.0', {
      'node_modules/next/package.json': JSON.stringify({ name: 'next', version: '15.5.4' }),
    });
    expect(detectProject(root).next).toEqual({ major: 15, source: 'installed', text: '15.5.4' });
    expect(proxyFileName(detectProject(root))).toBe('middleware.js');
  });

  it('reads the lowest major of a range when nothing is installed, and assumes the newest for a tag', () => {
    expect(detectProject(app('>=14.2 <16')).next).toMatchObject({ major: 14, source: 'range' });
    expect(detectProject(app('latest')).next).toMatchObject({ major: 16, source: 'assumed' });
  });

  it('puts proxy.ts in src/ when the app is in src/app, and reads the alias and the config kind', () => {
    const root = makeTree({
      'package.json': JSON.stringify({ devDependencies: { next: '16.1.0' } }),
      'src/app/page.tsx': '',
      'tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
      'next.config.mts': 'export default {};\n',
    });
    const project = detectProject(root);
    expect(project).toMatchObject({
      base: 'src',
      appDir: 'src/app',
      typescript: true,
      alias: '~/*',
      nextConfig: { path: 'next.config.mts', kind: 'mts' },
    });
    expect(proxyFileName(project)).toBe('src/proxy.ts');
  });

  it('refuses a folder without next, or without app/ or pages/', () => {
    expect(() => detectProject(makeTree({ 'package.json': '{}' }))).toThrow(NotNextAppError);
    const bare = makeTree({ 'package.json': JSON.stringify({ dependencies: { next: '16' } }) });
    expect(() => detectProject(bare)).toThrow(/no app\/ or pages\//);
  });
});

describe('planInit and proxies Next would not load', () => {
  it('warns of a root middleware.ts in a src/ app and writes src/middleware.ts', () => {
    const root = makeTree({
      'package.json': JSON.stringify({ dependencies: { next: '15.5.0' } }),
      'src/app/layout.tsx':
        'export default function L({ children }) { return <body>{children}</body>; }\n',
      'middleware.ts': 'export function middleware() {}\n',
    });
    const plan = planInit(detectProject(root));
    expect(plan.changes.map((change) => change.path)).toContain('src/middleware.js');
    expect(plan.notes.map((note) => note.message)).toContain(
      'middleware.ts is ignored: with a src/ layout Next loads only src/middleware.*; move its code into src/middleware.js',
    );
  });

  it('on Next 15 leaves a proxy.ts alone and says to rename it', () => {
    const root = app('15.5.0', { 'proxy.ts': 'export function proxy() {}\n' });
    const plan = planInit(detectProject(root));
    expect(plan.changes.map((change) => change.path)).not.toContain('proxy.ts');
    expect(plan.notes.map((note) => note.message)).toContain(
      'Next 15 loads middleware.*, not proxy.*: rename proxy.ts, then run init again',
    );
  });

  it('with no next.config creates next.config.mjs; with a pages/ app and no _app creates one', () => {
    const root = makeTree({
      'package.json': JSON.stringify({ dependencies: { next: '14.2.0' } }),
      'pages/index.js': 'export default function Home() { return null; }\n',
    });
    const paths = planInit(detectProject(root)).changes.map((change) => change.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'next.config.mjs',
        'pages/_app.jsx',
        'pages/api/pin.js',
        'middleware.js',
      ]),
    );
  });
});

describe('env files', () => {
  it('parses names, quotes, export and comments', () => {
    const values = parseEnv('export A=1\n# B=2\nC="x y"\nD=plain # note\n\nnot a line\n');
    expect([...values]).toEqual([
      ['A', '1'],
      ['C', 'x y'],
      ['D', 'plain'],
    ]);
  });

  it('appends only what no env file defines, each with its comment', () => {
    const text = appendMissingVariables(
      'A=1',
      new Set(['PINTEREST_ACCESS_TOKEN', 'PINTEREST_AD_ACCOUNT_ID']),
    );
    expect(text).toBe(
      'A=1\n\n# pinbridge: your Pinterest Tag id. Inlined into the browser bundle by `next build`: set it before building.\nNEXT_PUBLIC_PINTEREST_TAG_ID=\n',
    );
    const all = new Set([
      'PINTEREST_ACCESS_TOKEN',
      'PINTEREST_AD_ACCOUNT_ID',
      'NEXT_PUBLIC_PINTEREST_TAG_ID',
    ]);
    expect(appendMissingVariables('', all)).toBeUndefined();
  });

  it.each([
    ['.env*\n', true],
    ['.env*.local\n', true],
    ['/.env.local\n', true],
    ['*.local\n', true],
    ['.env*\n!.env.local\n', false],
    ['node_modules\n.env\n', false],
    ['# .env.local\n', false],
  ])('.gitignore %j covers .env.local: %s', (gitignore, covered) => {
    expect(gitignoreCovers(gitignore, '.env.local')).toBe(covered);
  });
});
