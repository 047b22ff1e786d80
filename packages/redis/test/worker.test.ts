// `pinbridge-redis worker` as a child process, against a real redis-server and the emulator:
// it delivers what producers push, and a SIGTERM mid-backlog ends it with exit 0 and nothing lost.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPinterestClient } from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { redisQueue } from '../src/index.js';
import { CLIENTS, freshAccount, type TestClient } from './helpers/clients.js';
import { event } from './helpers/events.js';
import { until } from './helpers/until.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let server: RedisServer;
let emulator: Emulator;
let redis: TestClient;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  server = await startRedisServer();
  emulator = await startEmulator({ maxRecords: 100_000 });
  redis = await CLIENTS.ioredis(server.url);
});

afterAll(async () => {
  await redis?.close();
  await emulator?.close();
  await server?.stop();
});

beforeEach(() => emulator.reset());
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

interface Worker {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** Starts the worker and resolves once it drains. */
async function startWorker(adAccountId: string, graceMs = 5000): Promise<Worker> {
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: {
      ...process.env,
      PINBRIDGE_REDIS_URL: server.url,
      PINTEREST_ACCESS_TOKEN: 'pina_worker_test_token',
      PINTEREST_AD_ACCOUNT_ID: adAccountId,
      PINTEREST_API_URL: `${emulator.url}/v5`,
      PINBRIDGE_WORKER_GRACE_MS: String(graceMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output.push(data.toString());
      if (output.join('').includes('worker: draining')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
    void exited.then(() => reject(new Error(`worker exited: ${output.join('')}`)));
  });
  return { child, output, exited };
}

const delivered = () => new Set(emulator.received().events.map((received) => received.event_id));

describe('pinbridge-redis worker', () => {
  it('delivers what a producer-only client pushes, and exits 0 on SIGTERM', async () => {
    const adAccountId = freshAccount();
    const worker = await startWorker(adAccountId);
    const producer = createPinterestClient({
      accessToken: 'pina_worker_test_token',
      adAccountId,
      queue: redisQueue({ redis: redis.redis, adAccountId }),
      consume: false,
    });
    const ids = Array.from({ length: 300 }, (_, index) => `w-${index}`);
    for (const id of ids) await producer.enqueue(event(id));
    await until(() => delivered().size === ids.length, 10_000);
    expect(delivered()).toEqual(new Set(ids));
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output.join('')).toContain('worker: stopped {"processed":');
  }, 20_000);

  it('on SIGTERM mid-backlog finishes the batches in flight, claims no more and exits 0; a second worker delivers the rest', async () => {
    const adAccountId = freshAccount();
    const queue = redisQueue({ redis: redis.redis, adAccountId });
    const ids = Array.from({ length: 8000 }, (_, index) => `b-${index}`);
    for (let start = 0; start < ids.length; start += 1000) {
      await queue.push(ids.slice(start, start + 1000).map((id) => event(id)));
    }
    // Each request takes 400 ms: four batches in flight, the rest waiting in the stream.
    emulator.setFaults({ rates: { slow: 1 }, slowMs: 400 });
    const first = await startWorker(adAccountId, 3000);
    await until(() => emulator.received().requests.length > 0, 5000);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Done once its batches were answered, long before the 3 s grace period.
    expect(Date.now() - signalled).toBeLessThan(1500);
    const stopped = /worker: stopped (\{.*\})/.exec(first.output.join(''));
    const result = JSON.parse(stopped?.[1] ?? '{}');
    expect(result.processed).toBe(delivered().size);
    expect(result.failed).toBe(0);
    expect(result.pending).toBe(ids.length - delivered().size);
    expect(await queue.depth()).toBe(result.pending);
    expect(result.pending).toBeGreaterThan(0);

    emulator.setFaults({});
    const second = await startWorker(adAccountId);
    await until(async () => (await queue.depth()) === 0, 15_000);
    expect(delivered()).toEqual(new Set(ids));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 30_000);
});
