// When something fails, against a real redis-server and the emulator: Pinterest down for a
// window, Redis stopped and restarted under a handler, and redis-server killed with -9 under
// AOF (appendfsync always). Nothing is lost silently; every test is bounded in time.
import {
  type ClientConfig,
  createPinterestClient,
  type PinbridgeReport,
  type PinterestClient,
} from '@pinbridge/core';
import { createPinHandler } from '@pinbridge/core/server';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wireEvent } from '../../../test/contract/contract.js';
import { postPin } from '../../../test/contract/requests.js';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { type RedisDelivery, redisFromUrl } from '../src/index.js';
import { freshAccount } from './helpers/clients.js';
import { event } from './helpers/events.js';
import { until } from './helpers/until.js';

let server: RedisServer;
let emulator: Emulator;
const opened: RedisDelivery[] = [];
const clients: PinterestClient[] = [];

beforeAll(async () => {
  server = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always']);
  emulator = await startEmulator({ maxRecords: 100_000 });
});

afterAll(async () => {
  await emulator?.close();
  await server?.stop();
});

beforeEach(() => emulator.reset());

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close({ timeoutMs: 500 });
  for (const delivery of opened.splice(0)) await delivery.close();
});

/** A connection of its own (as each instance has), made the way PINBRIDGE_REDIS_URL makes it. */
async function delivery(adAccountId: string): Promise<RedisDelivery> {
  const made = await redisFromUrl(server.url, { adAccountId });
  opened.push(made);
  return made;
}

async function client(adAccountId: string, config: Partial<ClientConfig> = {}) {
  const { queue, limiter } = await delivery(adAccountId);
  const made = createPinterestClient({
    accessToken: 'pina_failure_token',
    adAccountId,
    apiUrl: `${emulator.url}/v5`,
    queue,
    limiter,
    retry: { minDelayMs: 20, maxDelayMs: 200 },
    flushIntervalMs: 50,
    onError: () => {},
    ...config,
  });
  clients.push(made);
  return made;
}

const delivered = () => new Set(emulator.received().events.map((received) => received.event_id));

describe('failures', () => {
  it('Pinterest down for a window: the backlog waits in Redis and drains after it', async () => {
    const adAccountId = freshAccount();
    emulator.setFaults({ rates: { status503: 1 } });
    const reports: PinbridgeReport[] = [];
    const worker = await client(adAccountId, { onReport: (report) => reports.push(report) });
    const producer = await client(adAccountId, { consume: false });
    const ids = Array.from({ length: 3000 }, (_, index) => `down-${index}`);
    for (let start = 0; start < ids.length; start += 100) {
      await producer.enqueue(ids.slice(start, start + 100).map((id) => event(id)));
    }
    await until(() => reports.some((report) => report.stage === 'retried'), 5000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(delivered().size).toBe(0);
    expect(await producer.queue.depth()).toBe(ids.length);

    emulator.setFaults({});
    await until(async () => (await producer.queue.depth()) === 0, 10_000);
    expect(delivered()).toEqual(new Set(ids));
    expect(reports.filter((report) => report.stage === 'dead')).toEqual([]);
    expect(await worker.flush({ timeoutMs: 100 })).toMatchObject({ pending: 0 });
  }, 20_000);

  it('Redis stopped and restarted: the handler still answers, reports what it could not store by id, and delivery resumes', async () => {
    const adAccountId = freshAccount();
    const notStored: string[] = [];
    const producer = await client(adAccountId, {
      consume: false,
      onError: (report) => {
        if (report.stage === 'evicted' && report.code === 'queue_error') {
          notStored.push(...report.event_ids);
        }
      },
    });
    await client(adAccountId);
    const handle = createPinHandler({ client: producer, rateLimit: false });
    const pending: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void pending.push(promise);
    const post = async (event_id: string) =>
      (await handle(postPin({ events: [wireEvent({ event_id })] }), { waitUntil })).status;
    const id = (phase: string, index: number) => `evt_${phase}_${String(index).padStart(4, '0')}`;
    const before = Array.from({ length: 20 }, (_, index) => id('before', index));
    for (const event_id of before) expect(await post(event_id)).toBe(202);
    await Promise.all(pending.splice(0));
    await until(() => before.every((event_id) => delivered().has(event_id)), 5000);

    await server.kill('SIGTERM');
    const during = Array.from({ length: 20 }, (_, index) => id('during', index));
    const started = Date.now();
    for (const event_id of during) expect(await post(event_id)).toBe(202);
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all(pending.splice(0));
    // Every event of the outage was reported with its id: none counted as stored.
    expect(new Set(notStored)).toEqual(new Set(during));

    await server.restart();
    const after = Array.from({ length: 20 }, (_, index) => id('after', index));
    await until(async () => {
      notStored.length = 0;
      const status = await post(after[0]);
      await Promise.all(pending.splice(0));
      return status === 202 && notStored.length === 0;
    }, 10_000);
    for (const event_id of after.slice(1)) expect(await post(event_id)).toBe(202);
    await Promise.all(pending.splice(0));
    expect(notStored).toEqual([]);
    await until(() => after.every((event_id) => delivered().has(event_id)), 10_000);
    for (const event_id of during) expect(delivered().has(event_id)).toBe(false);
  }, 30_000);

  it('kill -9 of redis-server under appendfsync always loses nothing a producer was told was stored', async () => {
    const adAccountId = freshAccount();
    const acknowledged: string[] = [];
    const producers = await Promise.all(
      [0, 1, 2].map(() => client(adAccountId, { consume: false })),
    );
    let stop = false;
    const pushing = producers.map(async (producer, index) => {
      for (let n = 0; !stop; n += 1) {
        const eventId = `aof-${index}-${n}`;
        const { refused } = await producer.enqueue(event(eventId));
        if (refused.length === 0) acknowledged.push(eventId);
      }
    });
    let atKill: number;
    try {
      await until(() => acknowledged.length >= 1500, 10_000);
      await server.kill('SIGKILL');
      atKill = acknowledged.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      // Stopped whatever happens: a closed client refuses at once, and the loop would spin.
      stop = true;
    }
    await Promise.all(pushing);
    // A reply can only come from a live server: nothing was acknowledged after the kill.
    expect(acknowledged.length).toBe(atKill);

    await server.restart();
    const worker = await client(adAccountId);
    await until(async () => acknowledged.every((id) => delivered().has(id)), 15_000);
    console.log(
      `[aof] ${acknowledged.length} events acknowledged before kill -9, all delivered after the restart`,
    );
    expect(await worker.flush({ timeoutMs: 2000 })).toMatchObject({ pending: 0 });
  }, 40_000);
});
