import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { redisLimiter } from '../src/index.js';
import { CLIENTS, freshAccount, type TestClient } from './helpers/clients.js';

let server: RedisServer;
let io: TestClient;
let node: TestClient;

beforeAll(async () => {
  server = await startRedisServer();
  io = await CLIENTS.ioredis(server.url);
  node = await CLIENTS['node-redis'](server.url);
});

afterAll(async () => {
  await io?.close();
  await node?.close();
  await server?.stop();
});

describe('redisLimiter', () => {
  it('holds two instances, on either client, to one rate per ad account', async () => {
    const adAccountId = freshAccount();
    const rate = { adAccountId, requestsPerSecond: 20, burst: 2 };
    const limiters = [
      redisLimiter({ redis: io.redis, ...rate }),
      redisLimiter({ redis: node.redis, ...rate }),
    ];
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        await limiters[index % 2].take();
        times.push(performance.now() - started);
      }),
    );
    times.sort((a, b) => a - b);
    // 2 at once (the burst), then one per 50 ms: the 12th no sooner than 10 intervals on.
    expect(times[1]).toBeLessThan(40);
    expect(times[11]).toBeGreaterThanOrEqual(10 * 50 - 5);
    expect(times[11]).toBeLessThan(2000);
    // Another account has its own limit.
    const other = redisLimiter({ redis: io.redis, ...rate, adAccountId: freshAccount() });
    const before = performance.now();
    await other.take();
    expect(performance.now() - before).toBeLessThan(40);
  });

  it("pushes a 429's Retry-After forward for every instance", async () => {
    const adAccountId = freshAccount();
    const first = redisLimiter({ redis: io.redis, adAccountId });
    const second = redisLimiter({ redis: node.redis, adAccountId });
    first.pause(400);
    expect(first.pausedFor()).toBeGreaterThan(300);
    // Let the pause reach Redis, then the other instance meets it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const left = await second.take(undefined, 100);
    expect(left).toBeGreaterThan(300);
    expect(second.pausedFor()).toBeGreaterThan(300);
    const before = performance.now();
    expect(await second.take()).toBe(0);
    expect(performance.now() - before).toBeGreaterThanOrEqual(300);
  });

  it('stops waiting when the client closes', async () => {
    const limiter = redisLimiter({ redis: io.redis, adAccountId: freshAccount() });
    limiter.pause(60_000);
    const callbacks: (() => void)[] = [];
    let closed = false;
    const closing = {
      get closed() {
        return closed;
      },
      onClose(callback: () => void) {
        callbacks.push(callback);
        return () => {};
      },
    };
    const taken = limiter.take(closing);
    closed = true;
    for (const callback of callbacks) callback();
    expect(await taken).toBe(0);
  });
});
