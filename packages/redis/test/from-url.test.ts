// redisFromUrl, the connection PINBRIDGE_REDIS_URL makes, against a real redis-server: ioredis
// when it is installed, node-redis when only that one is (a child process where a module hook
// hides ioredis), a clear error when neither is. Either client must fail fast while Redis is
// away, so that a producer learns at once that its events were not stored, and come back after.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { redisFromUrl } from '../src/index.js';
import { freshAccount } from './helpers/clients.js';
import { until } from './helpers/until.js';

const CHILD = fileURLToPath(new URL('./fixtures/from-url.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let server: RedisServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  server = await startRedisServer();
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { name: string; code?: string; message: string };
  ms: number;
}

/** A process where the packages in `missing` are not installed, and a way to ask it things. */
async function withoutPackages(missing: string[]) {
  const child = fork(CHILD, {
    env: { ...process.env, MISSING: missing.join(','), AD_ACCOUNT: freshAccount() },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const replies: Reply[] = [];
  let waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (reply: Reply) => {
    if (waiting) waiting.resolve(reply);
    else replies.push(reply);
    waiting = undefined;
  });
  child.once('exit', (code) => waiting?.reject(new Error(`the child exited (${code})`)));
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      const reply = replies.shift();
      if (reply) resolve(reply);
      else waiting = { resolve, reject };
    });
  expect((await next()).value).toBe('ready');
  return (op: string, args: object = {}) => {
    child.send({ op, ...args });
    return next();
  };
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('redisFromUrl', () => {
  it('connects with ioredis when it is installed', async () => {
    const delivery = await redisFromUrl(server.url, { adAccountId: freshAccount() });
    expect(typeof (delivery.redis as { call?: unknown }).call).toBe('function');
    await delivery.close();
  });

  it('without ioredis, connects with node-redis: the queue works, a stopped Redis fails each call fast, and it reconnects after the restart', async () => {
    const ask = await withoutPackages(['ioredis']);
    expect(await ask('open', { url: server.url })).toMatchObject({ ok: true, value: 'node-redis' });
    expect(await ask('push', { ids: ['a', 'b', 'c'] })).toMatchObject({
      ok: true,
      value: { evicted: [], refused: [] },
    });
    expect(await ask('deliver')).toMatchObject({ ok: true, value: ['a', 'b', 'c'] });
    expect(await ask('depth')).toMatchObject({ ok: true, value: 0 });

    await server.kill('SIGTERM');
    try {
      for (const op of ['push', 'depth']) {
        const reply = await ask(op, { ids: ['during'] });
        expect(reply.ok).toBe(false);
        // Refused at once (no offline queue), not held until Redis comes back.
        expect(reply.ms).toBeLessThan(500);
      }
    } finally {
      await server.restart();
    }
    await until(async () => (await ask('depth')).ok, 5000);
    expect(await ask('push', { ids: ['after'] })).toMatchObject({ ok: true });
    expect(await ask('deliver')).toMatchObject({ ok: true, value: ['after'] });
    expect(await ask('close')).toMatchObject({ ok: true });
  }, 20_000);

  it('without ioredis and Redis down, rejects within the connect timeout instead of waiting for Redis', async () => {
    const ask = await withoutPackages(['ioredis']);
    const reply = await ask('open', { url: `redis://127.0.0.1:${await closedPort()}` });
    expect(reply.ok).toBe(false);
    expect(reply.ms).toBeLessThan(3000);
  }, 10_000);

  it('with neither client installed, says what to install', async () => {
    const ask = await withoutPackages(['ioredis', 'redis']);
    const reply = await ask('open', { url: server.url });
    expect(reply).toMatchObject({
      ok: false,
      error: { name: 'PinbridgeError', code: 'missing_dependency' },
    });
    expect(reply.error?.message).toContain('npm install ioredis (or redis)');
  });
});
