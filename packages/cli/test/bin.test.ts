// The built bin as a child process, as `npx pinbridge` runs it: usage and exit codes, init on a
// fixture, a non-terminal without --yes that must not hang, the prompt in a pseudo-terminal,
// doctor against the emulator, the emulator and the worker commands.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runWorker, WORKER_MISSING } from '../src/commands/worker.js';
import { copyFixture, readTree, recordingIo, removeCopies } from './helpers/tree.js';

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let emulator: Emulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  emulator = await startEmulator({ accessToken: 'pina_bin_good_token' });
});
afterAll(() => emulator?.close());
afterEach(removeCopies);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with stdin a closed pipe (not a terminal), killed after 15 s should it hang. */
function pinbridge(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: 'pipe',
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data;
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('the pinbridge bin', () => {
  it('--help prints the usage (exit 0); no command or an unknown one prints it on stderr (exit 2)', async () => {
    const help = await pinbridge(['--help']);
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: pinbridge <command>'),
    });
    for (const args of [[], ['deploy']]) {
      const wrong = await pinbridge(args);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('Usage: pinbridge <command>');
    }
    expect((await pinbridge(['doctor', '--help'])).stdout).toContain('Usage: pinbridge doctor');
    const badFlag = await pinbridge(['init', '--force']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('Usage: pinbridge init');
  });

  it('init --yes --cwd writes the expected tree', async () => {
    const root = copyFixture('next14-pages-js');
    const run = await pinbridge(['init', '--yes', '--cwd', root]);
    expect(run.code).toBe(0);
    expect(readTree(root)).toEqual(readTree(copyFixture('next14-pages-js', 'out')));
  });

  it('init without --yes on a pipe shows the diffs, writes nothing and exits', async () => {
    const root = copyFixture('next16-app-src');
    const before = readTree(root);
    const run = await pinbridge(['init', '--cwd', root]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Not a terminal and no --yes');
    expect(run.stdout).toContain('--- /dev/null\n+++ b/src/proxy.ts');
    expect(readTree(root)).toEqual(before);
  });

  it.each([
    ['Enter (yes, the default)', '\r', true],
    ['n, Enter', 'n\r', false],
  ])(
    'init without --yes in a terminal asks with a prompt; answered %s',
    async (_, keys, writes) => {
      const root = copyFixture('next16-app-src');
      const before = readTree(root);
      // `script` gives the bin a pseudo-terminal as stdin and stdout, as a person's shell would
      // (with a width: at 0 columns the prompt wraps after every character).
      const child = spawn(
        'script',
        ['-qec', `stty cols 120; exec ${process.execPath} ${BIN} init --cwd ${root}`, '/dev/null'],
        {
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', TERM: 'dumb' },
          stdio: 'pipe',
        },
      );
      let output = '';
      const asked = new Promise<void>((resolve) =>
        child.stdout.on('data', (data: Buffer) => {
          output += data;
          if (output.includes('Write these 5 file(s)?')) resolve();
        }),
      );
      const closed = new Promise((resolve) => child.once('close', resolve));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await asked;
      child.stdin.write(keys);
      expect(await closed).toBe(0);
      clearTimeout(timer);
      if (writes) expect(readTree(root)).toEqual(readTree(copyFixture('next16-app-src', 'out')));
      else {
        expect(output).toContain('Nothing written.');
        expect(readTree(root)).toEqual(before);
      }
    },
  );

  it('doctor exits 1 on a refused token and 0 on a good one, printing neither', async () => {
    const root = copyFixture('next16-app-src', 'out');
    const env = {
      PINTEREST_AD_ACCOUNT_ID: '549755885175',
      NEXT_PUBLIC_PINTEREST_TAG_ID: '2613286171175',
      PINTEREST_API_URL: `${emulator.url}/v5`,
    };
    const bad = await pinbridge(['doctor', '--cwd', root], {
      ...env,
      PINTEREST_ACCESS_TOKEN: 'pina_bin_bad_token',
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('refused the test event: HTTP 401');
    const good = await pinbridge(['doctor', '--cwd', root], {
      ...env,
      PINTEREST_ACCESS_TOKEN: 'pina_bin_good_token',
    });
    expect(good.code).toBe(0);
    for (const run of [bad, good]) {
      expect(run.stdout + run.stderr).not.toMatch(/pina_bin_(bad|good)_token/);
    }
  });

  it('emulator starts, prints its URL and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        const match = /listening on (http:\/\/\S+)/.exec(String(data));
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error('the emulator exited')));
    });
    expect((await fetch(`${url}/ct/core.js`)).status).toBe(200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it("worker runs @pinbridge/redis's command: its usage, and its error without PINBRIDGE_REDIS_URL", async () => {
    const help = await pinbridge(['worker', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pinbridge worker');
    const unset = await pinbridge(['worker']);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('PINBRIDGE_REDIS_URL is not set');
  });
});

describe('pinbridge worker without @pinbridge/redis', () => {
  it('names the packages to install and exits 1', async () => {
    const io = recordingIo();
    const missing = Object.assign(new Error("Cannot find package '@pinbridge/redis'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const code = await runWorker([], io, () => Promise.reject(missing));
    expect(code).toBe(1);
    expect(io.output()).toBe(WORKER_MISSING);
    expect(WORKER_MISSING).toContain('npm i @pinbridge/redis ioredis');
  });

  it('does not hide another failure to load it', async () => {
    const broken = Object.assign(new Error("Cannot find package 'ioredis'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(runWorker([], recordingIo(), () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
