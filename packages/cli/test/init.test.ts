// `pinbridge init` on fixture apps: each fixtures/<name>/in, once set up with --yes, must be
// exactly fixtures/<name>/out; a second run changes nothing; --dry-run and a non-terminal
// without --yes write nothing; what cannot be edited safely stays byte-identical, with its
// snippet printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';
import { LAYOUT_SNIPPET, PROXY_SNIPPET } from '../src/templates.js';
import { copyFixture, readTree, recordingIo, removeCopies } from './helpers/tree.js';

afterEach(removeCopies);

const FIXTURES = [
  'next16-app-src',
  'next15-app-layout',
  'next15-middleware',
  'next14-pages-js',
  'unusual-layout',
];

const init = (root: string, ...flags: string[]) => {
  const io = recordingIo();
  return runCli(['init', '--cwd', root, ...flags], io).then((code) => ({ code, io }));
};

describe.each(FIXTURES)('init --yes on %s', (name) => {
  it('writes exactly the expected tree, and a second run changes nothing', async () => {
    const root = copyFixture(name);
    const first = await init(root, '--yes');
    expect(first.code).toBe(0);
    expect(readTree(root)).toEqual(readTree(copyFixture(name, 'out')));

    const second = await init(root, '--yes');
    expect(second.code).toBe(0);
    expect(second.io.output()).toContain('Nothing to write');
    expect(readTree(root)).toEqual(readTree(copyFixture(name, 'out')));
  });

  it('--dry-run prints a unified diff of every change and writes nothing', async () => {
    const root = copyFixture(name);
    const before = readTree(root);
    const { code, io } = await init(root, '--dry-run');
    expect(code).toBe(0);
    expect(readTree(root)).toEqual(before);
    const after = readTree(copyFixture(name, 'out'));
    for (const path of Object.keys(after).filter((path) => after[path] !== before[path])) {
      const old = path in before ? `--- a/${path}` : '--- /dev/null';
      expect(io.output()).toContain(`${old}\n+++ b/${path}\n@@ `);
    }
  });
});

describe('init', () => {
  it('Next 16 with src/app writes src/proxy.ts (Next ignores a root one) and the route in src/app', async () => {
    const root = copyFixture('next16-app-src');
    await init(root, '--yes');
    const tree = readTree(root);
    expect(tree['src/proxy.ts']).toContain('export default pinterestProxy();');
    expect(tree['proxy.ts']).toBeUndefined();
    expect(tree['src/app/api/pin/route.ts']).toContain('createPinterestHandler()');
  });

  it('never shows a value already in .env.local, in its diff or anywhere', async () => {
    const root = copyFixture('next15-app-layout');
    const dry = await init(root, '--dry-run');
    const real = await init(root, '--yes');
    expect(dry.io.output()).toContain('+PINTEREST_AD_ACCOUNT_ID=');
    expect(dry.io.output()).not.toContain('PINTEREST_ACCESS_TOKEN');
    for (const { io } of [dry, real])
      expect(io.output()).not.toContain('pina_fixture_secret_value');
  });

  it('leaves an unusual layout and a non-simple proxy byte-identical and prints their snippets', async () => {
    const root = copyFixture('unusual-layout');
    const before = readTree(root);
    const { code, io } = await init(root, '--yes');
    expect(code).toBe(0);
    const after = readTree(root);
    for (const path of ['app/layout.tsx', 'proxy.ts', 'app/api/pin/route.ts']) {
      expect(after[path]).toBe(before[path]);
    }
    expect(io.output()).toContain('app/layout.tsx was not edited');
    expect(io.output()).toContain(indented(LAYOUT_SNIPPET));
    expect(io.output()).toContain('proxy.ts was not composed with pinbridge');
    expect(io.output()).toContain(indented(PROXY_SNIPPET));
    expect(io.output()).toContain('.gitignore does not cover .env.local');
  });

  it('an unparsable next.config stays byte-identical; the snippet is printed and the rest is written', async () => {
    const root = copyFixture('next16-app-src');
    const broken = 'const nextConfig = {\n  images: {\n};\nexport default nextConfig;\n';
    writeFileSync(join(root, 'next.config.ts'), broken);
    const { code, io } = await init(root, '--yes');
    expect(code).toBe(0);
    expect(readFileSync(join(root, 'next.config.ts'), 'utf8')).toBe(broken);
    expect(io.output()).toMatch(/next\.config\.ts was not edited: could not parse it/);
    expect(io.output()).toContain('    export default withPinterest(nextConfig);');
    expect(readTree(root)['src/proxy.ts']).toBeDefined();
  });

  it('without --yes in a terminal asks first: no writes on "no", the plan on "yes"', async () => {
    const root = copyFixture('next14-pages-js');
    const before = readTree(root);
    const declined = recordingIo({ interactive: true, answer: false });
    expect(await runCli(['init', '--cwd', root], declined)).toBe(0);
    expect(declined.questions).toEqual(['Write these 5 file(s)?']);
    expect(declined.output()).toContain('Nothing written.');
    expect(readTree(root)).toEqual(before);

    const accepted = recordingIo({ interactive: true, answer: true });
    expect(await runCli(['init', '--cwd', root], accepted)).toBe(0);
    expect(readTree(root)).toEqual(readTree(copyFixture('next14-pages-js', 'out')));
  });

  it('without --yes and no terminal behaves as --dry-run, says so, and asks nothing', async () => {
    const root = copyFixture('next16-app-src');
    const before = readTree(root);
    const io = recordingIo({ interactive: false });
    expect(await runCli(['init', '--cwd', root], io)).toBe(0);
    expect(io.questions).toEqual([]);
    expect(io.output()).toContain('Not a terminal and no --yes');
    expect(io.output()).toContain('+++ b/src/proxy.ts');
    expect(readTree(root)).toEqual(before);
  });

  it('refuses a folder that is not a Next.js app (exit 1) and an unknown flag (exit 2)', async () => {
    const root = copyFixture('next16-app-src');
    writeFileSync(join(root, 'package.json'), '{ "name": "not-next" }');
    const notNext = await init(root, '--yes');
    expect(notNext.code).toBe(1);
    expect(notNext.io.output()).toContain('no `next` in package.json');

    const io = recordingIo();
    expect(await runCli(['init', '--force'], io)).toBe(2);
    expect(io.output()).toContain('Usage: pinbridge init');
  });
});

const indented = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
