// Next on Redis, against a real redis-server and the emulator: PINBRIDGE_REDIS_URL makes the
// shared client a producer-only one, and the cron flush route delivers within its budget.
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { redisQueue } from '@pinbridge/redis';
import { Redis } from 'ioredis';
import { NextRequest } from 'next/server.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import {
  createPinterestFlushRoute,
  createPinterestHandler,
  getPinterestClient,
  setPinterestClient,
} from '../src/server.js';
import { fakeWaitUntil } from './helpers.js';
import { postPin, wireEvent } from './wire.js';

const SECRET = 'cron-secret-for-tests-0123456789';
const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';

let server: RedisServer;
let emulator: Emulator;
let redis: Redis;
let accounts = 0;

beforeAll(async () => {
  server = await startRedisServer();
  emulator = await startEmulator({ maxRecords: 100_000 });
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await emulator?.close();
  await server?.stop();
});

/** A fresh ad account per test, and the environment a deployment on Redis has. */
function environment(): string {
  accounts += 1;
  const adAccountId = `${Date.now() % 1e9}${accounts}`;
  vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_flush_route_token');
  vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', adAccountId);
  vi.stubEnv('PINTEREST_API_URL', `${emulator.url}/v5`);
  vi.stubEnv('PINBRIDGE_REDIS_URL', server.url);
  vi.stubEnv('CRON_SECRET', SECRET);
  return adAccountId;
}

beforeEach(() => emulator.reset());
afterEach(() => {
  vi.unstubAllEnvs();
  setPinterestClient(undefined);
});

const cron = (authorization?: string) =>
  new NextRequest('https://shop.test/api/pin/flush', {
    headers: authorization === undefined ? {} : { authorization },
  });

const event = (id: string) => ({
  event_name: 'checkout' as const,
  action_source: 'web' as const,
  event_time: Math.floor(Date.now() / 1000) - 60,
  event_id: id,
  user_data: { em: [EMAIL_HASH] },
});

async function fill(adAccountId: string, count: number, prefix: string): Promise<string[]> {
  const queue = redisQueue({ redis, adAccountId });
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (let start = 0; start < count; start += 1000) {
    await queue.push(ids.slice(start, start + 1000).map(event));
  }
  return ids;
}

describe('createPinterestFlushRoute', () => {
  it('answers 401 without the CRON_SECRET bearer, and runs nothing', async () => {
    const adAccountId = environment();
    await fill(adAccountId, 3, 'guarded');
    const { GET } = createPinterestFlushRoute();
    for (const authorization of [undefined, 'Bearer wrong', SECRET, `Bearer ${SECRET}x`]) {
      const response = await GET(cron(authorization));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'unauthorized', message: expect.any(String), path: 'authorization' },
      });
    }
    expect(emulator.received().events).toHaveLength(0);
  });

  it('answers 500 not_configured in production without CRON_SECRET', async () => {
    environment();
    vi.stubEnv('CRON_SECRET', '');
    vi.stubEnv('NODE_ENV', 'production');
    const response = await createPinterestFlushRoute().GET(cron(`Bearer ${SECRET}`));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'not_configured', message: 'CRON_SECRET is not set', path: 'CRON_SECRET' },
    });
  });

  it('delivers what the handler stored through the producer-only shared client', async () => {
    environment();
    const { waitUntil, settled } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ waitUntil });
    const ids = Array.from(
      { length: 20 },
      (_, index) => `evt_redis_${String(index).padStart(4, '0')}`,
    );
    for (const event_id of ids) {
      expect((await POST(postPin({ events: [wireEvent({ event_id })] }))).status).toBe(202);
    }
    await settled();
    // Stored in Redis, not delivered by the instance that took the request.
    expect(getPinterestClient().queue.durable).toBe(true);
    expect(await getPinterestClient().queue.depth()).toBe(20);
    expect(emulator.received().events).toHaveLength(0);

    const response = await createPinterestFlushRoute().GET(cron(`Bearer ${SECRET}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ processed: 20, failed: 0, pending: 0 });
    expect(
      emulator
        .received()
        .events.map((received) => received.event_id)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('stops within its budget with the rest pending, and the next run delivers it', async () => {
    const adAccountId = environment();
    const ids = await fill(adAccountId, 8000, 'budget');
    // Four batches in flight at a time, each answered after 500 ms: two rounds outlast the budget.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 500 });
    const { GET } = createPinterestFlushRoute({ budgetMs: 800, onError: () => {} });
    const started = Date.now();
    const first = await (await GET(cron(`Bearer ${SECRET}`))).json();
    // The slack is the close's own work and the emulator's, which runs in this process and
    // validates each batch it answers (300 ms was overrun once on a busy 2-core host).
    expect(Date.now() - started).toBeLessThan(800 + 600);
    expect(first.pending).toBeGreaterThan(0);
    expect(first.processed).toBeGreaterThan(0);
    expect(first.processed + first.pending).toBe(8000);

    emulator.setFaults({});
    const second = await (
      await createPinterestFlushRoute({ maxDuration: 30 }).GET(cron(`Bearer ${SECRET}`))
    ).json();
    expect(second).toEqual({ processed: first.pending, failed: 0, pending: 0 });
    expect(new Set(emulator.received().events.map((received) => received.event_id))).toEqual(
      new Set(ids),
    );
  }, 20_000);
});
