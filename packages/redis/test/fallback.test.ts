// Fallback to in-process delivery (`fallback: 'memory'`, PINBRIDGE_REDIS_FALLBACK=memory) against
// a real redis-server stopped mid-run: what Redis cannot take is delivered by the producer's own
// process and reported by id; nothing is dropped. Without the fallback, failures.test.ts shows
// the events reported as not stored.
import {
  createPinterestClient,
  type PinbridgeReport,
  type PinterestClient,
  type PinterestEvent,
} from '@pinbridge/core';
import { createPinHandler, getPinterestClient, setPinterestClient } from '@pinbridge/core/server';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { wireEvent } from '../../../test/contract/contract.js';
import { postPin } from '../../../test/contract/requests.js';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { type RedisDelivery, redisFromUrl } from '../src/index.js';
import { freshAccount } from './helpers/clients.js';
import { until } from './helpers/until.js';

let server: RedisServer;
let emulator: Emulator;
const opened: RedisDelivery[] = [];
const clients: PinterestClient[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  emulator = await startEmulator({ maxRecords: 10_000 });
});

afterAll(async () => {
  await emulator?.close();
  await server?.stop();
});

beforeEach(() => emulator.reset());

afterEach(async () => {
  vi.unstubAllEnvs();
  setPinterestClient(undefined);
  for (const client of clients.splice(0)) await client.close({ timeoutMs: 500 }).catch(() => {});
  for (const delivery of opened.splice(0)) await delivery.close();
});

const delivered = () => emulator.received().events.map((received) => received.event_id);
const id = (phase: string, index: number) => `evt_${phase}_${String(index).padStart(4, '0')}`;
const ids = (phase: string) => Array.from({ length: 20 }, (_, index) => id(phase, index));
const idsOf = (reports: PinbridgeReport[], code: string) =>
  reports.filter((report) => report.code === code).flatMap((report) => report.event_ids);

describe("fallback: 'memory' with Redis stopped mid-run", () => {
  it('the handler answers 202, the outage is delivered from this process and reported by id, Redis takes over after the restart', async () => {
    const adAccountId = freshAccount();
    const reports: PinbridgeReport[] = [];
    const connect = async () => {
      const made = await redisFromUrl(server.url, { adAccountId });
      opened.push(made);
      return made;
    };
    const common = {
      accessToken: 'pina_fallback_token',
      adAccountId,
      apiUrl: `${emulator.url}/v5`,
      retry: { minDelayMs: 20, maxDelayMs: 200 },
      flushIntervalMs: 50,
    };
    const shared = await connect();
    const producer = createPinterestClient({
      ...common,
      queue: shared.queue,
      limiter: shared.limiter,
      consume: false,
      fallback: 'memory',
      onReport: (report) => reports.push(report),
    });
    const worker = await connect();
    clients.push(producer, createPinterestClient({ ...common, ...worker, onError: () => {} }));
    const handle = createPinHandler({ client: producer, rateLimit: false });
    const pending: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void pending.push(promise);
    const post = async (event_id: string) =>
      (await handle(postPin({ events: [wireEvent({ event_id })] }), { waitUntil })).status;

    for (const event_id of ids('before')) expect(await post(event_id)).toBe(202);
    await Promise.all(pending.splice(0));
    await until(() => ids('before').every((event_id) => delivered().includes(event_id)), 5000);
    expect(idsOf(reports, 'queue_fallback')).toEqual([]);

    await server.kill('SIGTERM');
    for (const event_id of ids('during')) expect(await post(event_id)).toBe(202);
    await Promise.all(pending.splice(0));
    // Each event of the outage is named once as fallen back, none as lost.
    expect(idsOf(reports, 'queue_fallback').sort()).toEqual(ids('during'));
    expect(reports.filter((report) => report.stage === 'evicted')).toEqual([]);
    // Only this process can deliver them: the worker's queue is the Redis that is down. The
    // emulator stores a batch before its answer reaches the client that reports it: wait for both.
    const processedIds = () =>
      reports
        .filter((report) => report.stage === 'processed')
        .flatMap((report) => report.event_ids);
    await until(
      () => ids('during').every((id) => delivered().includes(id) && processedIds().includes(id)),
      5000,
    );
    const processed = reports.filter((report) => report.stage === 'processed');
    expect(processed.flatMap((report) => report.event_ids).sort()).toEqual(ids('during'));

    await server.restart();
    // The producer's own connection is back once it answers again.
    await until(
      () =>
        shared.queue.depth().then(
          () => true,
          () => false,
        ),
      10_000,
    );
    for (const event_id of ids('after')) expect(await post(event_id)).toBe(202);
    await Promise.all(pending.splice(0));
    expect(idsOf(reports, 'queue_fallback').sort()).toEqual(ids('during'));
    await until(() => ids('after').every((event_id) => delivered().includes(event_id)), 10_000);
    // Before and after the outage, the worker delivered through Redis; the producer only what fell back.
    const posted = reports.filter((report) => report.stage === 'processed');
    expect(posted.flatMap((report) => report.event_ids).sort()).toEqual(ids('during'));
    expect(new Set(delivered())).toEqual(
      new Set([...ids('before'), ...ids('during'), ...ids('after')]),
    );
  }, 30_000);

  it('PINBRIDGE_REDIS_FALLBACK=memory gives the shared client the same fallback', async () => {
    const adAccountId = freshAccount();
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_fallback_token');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', adAccountId);
    vi.stubEnv('PINTEREST_API_URL', `${emulator.url}/v5`);
    vi.stubEnv('PINBRIDGE_REDIS_URL', server.url);
    vi.stubEnv('PINBRIDGE_REDIS_FALLBACK', 'memory');
    const signals = { term: process.listeners('SIGTERM'), int: process.listeners('SIGINT') };
    const client = getPinterestClient();
    clients.push(client);
    for (const [signal, before] of [
      ['SIGTERM', signals.term],
      ['SIGINT', signals.int],
    ] as const) {
      for (const listener of process.listeners(signal)) {
        if (!before.includes(listener)) process.removeListener(signal, listener);
      }
    }
    const event = (event_id: string): PinterestEvent => ({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Math.floor(Date.now() / 1000) - 60,
      event_id,
      user_data: { em: ['973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b'] },
    });
    // Stored in Redis while it is up (the shared client connects on its first event).
    expect(await client.enqueue(event('stored'))).toEqual({ evicted: [], refused: [] });
    expect(await client.flush({ timeoutMs: 100 })).toEqual({ processed: 0, failed: 0, pending: 1 });

    await server.kill('SIGTERM');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await client.enqueue(event('fell-back'))).toEqual({ evicted: [], refused: [] });
      // Its flush delivers what fell back, then says that Redis's depth is unknown.
      await expect(client.flush({ timeoutMs: 2000 })).rejects.toThrow();
      // Nobody listens to the shared client's reports here: problems go to console.error.
      const lines = errors.mock.calls.map((call) => String(call[0]));
      expect(
        lines.some((line) => line.includes('queue push failed') && line.includes('fell-back')),
      ).toBe(true);
    } finally {
      errors.mockRestore();
      await server.restart();
    }
    expect(delivered()).toEqual(['fell-back']);
  }, 20_000);
});
