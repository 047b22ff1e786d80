// Delivery through Redis to the emulator: producer processes, shared workers, a crashed worker, and
// Pinterest's per-event rejections in the dead-letter stream. Every test is bounded in time.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type ClientConfig, createPinterestClient, type PinbridgeReport } from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { redisLimiter, redisQueue } from '../src/index.js';
import { CLIENTS, freshAccount, type TestClient } from './helpers/clients.js';
import { event } from './helpers/events.js';
import { until } from './helpers/until.js';

const WORKER = fileURLToPath(new URL('./fixtures/drain-worker.mjs', import.meta.url));
const PRODUCER = fileURLToPath(new URL('./fixtures/produce.mjs', import.meta.url));
const BUILT = ['../../core/dist/index.js', '../dist/index.js'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

/** The child processes load the built packages. */
function assertBuilt() {
  for (const file of BUILT) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
}

interface ProducerResult {
  refused: number;
  problems: number;
  ms: number;
}

/** One producer process (fixtures/produce.mjs): resolves with its last line once it exits 0. */
function runProducer(env: Record<string, string>): Promise<ProducerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRODUCER], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`producer ${env.PRODUCER} exited ${code}: ${output}`));
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}'));
    });
  });
}

let server: RedisServer;
let emulator: Emulator;
const connections: TestClient[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  emulator = await startEmulator({ maxRecords: 100_000 });
});

afterAll(async () => {
  await emulator?.close();
  await server?.stop();
});

beforeEach(() => emulator.reset());

afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
});

/** A connection of its own, as each instance has. */
async function connection(name: keyof typeof CLIENTS = 'ioredis') {
  const client = await CLIENTS[name](server.url);
  connections.push(client);
  return client.redis;
}

const client = (config: Partial<ClientConfig> & Pick<ClientConfig, 'adAccountId'>) =>
  createPinterestClient({
    accessToken: 'pina_redis_delivery_token',
    apiUrl: `${emulator.url}/v5`,
    retry: { minDelayMs: 1, maxDelayMs: 50 },
    ...config,
  });

describe('delivery through Redis', () => {
  it('3 producer processes × 10,000 events, each enqueued alone, drained meanwhile by 2 workers in full batches within the shared limit', async () => {
    assertBuilt();
    const adAccountId = freshAccount();
    const perProducer = 10_000;
    const total = 3 * perProducer;
    // The case where batching matters: the producers (about 17,000 events/s together on 2
    // cores, about 4,000 on a host that ran 4x slower) outpace the shared limit (2,000 events/s
    // in full batches), so the backlog grows while they push. Below the limit, batches are what
    // one flushIntervalMs gathers (6,000 events/s was overtaken on the slow host: partial batches).
    const limit = { requestsPerSecond: 2, burst: 1 };
    const producing = Promise.all(
      [0, 1, 2].map((producer) =>
        runProducer({
          REDIS_URL: server.url,
          AD_ACCOUNT: adAccountId,
          PRODUCER: String(producer),
          COUNT: String(perProducer),
          CLIENT: producer === 1 ? 'node-redis' : 'ioredis',
        }),
      ),
    );
    // Each worker claims up to 4 batches ahead of the limit as soon as it looks: they start once
    // the backlog holds that many, as workers find it under a spike of traffic (else each first
    // look takes a partial batch of what the producers' start-up left).
    const queue = redisQueue({ redis: await connection(), adAccountId });
    await until(async () => (await queue.depth()) >= 2 * 4 * 1000, 60_000);
    /** When each request left, once the shared limiter let it. */
    const starts: number[] = [];
    /** Events per request, in the order they left. */
    const sizes: number[] = [];
    const workers = await Promise.all(
      (['ioredis', 'node-redis'] as const).map(async (name) => {
        const redis = await connection(name);
        return client({
          adAccountId,
          queue: redisQueue({ redis, adAccountId }),
          limiter: redisLimiter({ redis, adAccountId, ...limit }),
          // A durable queue is looked at every flushIntervalMs: soon after they start, while
          // the producers still push.
          flushIntervalMs: 200,
          fetch: (input, init) => {
            starts.push(performance.now());
            sizes.push(JSON.parse(String(init?.body)).data.length);
            return fetch(input, init);
          },
        });
      }),
    );
    const results = await producing;
    const producedAt = performance.now();
    expect(results.map(({ refused, problems }) => ({ refused, problems }))).toEqual([
      { refused: 0, problems: 0 },
      { refused: 0, problems: 0 },
      { refused: 0, problems: 0 },
    ]);
    await until(() => emulator.received().events.length >= total, 120_000);
    const { events, requests } = emulator.received();
    const ids = new Set(events.map((received) => received.event_id));
    expect(ids.size).toBe(total);
    for (let index = 0; index < perProducer; index += 1) {
      for (const producer of [0, 1, 2]) expect(ids.has(`p${producer}-${index}`)).toBe(true);
    }
    expect(requests.every((request) => request.status === 200)).toBe(true);
    const average = total / requests.length;
    const meanwhile = starts.filter((at) => at < producedAt).length;
    console.log(
      `[producers] 3 processes × ${perProducer} events in ${results.map((r) => r.ms).join(', ')} ms; ` +
        `${requests.length} requests (${meanwhile} while they pushed), ` +
        `${Math.round(average)} events each (${sizes.join(' ')})`,
    );
    expect(average).toBeGreaterThanOrEqual(900);
    // One limit for both workers: n requests span n − burst intervals on Redis's clock. Seen
    // from here, a first request that reached fetch late shortens the span by that delay, so one
    // interval is allowed for it; two limiters of their own would span half as much.
    const times = starts.sort((a, b) => a - b);
    expect(times).toHaveLength(requests.length);
    const intervalMs = 1000 / limit.requestsPerSecond;
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(
      (requests.length - limit.burst - 1) * intervalMs,
    );
    for (const worker of workers) {
      expect(await worker.close({ timeoutMs: 1000 })).toMatchObject({ pending: 0 });
    }
    // About 16 s on an idle machine of 2 cores (30 requests at 2 a second); the bounds above leave
    // room for a slow one (45 s was seen on a throttled host): what is asserted is the batching.
  }, 240_000);

  it("keeps what Pinterest rejects one by one in the dead-letter stream, with Pinterest's reason", async () => {
    const adAccountId = freshAccount();
    const queue = redisQueue({ redis: await connection('node-redis'), adAccountId });
    const worker = client({ adAccountId, queue, flushIntervalMs: 60_000, onError: () => {} });
    const stale = Math.floor(Date.now() / 1000) - 8 * 86_400;
    await worker.enqueue([event('fine'), event('stale', { event_time: stale }), event('also')]);
    expect(await worker.flush({ timeoutMs: 5000 })).toEqual({
      processed: 2,
      failed: 1,
      pending: 0,
    });
    const letters = await queue.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ event_id: 'stale', event_name: 'checkout' });
    expect(letters[0].reason).toMatch(/past/i);
    expect(JSON.parse(letters[0].payload).event_time).toBe(stale);
    await worker.close({ timeoutMs: 1000 });
  });

  it('refuses events past maxDepth, and the producer reports their ids', async () => {
    const adAccountId = freshAccount();
    const queue = redisQueue({ redis: await connection(), adAccountId, maxDepth: 2 });
    const problems: PinbridgeReport[] = [];
    const producer = client({
      adAccountId,
      queue,
      consume: false,
      onError: (r) => problems.push(r),
    });
    const result = await producer.enqueue([event('a'), event('b'), event('c')]);
    expect(result).toEqual({ evicted: [], refused: ['c'] });
    expect(problems).toEqual([
      expect.objectContaining({ stage: 'evicted', code: 'queue_refused', event_ids: ['c'] }),
    ]);
  });

  describe('a worker killed mid-batch', () => {
    let child: ChildProcess | undefined;
    let standIn: Server | undefined;

    afterEach(async () => {
      child?.kill('SIGKILL');
      await new Promise<void>((resolve) => (standIn ? standIn.close(() => resolve()) : resolve()));
      standIn?.closeAllConnections();
    });

    it('is replaced by another that claims its entries once the lease ends and delivers the rest', async () => {
      assertBuilt();
      const adAccountId = freshAccount();
      const redis = await connection();
      const queue = redisQueue({ redis, adAccountId });
      const ids = Array.from({ length: 250 }, (_, index) => `crash-${index}`);
      await queue.push(ids.map((id) => event(id)));
      // A slow stand-in for Pinterest: it takes the first worker's requests and never answers.
      const seen = new Set<string>();
      let firstRequest: () => void = () => {};
      const requested = new Promise<void>((resolve) => {
        firstRequest = resolve;
      });
      standIn = createServer((request) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          for (const sent of JSON.parse(body).data) seen.add(sent.event_id);
          firstRequest();
        });
      });
      await new Promise<void>((resolve) => standIn?.listen(0, '127.0.0.1', resolve));
      const address = standIn.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      child = spawn(process.execPath, [WORKER], {
        env: {
          ...process.env,
          REDIS_URL: server.url,
          AD_ACCOUNT: adAccountId,
          PINTEREST_API_URL: `http://127.0.0.1:${port}/v5`,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await requested;
      child.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));
      expect(seen.size).toBeGreaterThan(0);
      expect(await queue.depth()).toBe(250);

      const second = client({ adAccountId, queue, flushIntervalMs: 60_000 });
      const deadline = Date.now() + 15_000;
      while ((await queue.depth()) > 0 && Date.now() < deadline) {
        await second.flush({ timeoutMs: 2000 });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const delivered = emulator.received().events.map((received) => received.event_id);
      expect(new Set(delivered)).toEqual(new Set(ids));
      expect(await queue.depth()).toBe(0);
      // Posted by the killed worker and again by the second: allowed, Pinterest dedupes them.
      const duplicates = delivered.filter((id) => seen.has(id)).length;
      console.log(
        `[crash] killed worker had posted ${seen.size} events; delivered again: ${duplicates}`,
      );
      expect(duplicates).toBe(seen.size);
      await second.close({ timeoutMs: 1000 });
    }, 30_000);
  });
});
