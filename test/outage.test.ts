import {
  type ClientConfig,
  createPinterestClient,
  type DeliveryError,
  type EventResult,
  type PinterestEvent,
} from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';
const OUTAGE_MS = 2000;
const MAX_BATCH_SIZE = 100;
/** Batches the client keeps in flight at once (batcher.ts). */
const IN_FLIGHT_BATCHES = 4;

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

/** A client with short retries (a round of them ends well inside the outage). */
function connect(config: Partial<ClientConfig>) {
  const errors: DeliveryError[] = [];
  let requeues = 0;
  const client = createPinterestClient({
    accessToken: 'pina_outage_token',
    adAccountId: '549755885175',
    apiUrl: `${emulator.url}/v5`,
    maxBatchSize: MAX_BATCH_SIZE,
    flushIntervalMs: 20,
    retry: { retries: 3, minDelayMs: 20, maxDelayMs: 200 },
    onError: (error) => errors.push(error),
    debug: (message) => {
      if (message === 'pinbridge: requeued after retries') requeues += 1;
    },
    ...config,
  });
  return { client, errors, requeues: () => requeues };
}

/** Enqueues `count` events in `chunks` spread over `spanMs`, returning their outcomes. */
async function produce(
  client: ReturnType<typeof connect>['client'],
  prefix: string,
  count: number,
  chunks: number,
  spanMs: number,
) {
  const outcomes: Promise<EventResult>[] = [];
  const size = count / chunks;
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    for (let index = chunk * size; index < (chunk + 1) * size; index += 1) {
      outcomes.push(client.enqueue(event(`${prefix}-${index}`)));
    }
    await sleep(spanMs / chunks);
  }
  return outcomes;
}

const storedIds = () => new Set(emulator.received().events.map((stored) => stored.event_id));

describe('outage: every request fails for a while', () => {
  it('buffers what arrives during a 2 s outage and delivers all of it afterwards', async () => {
    const maxQueue = 5000;
    emulator.setFaults({ rates: { status503: 1 } });
    const { client, errors, requeues } = connect({ maxQueue });
    let mostPending = 0;
    const sampler = setInterval(() => {
      mostPending = Math.max(mostPending, client.pending);
    }, 10);
    const started = performance.now();
    const outcomes = await produce(client, 'outage', 3000, 10, 1500);
    await sleep(OUTAGE_MS - (performance.now() - started));
    const duringOutage = emulator.received();
    const requeuedDuringOutage = requeues();
    emulator.setFaults({});
    const healed = performance.now();

    const results = await Promise.all(outcomes);
    clearInterval(sampler);
    const requestsAfter = emulator.received().requests.length - duringOutage.requests.length;
    console.log(
      `outage ${OUTAGE_MS} ms: 3000 events, ${duringOutage.requests.length} requests failed (503), ` +
        `${requeuedDuringOutage} requeues, most pending ${mostPending} (maxQueue ${maxQueue}), ` +
        `delivered in ${requestsAfter} requests ${(performance.now() - healed).toFixed(0)} ms after recovery`,
    );

    expect(duringOutage.events).toEqual([]);
    expect(duringOutage.requests.every((request) => request.status === 503)).toBe(true);
    // The retries of a batch ran out during the outage: requeueing, not retries alone, carried it.
    expect(requeuedDuringOutage).toBeGreaterThan(0);
    expect(results.every((result) => result.status === 'processed')).toBe(true);
    expect(storedIds()).toEqual(new Set(results.map((result) => result.event_id)));
    expect(storedIds().size).toBe(3000);
    expect(errors).toEqual([]);
    expect(mostPending).toBeLessThanOrEqual(maxQueue + IN_FLIGHT_BATCHES * MAX_BATCH_SIZE);
    await client.close();
  });

  it('reports every event that overflows maxQueue, with its id, and delivers the rest', async () => {
    const maxQueue = 500;
    const enqueued = 2000;
    emulator.setFaults({ rates: { status503: 1 } });
    const { client, errors } = connect({ maxQueue });
    const outcomes = await produce(client, 'overflow', enqueued, 10, 1000);
    await sleep(200);
    emulator.setFaults({});
    const results = await Promise.all(outcomes);

    const processed = results.filter((result) => result.status === 'processed');
    const failed = results.filter((result) => result.status === 'failed');
    const reported = errors.flatMap((error) => error.event_ids);
    console.log(
      `overflow: ${enqueued} enqueued during the outage, maxQueue ${maxQueue}: ${processed.length} ` +
        `delivered, ${failed.length} dropped, reported in ${errors.length} onError calls ` +
        `(${reported.length} ids)`,
    );

    expect(failed.length).toBeGreaterThan(0);
    expect(processed.length + reported.length).toBe(enqueued);
    // Each dropped event is reported once, as an overflow, and its promise resolves as failed.
    expect(new Set(reported).size).toBe(reported.length);
    expect(new Set(reported)).toEqual(new Set(failed.map((result) => result.event_id)));
    expect(errors.every((error) => error.kind === 'overflow')).toBe(true);
    for (const error of errors) expect(error.message).toMatch(/maxQueue 500/);
    expect(storedIds()).toEqual(new Set(processed.map((result) => result.event_id)));
    await client.close();
  });
});
