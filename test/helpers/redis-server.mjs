// Plain JavaScript, so that bench/redis.mjs (plain Node 20, no TypeScript) shares it with the tests.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Debian's redis-server, installed with apt-get when missing and running as root; otherwise the
 * error says which command to run. Nothing outside the package registries can be downloaded here,
 * so no npm package that fetches or builds Redis.
 */
function ensureRedisServer() {
  if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `redis-server is missing at ${REDIS_SERVER}. Install it with: sudo apt-get install -y redis-server`,
    );
  }
  console.log("[redis] redis-server is missing: installing Debian's redis-server with apt-get");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return REDIS_SERVER;
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/**
 * Starts redis-server without persistence (`--save '' --appendonly no`) unless `args` say
 * otherwise, and resolves once it answers PING.
 *
 * @example
 * const redis = await startRedisServer();
 * afterAll(() => redis.stop());
 */
export async function startRedisServer(args = []) {
  const binary = ensureRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pinbridge-redis-'));
  const argv = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    ...args,
  ];
  let child;
  let exited;
  const launch = async () => {
    child = spawn(binary, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const kill = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill,
    restart: launch,
  };
}
