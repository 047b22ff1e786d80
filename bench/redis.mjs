// 8. Delivery through Redis (@pinbridge/redis) against the in-memory client, same run, same
// emulator (in its own process, no rate limit: both are bound by this machine). Producers are
// producer-only clients, each on a connection of its own, enqueueing one event per call; two
// workers drain the stream. Also: what a producer spends per event, what a queued event costs in
// Redis memory, and the serverless shape (many producers with one event each).
import { createPinterestClient, drain } from '@pinbridge/core';
import { redisLimiter, redisQueue } from '@pinbridge/redis';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/helpers/redis-server.mjs';
import { checkoutEvents } from './lib/checkout-events.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { formatNumber, progress, runIfMain } from './lib/report.mjs';

const TOKEN = 'bench-token';
const EVENTS = 30_000;
const PRODUCERS = 3;
const WORKERS = 2;
const COST_EVENTS = 5000;
const MEMORY_EVENTS = 10_000;
const INVOCATIONS = 5000;
// Requests per second of the shared limit: Pinterest's 5,000 a minute does not bind here.
const NO_LIMIT = { requestsPerSecond: 10_000, burst: 10_000 };

const cpuMs = ({ user, system }) => (user + system) / 1000;

/** A client to the emulator that counts its requests and what Pinterest processed. */
function counted(apiUrl, adAccountId, config, counter) {
  return createPinterestClient({
    accessToken: TOKEN,
    adAccountId,
    apiUrl,
    debug: false,
    fetch: (input, init) => {
      counter.requests += 1;
      return fetch(input, init);
    },
    onResult: (result) => {
      if (result.status === 'processed') counter.delivered += 1;
    },
    ...config,
  });
}

// A run that cannot finish (events lost, a stuck worker) fails the measurement instead of hanging.
async function until(check, what) {
  const deadline = performance.now() + 60_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`redis bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** In memory: one client, fed one event per enqueue, EVENTS ahead at most. */
async function throughMemory(apiUrl, nextEvent) {
  const counter = { requests: 0, delivered: 0 };
  // Room for the whole run: the default 16 MiB bound would evict some of it.
  const client = counted(
    apiUrl,
    '200000001',
    { maxQueue: EVENTS, maxQueueBytes: 256 * 1024 * 1024 },
    counter,
  );
  const started = performance.now();
  await Promise.all(Array.from({ length: EVENTS }, () => client.enqueue(nextEvent())));
  await client.flush({ timeoutMs: 60_000 });
  await until(() => counter.delivered >= EVENTS, 'every event delivered');
  const ms = performance.now() - started;
  await client.close({ timeoutMs: 1000 });
  return { ...counter, ms };
}

/** Through Redis: PRODUCERS producer-only clients, WORKERS workers, each on its own connection. */
async function throughRedis(url, apiUrl, nextEvent, connections) {
  const adAccountId = '200000002';
  const connection = () => {
    const redis = new Redis(url);
    connections.push(redis);
    return redis;
  };
  const counter = { requests: 0, delivered: 0 };
  const workers = Array.from({ length: WORKERS }, () => {
    const redis = connection();
    return counted(
      apiUrl,
      adAccountId,
      {
        queue: redisQueue({ redis, adAccountId, maxDepth: EVENTS }),
        limiter: redisLimiter({ redis, adAccountId, ...NO_LIMIT }),
        flushIntervalMs: 20,
      },
      counter,
    );
  });
  const producers = Array.from({ length: PRODUCERS }, () =>
    createPinterestClient({
      accessToken: TOKEN,
      adAccountId,
      queue: redisQueue({ redis: connection(), adAccountId, maxDepth: EVENTS }),
      consume: false,
      debug: false,
    }),
  );
  const started = performance.now();
  const share = EVENTS / PRODUCERS;
  await Promise.all(
    producers.map((producer) =>
      Promise.all(Array.from({ length: share }, () => producer.enqueue(nextEvent()))),
    ),
  );
  await until(() => counter.delivered >= EVENTS, 'every event delivered');
  const ms = performance.now() - started;
  for (const worker of workers) await worker.close({ timeoutMs: 1000 });
  return { ...counter, ms };
}

/** CPU and wall time of one producer's enqueue, awaited one event at a time. */
async function producerCost(client, nextEvent) {
  const events = Array.from({ length: COST_EVENTS }, nextEvent);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const event of events) await client.enqueue(event);
  return {
    wallUs: ((performance.now() - started) * 1000) / COST_EVENTS,
    cpuUs: (cpuMs(process.cpuUsage(cpu)) * 1000) / COST_EVENTS,
  };
}

const usedMemory = async (redis) =>
  Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? Number.NaN);

export async function measureRedis() {
  const pinterest = await startEmulatorProcess({});
  const server = await startRedisServer();
  const apiUrl = `${pinterest.url}/v5`;
  const nextEvent = await checkoutEvents('bench-redis');
  const connections = [];
  const admin = new Redis(server.url);
  connections.push(admin);
  try {
    progress(`redis: ${EVENTS} events in memory and through Redis, in turns (a few seconds)`);
    const memory = [];
    const redis = [];
    for (let round = 0; round < 2; round++) {
      if (round % 2 === 0) memory.push(await throughMemory(apiUrl, nextEvent));
      redis.push(await throughRedis(server.url, apiUrl, nextEvent, connections));
      if (round % 2 === 1) memory.push(await throughMemory(apiUrl, nextEvent));
    }
    const rate = (runs) =>
      (runs.reduce((sum, run) => sum + run.delivered, 0) * 1000) /
      runs.reduce((sum, run) => sum + run.ms, 0);
    const perRequest = (runs) =>
      runs.reduce((sum, run) => sum + run.delivered, 0) /
      runs.reduce((sum, run) => sum + run.requests, 0);

    progress('redis: producer cost per event, Redis memory per queued event');
    const costAccount = '200000003';
    const redisCost = await producerCost(
      createPinterestClient({
        accessToken: TOKEN,
        adAccountId: costAccount,
        queue: redisQueue({ redis: admin, adAccountId: costAccount, maxDepth: COST_EVENTS }),
        consume: false,
        debug: false,
      }),
      nextEvent,
    );
    const memoryCost = await producerCost(
      createPinterestClient({
        accessToken: TOKEN,
        adAccountId: costAccount,
        consume: false,
        maxQueue: COST_EVENTS,
        debug: false,
      }),
      nextEvent,
    );

    const memoryAccount = '200000004';
    const queued = redisQueue({
      redis: admin,
      adAccountId: memoryAccount,
      maxDepth: MEMORY_EVENTS,
    });
    const events = Array.from({ length: MEMORY_EVENTS }, nextEvent);
    const jsonBytes =
      events.reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0) /
      MEMORY_EVENTS;
    const before = await usedMemory(admin);
    for (let start = 0; start < MEMORY_EVENTS; start += 1000) {
      await queued.push(events.slice(start, start + 1000));
    }
    const perEventBytes = ((await usedMemory(admin)) - before) / MEMORY_EVENTS;

    progress(`redis: serverless shape, ${INVOCATIONS} invocations of one event each`);
    const serverlessAccount = '200000005';
    const sharedQueue = redisQueue({
      redis: admin,
      adAccountId: serverlessAccount,
      maxDepth: INVOCATIONS,
    });
    // Each invocation: a producer-only client of its own, one event, then gone.
    await Promise.all(
      Array.from({ length: INVOCATIONS }, async () => {
        const invocation = createPinterestClient({
          accessToken: TOKEN,
          adAccountId: serverlessAccount,
          queue: sharedQueue,
          consume: false,
          debug: false,
        });
        await invocation.enqueue(nextEvent());
      }),
    );
    const cron = { requests: 0, delivered: 0 };
    const flushed = await drain(
      counted(apiUrl, serverlessAccount, { queue: sharedQueue, flushIntervalMs: 60_000 }, cron),
      { budgetMs: 30_000 },
    );
    // The same invocations without Redis: each instance batches alone and flushes before it freezes.
    const alone = { requests: 0, delivered: 0 };
    await Promise.all(
      Array.from({ length: 500 }, async () => {
        const instance = counted(apiUrl, '200000006', {}, alone);
        await instance.enqueue(nextEvent());
        await instance.close({ timeoutMs: 5000 });
      }),
    );

    const redisRate = rate(redis);
    const memoryRate = rate(memory);
    const cronPerRequest = cron.delivered / Math.max(1, cron.requests);
    const alonePerRequest = alone.delivered / Math.max(1, alone.requests);
    const rows = [
      {
        id: '8a',
        measurement: `Through Redis: ${PRODUCERS} producers, ${WORKERS} workers`,
        pinbridge: `${formatNumber(redisRate)} ev/s, ${formatNumber(perRequest(redis), 1)} ev/req`,
        reference: `in-memory client ${formatNumber(memoryRate)} ev/s`,
        ratio: redisRate / memoryRate,
        target: '>= 0.50x',
        met: redisRate / memoryRate >= 0.5,
        bound: `${EVENTS} events per run, 2 alternating runs each; enqueue one event per call; emulator CPU-bound, no rate limit`,
      },
      {
        id: '8b',
        measurement: 'Through Redis: producer cost per event',
        pinbridge: `${formatNumber(redisCost.cpuUs, 1)} µs CPU, ${formatNumber(redisCost.wallUs, 1)} µs wall`,
        reference: `in memory ${formatNumber(memoryCost.cpuUs, 1)} µs CPU`,
        ratio: redisCost.cpuUs / memoryCost.cpuUs,
        target: 'report',
        met: undefined,
        bound: `${COST_EVENTS} enqueues awaited one by one (wall: one round trip to a local redis-server each)`,
      },
      {
        id: '8c',
        measurement: 'Through Redis: memory per queued event',
        pinbridge: `${formatNumber(perEventBytes)} B/ev (INFO used_memory)`,
        reference: `event JSON ${formatNumber(jsonBytes)} B`,
        ratio: perEventBytes / jsonBytes,
        target: '<= 1,024 B/ev',
        met: perEventBytes <= 1024,
        bound: `${MEMORY_EVENTS} events queued; maxDepth's default of 100,000 sized at 1 KB each`,
      },
      {
        id: '8d',
        measurement: `Serverless: ${INVOCATIONS} invocations x 1 event, one cron drain`,
        pinbridge: `${formatNumber(cronPerRequest, 1)} ev/req`,
        reference: `alone: ${formatNumber(alonePerRequest, 1)} ev/req`,
        ratio: cronPerRequest / alonePerRequest,
        target: '>= 900 ev/req',
        met: cronPerRequest >= 900,
        bound: `drain() delivered ${formatNumber(flushed.processed)}, ${flushed.pending} left; reference: 500 instances each flushing its own one event`,
      },
    ];
    const notes = [
      `8 Redis ${(await admin.info('server')).match(/redis_version:(\S+)/)?.[1]} on 127.0.0.1 without persistence; with appendfsync always each XADD waits for an fsync, so producer wall time grows with the disk.`,
    ];
    return { rows, notes };
  } finally {
    for (const connection of connections) connection.disconnect();
    await server.stop();
    await pinterest.close();
  }
}

await runIfMain(import.meta.url, measureRedis);
