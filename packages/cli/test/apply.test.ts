// Writing a plan: a file is either fully written or left as it was, and a failure prints what
// to add by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../src/apply.js';
import { detectProject } from '../src/detect.js';
import { planInit } from '../src/plan.js';
import { runCli } from '../src/run-cli.js';
import { copyFixture, readTree, recordingIo, removeCopies } from './helpers/tree.js';

afterEach(removeCopies);

describe('applyChanges', () => {
  it('does not replace a file that changed after it was planned', async () => {
    const root = copyFixture('next16-app-src');
    const plan = planInit(detectProject(root));
    const edited = 'export default { changed: true };\n';
    writeFileSync(join(root, 'next.config.ts'), edited);
    const failures = await applyChanges(root, plan.changes);
    expect(failures.map(({ change, reason }) => [change.path, reason])).toEqual([
      ['next.config.ts', 'it changed since init read it'],
    ]);
    expect(readFileSync(join(root, 'next.config.ts'), 'utf8')).toBe(edited);
    expect(readTree(root)['src/proxy.ts']).toBeDefined();
  });

  it('does not overwrite a file that appeared after it was planned', async () => {
    const root = copyFixture('next16-app-src');
    const plan = planInit(detectProject(root));
    writeFileSync(join(root, 'src/proxy.ts'), 'mine\n');
    const failures = await applyChanges(root, plan.changes);
    expect(failures.map(({ change, reason }) => [change.path, reason])).toEqual([
      ['src/proxy.ts', 'it exists now'],
    ]);
    expect(readFileSync(join(root, 'src/proxy.ts'), 'utf8')).toBe('mine\n');
  });

  it('leaves no temporary file behind', async () => {
    const root = copyFixture('next16-app-src');
    await applyChanges(root, planInit(detectProject(root)).changes);
    expect(Object.keys(readTree(root)).filter((path) => path.includes('pinbridge-'))).toEqual([]);
  });
});

describe('init when a write fails', () => {
  it('prints the snippet of the file it could not write, writes the rest and exits 1', async () => {
    const root = copyFixture('next16-app-src');
    // A file where the route's folder would go: creating src/app/api/pin/route.ts fails.
    writeFileSync(join(root, 'src/app/api'), 'not a folder\n');
    const io = recordingIo();
    expect(await runCli(['init', '--yes', '--cwd', root], io)).toBe(1);
    expect(io.output()).toMatch(
      /! src\/app\/api\/pin\/route\.ts was not written \(.+\); add this by hand:/,
    );
    expect(io.output()).toContain('    export const { POST } = createPinterestHandler();');
    const tree = readTree(root);
    expect(tree['src/app/api']).toBe('not a folder\n');
    expect(tree['src/proxy.ts']).toBeDefined();
    expect(tree['next.config.ts']).toContain('withPinterest(nextConfig)');
  });
});
