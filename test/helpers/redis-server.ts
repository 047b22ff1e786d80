import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Debian's redis-server, installed with apt-get when missing and running as root; otherwise the
 * error says which command to run. Nothing outside the package registries can be downloaded here,
 * so no npm package that fetches or builds Redis.
 */
export function ensureRedisServer(): string {
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

/** A throwaway redis-server on 127.0.0.1, its own process, data directory and port. */
export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, no save) and removes its directory. */
  stop(): Promise<void>;
  /** Kills the server: SIGTERM (a clean stop) or SIGKILL (a crash); its directory stays. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, directory and arguments (the AOF, if any, is replayed). */
  restart(): Promise<void>;
}

// Redis reads `--port 0` as "no TCP at all": a free port is found by letting the OS pick one.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
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
export async function startRedisServer(args: readonly string[] = []): Promise<RedisServer> {
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
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    child = spawn(binary, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const kill = async (signal: 'SIGTERM' | 'SIGKILL') => {
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
