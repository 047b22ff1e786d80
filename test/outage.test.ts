import {
  type ClientConfig,
  createPinterestClient,
  type EventResult,
  type PinbridgeReport,
  type PinterestEvent,
} from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';
const OUTAGE_MS = 2000;
const MAX_BATCH_SIZE = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let emulator: Emulator;

// A fresh emulator per test: a request the last test's client gave up on may still be in the
// emulator's hands, and would be stored, or use up a scripted fault, in the next test.
beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const event = (id: string): PinterestEvent => ({
  event_name: 'add_to_cart',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000) - 60,
  event_id: id,
  user_data: { em: [EMAIL_HASH] },
});

/** A client with short backoff (many retries fall inside the outage), and what it reports. */
function connect(config: Partial<ClientConfig>) {
  const errors: PinbridgeReport[] = [];
  const results: EventResult[] = [];
  let retried = 0;
  const client = createPinterestClient({
    accessToken: 'pina_outage_token',
    adAccountId: '549755885175',
    apiUrl: `${emulator.url}/v5`,
    maxBatchSize: MAX_BATCH_SIZE,
    flushIntervalMs: 20,
    retry: { minDelayMs: 20, maxDelayMs: 200 },
    onReport: (report) => {
      if (report.stage === 'retried') retried += report.count;
    },
    onError: (report) => errors.push(report),
    onResult: (result) => results.push(result),
    ...config,
  });
  return { client, errors, results, retried: () => retried };
}

/** Enqueues `count` events one at a time (as request handlers do), in `chunks` over `spanMs`. */
async function produce(
  client: ReturnType<typeof connect>['client'],
  prefix: string,
  count: number,
  chunks: number,
  spanMs: number,
) {
  const size = count / chunks;
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    for (let index = chunk * size; index < (chunk + 1) * size; index += 1) {
      await client.enqueue(event(`${prefix}-${index}`));
    }
    await sleep(spanMs / chunks);
  }
}

const storedIds = () => new Set(emulator.received().events.map((stored) => stored.event_id));

describe('outage: every request fails for a while', () => {
  it('buffers what arrives during a 2 s outage and delivers all of it afterwards', async () => {
    const maxQueue = 5000;
    emulator.setFaults({ rates: { status503: 1 } });
    const { client, errors, results, retried } = connect({ maxQueue });
    let deepest = 0;
    const sampler = setInterval(() => {
      void client.queue.depth().then((depth) => {
        deepest = Math.max(deepest, depth);
      });
    }, 10);
    const started = performance.now();
    await produce(client, 'outage', 3000, 10, 1500);
    await sleep(OUTAGE_MS - (performance.now() - started));
    const duringOutage = emulator.received();
    const retriedDuringOutage = retried();
    emulator.setFaults({});
    const healed = performance.now();

    // Without a deadline, flush() waits out every backoff until the queue is empty.
    const flushed = await client.flush();
    clearInterval(sampler);
    const requestsAfter = emulator.received().requests.length - duringOutage.requests.length;
    console.log(
      `outage ${OUTAGE_MS} ms: 3000 events, ${duringOutage.requests.length} requests failed (503), ` +
        `${retriedDuringOutage} events released for a retry, deepest queue ${deepest} (maxQueue ${maxQueue}), ` +
        `delivered in ${requestsAfter} requests ${(performance.now() - healed).toFixed(0)} ms after recovery`,
    );

    expect(duringOutage.events).toEqual([]);
    expect(duringOutage.requests.every((request) => request.status === 503)).toBe(true);
    // Events went back to the queue, again and again, while the endpoint was down.
    expect(retriedDuringOutage).toBeGreaterThan(3000);
    expect(flushed).toEqual({ processed: 3000, failed: 0, pending: 0 });
    expect(results.every((result) => result.status === 'processed')).toBe(true);
    expect(storedIds()).toEqual(new Set(results.map((result) => result.event_id)));
    expect(storedIds().size).toBe(3000);
    expect(errors).toEqual([]);
    // The queue's bound counts every event, those being posted and those waiting for a retry.
    expect(deepest).toBeLessThanOrEqual(maxQueue);
    await client.close();
  });

  it('reports every event that overflows maxQueue, with its id, and delivers the rest', async () => {
    const maxQueue = 500;
    const enqueued = 2000;
    emulator.setFaults({ rates: { status503: 1 } });
    const { client, errors, results } = connect({ maxQueue });
    await produce(client, 'overflow', enqueued, 10, 1000);
    await sleep(200);
    emulator.setFaults({});
    await client.flush();

    const processed = results.filter((result) => result.status === 'processed');
    const reported = errors.flatMap((error) => error.event_ids);
    console.log(
      `overflow: ${enqueued} enqueued during the outage, maxQueue ${maxQueue}: ${processed.length} ` +
        `delivered, ${reported.length} evicted, reported in ${errors.length} records`,
    );

    expect(reported.length).toBeGreaterThan(0);
    expect(processed.length + reported.length).toBe(enqueued);
    expect(results).toHaveLength(processed.length);
    // Each evicted event is reported once, with its id, and is the one not delivered.
    expect(new Set(reported).size).toBe(reported.length);
    const all = new Set(Array.from({ length: enqueued }, (_, index) => `overflow-${index}`));
    for (const result of processed) all.delete(result.event_id);
    expect(new Set(reported)).toEqual(all);
    expect(errors.every((error) => error.stage === 'evicted' && error.code === 'queue_full')).toBe(
      true,
    );
    expect(storedIds()).toEqual(new Set(processed.map((result) => result.event_id)));
    await client.close();
  });
});
