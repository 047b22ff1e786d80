import {
  type ClientConfig,
  clientFromEnv,
  createPinterestClient,
  type EventResult,
  PinbridgeError,
  type PinbridgeReport,
  type PinterestEvent,
  validateEvents,
} from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schemaValidator } from './helpers/schema.js';

const TOKEN = 'pina_delivery_test_token_0123456789';
const AD_ACCOUNT = '549755885175';
const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';
const DAY = 86_400;

let emulator: Emulator;
/** Every request body the clients posted in the current test. */
let posted: { data: PinterestEvent[] }[];

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.setFaults({});
  posted = [];
});

/** A valid event: hashed email on even ids, IP + user agent on odd ones. */
function event(id: string, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  const index = Number(id.replace(/\D/g, '')) || 0;
  const user_data =
    index % 2 === 0
      ? { em: [EMAIL_HASH] }
      : { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (pinbridge test)' };
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: Math.floor(Date.now() / 1000) - 60,
    event_id: id,
    user_data,
    custom_data: { currency: 'USD', value: '12.50', order_id: `order-${id}` },
    ...overrides,
  };
}

const events = (count: number, prefix = 'ev') =>
  Array.from({ length: count }, (_, index) => event(`${prefix}-${index}`));

/** A client pointed at the emulator, recording what it posts and reports. */
function connect(overrides: Partial<ClientConfig> = {}) {
  const reports: PinbridgeReport[] = [];
  const errors: PinbridgeReport[] = [];
  const results: EventResult[] = [];
  const client = createPinterestClient({
    accessToken: TOKEN,
    adAccountId: AD_ACCOUNT,
    apiUrl: `${emulator.url}/v5`,
    retry: { minDelayMs: 1, maxDelayMs: 50 },
    flushIntervalMs: 20,
    onReport: (report) => reports.push(report),
    onError: (report) => errors.push(report),
    onResult: (result) => results.push(result),
    fetch: (input, init) => {
      posted.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    },
    ...overrides,
  });
  return { client, reports, errors, results };
}

const storedIds = () => emulator.received().events.map((stored) => stored.event_id);
const requests = () => emulator.received().requests;

/** Every body posted validates with the project's validator and, when present, Pinterest's schema. */
function expectValidBodies(bodies = posted) {
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(validateEvents(body).errors).toEqual([]);
    if (schemaValidator) expect(schemaValidator(body).errors).toEqual([]);
  }
}

describe('delivery to the emulator', () => {
  it('delivers 2,500 queued events in exactly 3 requests', async () => {
    const { client, errors, results } = connect();
    const batch = events(2500);
    await Promise.all(batch.map((e) => client.enqueue(e)));
    expect(await client.flush()).toEqual({ processed: 2500, failed: 0, pending: 0 });
    expect(results.every((result) => result.status === 'processed')).toBe(true);
    expect(results).toHaveLength(2500);
    expect(
      requests()
        .map((r) => r.eventCount)
        .sort(),
    ).toEqual([1000, 1000, 500].sort());
    expect(new Set(storedIds())).toEqual(new Set(batch.map((e) => e.event_id)));
    expect(storedIds()).toHaveLength(2500);
    expect(errors).toEqual([]);
    expectValidBodies();
  });

  it('retries 429 (Retry-After), 503 and dropped connections without losing or duplicating', async () => {
    emulator.setFaults({ script: ['429', '503', 'drop'], retryAfterSeconds: 0.05 });
    const { client, errors } = connect();
    const batch = events(2500);
    const sent = await client.send(batch);
    expect(sent).toMatchObject({ processed: 2500, failed: 0 });
    expect(requests().map((r) => r.fault ?? r.status)).toEqual(
      expect.arrayContaining(['429', '503', 'drop', 200]),
    );
    expect(requests()).toHaveLength(6);
    expect(storedIds().sort()).toEqual(batch.map((e) => e.event_id).sort());
    expect(errors).toEqual([]);
    expectValidBodies();
  });

  it('loses nothing under random 429, 503, 500 and dropped connections', async () => {
    emulator.setFaults({
      rates: { status429: 0.15, status503: 0.15, status500: 0.1, drop: 0.1 },
      seed: 42,
      retryAfterSeconds: 0.05,
    });
    const { client, errors, results } = connect({
      maxBatchSize: 10,
      retry: { minDelayMs: 1, maxDelayMs: 20 },
    });
    const batch = events(200);
    await Promise.all(batch.map((e) => client.enqueue(e)));
    expect(await client.flush()).toEqual({ processed: 200, failed: 0, pending: 0 });
    expect(results.filter((result) => result.status !== 'processed')).toEqual([]);
    expect(requests().some((r) => r.fault !== undefined)).toBe(true);
    expect(storedIds().sort()).toEqual(batch.map((e) => e.event_id).sort());
    expect(errors).toEqual([]);
    expectValidBodies();
  });
});

describe('rejections are never retried and are reported per event', () => {
  it.each([
    ['401', 401, 2],
    ['403', 403, 29],
  ] as const)('a %s fails every event of the request once', async (fault, status, code) => {
    emulator.setFaults({ script: [fault] });
    const { client, errors, results } = connect();
    const batch = events(3);
    const sent = await client.send(batch);
    expect(sent).toMatchObject({ processed: 0, failed: 3 });
    expect(results.map((r) => [r.event_id, r.status])).toEqual(
      batch.map((e) => [e.event_id, 'failed']),
    );
    expect(requests()).toHaveLength(1);
    expect(errors).toEqual([
      expect.objectContaining({
        stage: 'dead',
        source: 'client',
        status,
        code,
        requestId: requests()[0].requestId,
        event_ids: batch.map((e) => e.event_id),
      }),
    ]);
    expect(JSON.stringify(errors)).not.toContain(TOKEN);
    expectValidBodies();
  });

  it('a 400 on one event is sent once and reported', async () => {
    emulator.setFaults({ script: ['400'] });
    const { client, errors } = connect();
    const sent = await client.send(event('lonely'));
    expect(sent).toMatchObject({ processed: 0, failed: 1 });
    expect(requests()).toHaveLength(1);
    expect(errors).toEqual([
      expect.objectContaining({ stage: 'failed', status: 400, event_ids: ['lonely'] }),
    ]);
    expectValidBodies();
  });

  it('a 400 caused by one malformed event is bisected: the others are stored', async () => {
    const batch = events(10);
    const bad = { ...batch[6], custom_event_name: 'Datafly extra' } as PinterestEvent;
    batch[6] = bad;
    const { client, errors } = connect();
    const sent = await client.send(batch);
    expect(sent).toMatchObject({ processed: 9, failed: 1 });
    expect(sent.results[6]).toMatchObject({ event_id: bad.event_id, status: 'failed' });
    expect(storedIds().sort()).toEqual(
      batch
        .filter((e) => e !== bad)
        .map((e) => e.event_id)
        .sort(),
    );
    const rejected = requests().filter((r) => r.status === 400);
    // The lone bad event was sent on its own exactly once: isolated, not retried.
    expect(rejected.filter((r) => r.eventCount === 1)).toHaveLength(1);
    expect(requests().length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(10)));
    expect(errors).toEqual([
      expect.objectContaining({ stage: 'failed', status: 400, event_ids: [bad.event_id] }),
    ]);
    const withoutBad = posted.filter((body) => body.data.every((e) => e.event_id !== bad.event_id));
    expectValidBodies(withoutBad);
  });

  it('a 200 with failed events reports them through onResult, onError and the SendResult', async () => {
    const batch = events(3);
    batch[1] = { ...batch[1], event_time: Math.floor(Date.now() / 1000) - 8 * DAY };
    const { client, results, errors } = connect();
    const sent = await client.send(batch);
    expect(requests()).toHaveLength(1);
    expect(sent).toMatchObject({ processed: 2, failed: 1 });
    expect(sent.results[1]).toMatchObject({ event_id: 'ev-1', status: 'failed' });
    expect(sent.results[1].error_message).toMatch(/past/i);
    expect(results).toEqual(sent.results);
    expect(storedIds().sort()).toEqual(['ev-0', 'ev-2']);
    expect(errors).toEqual([
      expect.objectContaining({ stage: 'failed', status: 200, event_ids: ['ev-1'] }),
    ]);
    expect(errors[0].message).toBe(sent.results[1].error_message);
    expectValidBodies();
  });

  it('a 422 (every event failed) is reported per event and not retried', async () => {
    const old = Math.floor(Date.now() / 1000) - 30 * DAY;
    const batch = events(2).map((e) => ({ ...e, event_time: old }));
    const { client, errors } = connect();
    const sent = await client.send(batch);
    expect(requests()).toHaveLength(1);
    expect(sent).toMatchObject({ processed: 0, failed: 2 });
    for (const result of sent.results) expect(result.error_message).toMatch(/past/i);
    expect(errors).toEqual([
      expect.objectContaining({ stage: 'failed', status: 422, event_ids: ['ev-0', 'ev-1'] }),
    ]);
    expectValidBodies();
  });
});

describe('Retry-After is obeyed exactly', () => {
  /** Milliseconds between the emulator's record of the first request and of the second. */
  const gap = () => requests()[1].at - requests()[0].at;
  // The emulator and the client read different clocks (Date.now, performance.now): a
  // millisecond of rounding either way, never a retry early by more.
  const CLOCKS_MS = 2;

  it('posts nothing before a 1 s Retry-After has passed, whatever maxDelayMs says', async () => {
    emulator.setFaults({ script: ['429'], retryAfterSeconds: 1 });
    const { client, reports, errors } = connect({ retry: { minDelayMs: 1, maxDelayMs: 200 } });
    await client.enqueue(events(3));
    expect(await client.flush()).toEqual({ processed: 3, failed: 0, pending: 0 });
    expect(requests().map((r) => r.status)).toEqual([429, 200]);
    expect(gap()).toBeGreaterThanOrEqual(1000 - CLOCKS_MS);
    expect(reports.find((r) => r.stage === 'retried')).toMatchObject({
      status: 429,
      delayMs: 1000,
      attempt: 1,
    });
    expect(errors).toEqual([]);
  });

  it('releases the events for a Retry-After beyond maxRetryAfterMs, and delivers them after it', async () => {
    emulator.setFaults({ script: ['429'], retryAfterSeconds: 1 });
    const { client, results } = connect({ maxRetryAfterMs: 200 });
    await client.enqueue(event('patient'));
    // flush() does not wait out a Retry-After longer than maxRetryAfterMs.
    expect(await client.flush()).toEqual({ processed: 0, failed: 0, pending: 1 });
    expect(requests()).toHaveLength(1);
    await expect.poll(() => results.length, { timeout: 5000 }).toBe(1);
    expect(results[0]).toMatchObject({ event_id: 'patient', status: 'processed' });
    expect(gap()).toBeGreaterThanOrEqual(1000 - CLOCKS_MS);
    expect(storedIds()).toEqual(['patient']);
    await client.close();
  });

  it("keeps to the emulator's rate limit: every event stored once, without hammering it", async () => {
    const limited = await startEmulator({ rateLimit: { requests: 3, perMs: 300 } });
    try {
      const reports: PinbridgeReport[] = [];
      const client = createPinterestClient({
        accessToken: TOKEN,
        adAccountId: AD_ACCOUNT,
        apiUrl: `${limited.url}/v5`,
        maxBatchSize: 1,
        flushIntervalMs: 0,
        // Backoff alone would retry within milliseconds: only the Retry-After pause holds it.
        retry: { minDelayMs: 1, maxDelayMs: 2 },
        onReport: (report) => reports.push(report),
      });
      await client.enqueue(events(10, 'limit'));
      expect(await client.flush()).toEqual({ processed: 10, failed: 0, pending: 0 });
      const { events: stored, requests: seen } = limited.received();
      expect(stored.map((e) => e.event_id).sort()).toEqual(
        events(10, 'limit')
          .map((e) => e.event_id)
          .sort(),
      );
      const refused = seen.filter((request) => request.status === 429).length;
      expect(refused).toBeGreaterThan(0);
      // Each 429 paused every request until a slot freed, so at most the 4 requests in flight
      // meet one freed slot: a few refusals per event, where 2 ms of backoff would make hundreds.
      expect(refused).toBeLessThanOrEqual(4 * 10);
      expect(reports.filter((r) => r.stage === 'retried').every((r) => r.status === 429)).toBe(
        true,
      );
      await client.close();
    } finally {
      await limited.close();
    }
  });
});

describe('test mode and configuration', () => {
  it('validates without storing in test mode', async () => {
    const { client } = connect({ test: true });
    const sent = await client.send(events(5));
    expect(sent).toMatchObject({ processed: 5, failed: 0 });
    expect(storedIds()).toEqual([]);
    expect(requests()).toEqual([
      expect.objectContaining({ test: true, status: 200, eventCount: 5 }),
    ]);
    expectValidBodies();
  });

  it('builds a client from the environment', async () => {
    const client = clientFromEnv(
      { retry: false, debug: false },
      {
        PINTEREST_ACCESS_TOKEN: TOKEN,
        PINTEREST_AD_ACCOUNT_ID: AD_ACCOUNT,
        PINTEREST_API_URL: `${emulator.url}/v5/`,
        PINTEREST_TEST_MODE: 'true',
      },
    );
    expect(await client.send(event('env'))).toMatchObject({ processed: 1 });
    expect(requests()).toEqual([
      expect.objectContaining({ adAccountId: AD_ACCOUNT, test: true, status: 200 }),
    ]);
  });

  it.each(['PINTEREST_ACCESS_TOKEN', 'PINTEREST_AD_ACCOUNT_ID'])(
    'fails naming %s when it is missing',
    (name) => {
      const env = {
        PINTEREST_ACCESS_TOKEN: TOKEN,
        PINTEREST_AD_ACCOUNT_ID: AD_ACCOUNT,
        [name]: undefined,
      };
      expect(() => clientFromEnv({}, env)).toThrow(PinbridgeError);
      expect(() => clientFromEnv({}, env)).toThrow(name);
    },
  );

  it('close() reports what a slow endpoint has not answered by the deadline', async () => {
    emulator.setFaults({ script: ['slow'], slowMs: 1000 });
    const { client, errors, results } = connect();
    expect(await client.enqueue(event('late'))).toEqual({ evicted: [], refused: [] });
    const closed = await client.close({ timeoutMs: 100 });
    expect(closed).toEqual({ processed: 0, failed: 1, pending: 0 });
    expect(results).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ stage: 'dead', code: 'closed', event_ids: ['late'] }),
    ]);
  });
});
