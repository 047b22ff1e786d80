// A throwaway redis-server for bench/redis.mjs (test/helpers/redis-server.ts is TypeScript, which
// plain Node 20 does not load): no persistence, 127.0.0.1, a free port, stopped by close().
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.mjs';

const BINARY = '/usr/bin/redis-server';

/** Starts redis-server; fails with the install command when it is missing. */
export async function startRedis() {
  if (!existsSync(BINARY)) {
    throw new Error(
      `${BINARY} is missing: sudo apt-get install -y redis-server (or npm test, as root)`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pinbridge-bench-redis-'));
  const args = [
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
  ];
  const child = spawn(BINARY, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  const deadline = Date.now() + 10_000;
  while (true) {
    try {
      await probe.connect();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
