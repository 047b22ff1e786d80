// `pinbridge doctor` against the emulator (never a real Pinterest host): a good token passes, a
// bad one and missing variables fail with exit 1, and no value is ever printed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';
import { copyFixture, makeTree, recordingIo, removeCopies } from './helpers/tree.js';

const TOKEN = 'pina_doctor_good_token';
const ACCOUNT = '549755885175';
const TAG_ID = '2613286171175';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accessToken: TOKEN, adAccountIds: [ACCOUNT] });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());
afterEach(removeCopies);

const goodEnv = () => ({
  PINTEREST_ACCESS_TOKEN: TOKEN,
  PINTEREST_AD_ACCOUNT_ID: ACCOUNT,
  NEXT_PUBLIC_PINTEREST_TAG_ID: TAG_ID,
  PINTEREST_API_URL: `${emulator.url}/v5`,
});

async function doctor(root: string, env: Record<string, string>) {
  const io = recordingIo({ env });
  const code = await runCli(['doctor', '--cwd', root], io);
  return { code, output: io.output() };
}

const secrets = (env: Record<string, string>) =>
  Object.entries(env)
    .filter(([name]) => name !== 'PINTEREST_API_URL')
    .map(([, value]) => value);

describe('pinbridge doctor', () => {
  it('passes a set-up app with a working token: one test event, exit 0, no value printed', async () => {
    const env = goodEnv();
    const { code, output } = await doctor(copyFixture('next16-app-src', 'out'), env);
    expect(output).toContain('✓ PINTEREST_ACCESS_TOKEN is set (the environment)');
    expect(output).toContain(
      '✓ the token works: PINTEREST_API_URL accepted a test event (?test=true, not recorded)',
    );
    expect(output).toContain('✓ src/proxy.ts is where Next 16 loads it');
    expect(output).toContain('All good.');
    expect(code).toBe(0);
    for (const value of secrets(env)) expect(output).not.toContain(value);
    const { requests, events } = emulator.received();
    expect(requests.map(({ status, test, eventCount }) => ({ status, test, eventCount }))).toEqual([
      { status: 200, test: true, eventCount: 1 },
    ]);
    expect(events).toEqual([]);
  });

  it("fails a bad token with exit 1, in the emulator's words, never printing the token", async () => {
    const env = { ...goodEnv(), PINTEREST_ACCESS_TOKEN: 'pina_doctor_wrong_token' };
    const { code, output } = await doctor(copyFixture('next16-app-src', 'out'), env);
    expect(code).toBe(1);
    expect(output).toMatch(/✗ PINTEREST_API_URL refused the test event: HTTP 401/);
    expect(output).toContain('→ check PINTEREST_ACCESS_TOKEN');
    for (const value of secrets(env)) expect(output).not.toContain(value);
  });

  it('fails an ad account the token may not use (403)', async () => {
    const env = { ...goodEnv(), PINTEREST_AD_ACCOUNT_ID: '123456789' };
    const { code, output } = await doctor(copyFixture('next16-app-src', 'out'), env);
    expect(code).toBe(1);
    expect(output).toMatch(/refused the test event: HTTP 403/);
  });

  it('names each missing variable and sends nothing; the tag id as a build-time one', async () => {
    const { code, output } = await doctor(copyFixture('next16-app-src', 'out'), {});
    expect(code).toBe(1);
    for (const name of [
      'PINTEREST_ACCESS_TOKEN',
      'PINTEREST_AD_ACCOUNT_ID',
      'NEXT_PUBLIC_PINTEREST_TAG_ID',
    ]) {
      expect(output).toContain(`✗ ${name} is not set`);
    }
    expect(output).toContain('inlined at build time');
    expect(emulator.received().requests).toEqual([]);
  });

  it('reads .env.local (the environment winning), printing where each is set and no value', async () => {
    const root = copyFixture('next16-app-src', 'out');
    const { PINTEREST_API_URL, PINTEREST_ACCESS_TOKEN, ...inFile } = goodEnv();
    const stale = 'pina_stale_token_in_the_file';
    const lines = Object.entries({ ...inFile, PINTEREST_ACCESS_TOKEN: stale });
    writeFileSync(
      join(root, '.env.local'),
      lines.map(([name, value]) => `${name}=${value}\n`).join(''),
    );
    const { code, output } = await doctor(root, { PINTEREST_API_URL, PINTEREST_ACCESS_TOKEN });
    expect(output).toContain('✓ PINTEREST_ACCESS_TOKEN is set (the environment)');
    expect(output).toContain('✓ PINTEREST_AD_ACCOUNT_ID is set (.env.local)');
    expect(output).toContain(
      '✓ NEXT_PUBLIC_PINTEREST_TAG_ID is set (.env.local, inlined by `next build`)',
    );
    expect(output).toContain('✓ the token works');
    expect(code).toBe(0);
    for (const value of [stale, PINTEREST_ACCESS_TOKEN, ...Object.values(inFile)]) {
      expect(output).not.toContain(value);
    }
  });

  it('fails a proxy Next would not load: at the root of a src/ app, or proxy.ts on Next 15', async () => {
    const misplaced = makeTree({
      'package.json': JSON.stringify({ dependencies: { next: '16.0.0' } }),
      'src/app/layout.tsx': 'export default function L() {}\n',
      'proxy.ts':
        "import { pinterestProxy } from '@pinbridge/next/proxy';\nexport default pinterestProxy();\n",
    });
    const first = await doctor(misplaced, goodEnv());
    expect(first.code).toBe(1);
    expect(first.output).toContain(
      '✗ proxy.ts is ignored: with a src/ layout Next loads proxy/middleware from src/ only',
    );
    expect(first.output).toContain('→ move it to src/proxy.ts');

    const renamed = makeTree({
      'package.json': JSON.stringify({ dependencies: { next: '15.5.0' } }),
      'app/layout.tsx': 'export default function L() {}\n',
      'proxy.ts':
        "import { pinterestProxy } from '@pinbridge/next/proxy';\nexport default pinterestProxy();\n",
    });
    const second = await doctor(renamed, goodEnv());
    expect(second.output).toContain(
      '✗ proxy.ts is ignored: Next 15 loads middleware.*, not proxy.*',
    );
    expect(second.output).toContain('→ rename it to middleware.ts');
  });

  it('warns, without failing, of a middleware.ts on Next 16', async () => {
    const root = copyFixture('next15-middleware', 'out');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { next: '16.0.0' } }));
    const { code, output } = await doctor(root, goodEnv());
    expect(output).toContain('! middleware.ts runs, but Next 16 names it proxy.*');
    expect(code).toBe(0);
  });

  it('fails an app init has not set up: no proxy, no route, no tag, no withPinterest', async () => {
    const { code, output } = await doctor(copyFixture('next16-app-src'), goodEnv());
    expect(code).toBe(1);
    expect(output).toContain('✗ no src/proxy.ts');
    expect(output).toContain('✗ the /api/pin route: not found');
    expect(output).toContain('✗ <PinterestTag /> is rendered: not found in src/app/layout.tsx');
    expect(output).toContain(
      '✗ next.config wraps its config in withPinterest: not found in next.config.ts',
    );
    expect(output).toContain('4 to fix.');
  });
});
