import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, giveUpReason, parseRetryAfter } from '../src/client/backoff.js';
import { createPinterestClient } from '../src/client/create-client.js';
import { clientFromEnv } from '../src/client/from-env.js';
import { createLimiter, type RequestLimiter } from '../src/client/limiter.js';
import type { ClientConfig, EventResult } from '../src/client/types.js';
import { eventsUrl } from '../src/client/url.js';
import { PinbridgeError } from '../src/error.js';
import type { EventQueue } from '../src/queue/event-queue.js';
import { memoryQueue } from '../src/queue/memory-queue.js';
import type { PinbridgeReport } from '../src/report.js';
import { createReporter } from '../src/reporter.js';
import type { PinterestEvent } from '../src/types.js';

const TOKEN = 'pina_SECRET_TOKEN_0123456789';
const EMAIL_HASH = 'a'.repeat(64);
/** A minute ago, fixed for the whole file: two calls of event(1) must build the same event. */
const EVENT_TIME = Math.floor(Date.now() / 1000) - 60;

function event(id: string | number, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'page_visit',
    action_source: 'web',
    event_time: EVENT_TIME,
    event_id: `e${id}`,
    user_data: { em: [EMAIL_HASH] },
    ...overrides,
  };
}

const events = (count: number) => Array.from({ length: count }, (_, index) => event(index));

interface Call {
  url: string;
  headers: Headers;
  data: PinterestEvent[];
  signal: AbortSignal;
  at: number;
}

type Handler = (call: Call, number: number) => Response | Promise<Response>;

/** A fetch that records each call and answers through `handler`. */
function fakeFetch(handler: Handler = processedAll) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      headers: new Headers(init?.headers),
      data: JSON.parse(String(init?.body)).data,
      signal: init?.signal as AbortSignal,
      at: performance.now(),
    };
    calls.push(call);
    return handler(call, calls.length);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const answer = (status: 'processed' | 'failed', error_message = '', warning_message = '') => ({
  status,
  error_message,
  warning_message,
});

function processedAll(call: Call): Response {
  const count = call.data.length;
  return Response.json({
    num_events_received: count,
    num_events_processed: count,
    events: call.data.map(() => answer('processed')),
  });
}

const pinterestError = (status: number, code: number, message: string, headers = {}) =>
  Response.json({ code, message }, { status, headers });

/** A fetch that never answers until its request is aborted. */
const hang: Handler = (call) =>
  new Promise((_, reject) => {
    call.signal.addEventListener('abort', () => reject(call.signal.reason));
  });

/** A client with fast retries and everything it reports collected. */
function setup(handler?: Handler, config: Partial<ClientConfig> = {}) {
  const { fetch, calls } = fakeFetch(handler);
  const reports: PinbridgeReport[] = [];
  const problems: PinbridgeReport[] = [];
  const results: EventResult[] = [];
  const client = createPinterestClient({
    accessToken: TOKEN,
    adAccountId: '549755885175',
    fetch,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    flushIntervalMs: 60_000,
    onReport: (report) => reports.push(report),
    onError: (report) => problems.push(report),
    onResult: (result) => results.push(result),
    ...config,
  });
  const stage = (name: PinbridgeReport['stage']) => reports.filter((r) => r.stage === name);
  return { client, calls, reports, problems, results, stage };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('eventsUrl', () => {
  it('builds the endpoint from the default base', () => {
    expect(eventsUrl({ adAccountId: '123' })).toBe(
      'https://api.pinterest.com/v5/ad_accounts/123/events',
    );
  });

  it('accepts a base with or without a trailing slash and keeps an existing query', () => {
    const expected = 'http://127.0.0.1:4319/v5/ad_accounts/1/events';
    expect(eventsUrl({ adAccountId: '1', apiUrl: 'http://127.0.0.1:4319/v5' })).toBe(expected);
    expect(eventsUrl({ adAccountId: '1', apiUrl: 'http://127.0.0.1:4319/v5/' })).toBe(expected);
    expect(eventsUrl({ adAccountId: '1', apiUrl: 'http://h/v5/?x=1', test: true })).toBe(
      'http://h/v5/ad_accounts/1/events?x=1&test=true',
    );
  });

  it('adds test=true only in test mode', () => {
    expect(eventsUrl({ adAccountId: '1', test: true })).toMatch(/\/events\?test=true$/);
    expect(eventsUrl({ adAccountId: '1', test: false })).not.toContain('test');
  });

  it.each(['', 'abc', '12/../34', '1234567890123456789', ' 12'])(
    'rejects the ad account id %j',
    (adAccountId) => {
      expect(() => eventsUrl({ adAccountId })).toThrow(PinbridgeError);
      expect(() => eventsUrl({ adAccountId })).toThrow(/adAccountId/);
    },
  );

  it('rejects a base that is not an absolute http(s) URL', () => {
    expect(() => eventsUrl({ adAccountId: '1', apiUrl: '/v5' })).toThrow(/apiUrl/);
    expect(() => eventsUrl({ adAccountId: '1', apiUrl: 'ftp://h/v5' })).toThrow(/apiUrl/);
  });
});

describe('backoff', () => {
  const policy = { minDelayMs: 100, maxDelayMs: 1000 };

  it('stays within [0, min(max, min·2^n)) with full jitter', () => {
    for (let retry = 0; retry < 8; retry += 1) {
      const ceiling = Math.min(1000, 100 * 2 ** retry);
      expect(backoffDelay(retry, policy, () => 0)).toBe(0);
      const high = backoffDelay(retry, policy, () => 0.999_999);
      expect(high).toBeLessThan(ceiling);
      expect(high).toBeGreaterThanOrEqual(ceiling - 1);
    }
    expect(backoffDelay(5000, policy, () => 0.5)).toBe(500);
  });

  it('parses Retry-After seconds and HTTP-dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0.05 ')).toBe(50);
    expect(parseRetryAfter('0')).toBe(0);
    const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
  });

  it('gives up at maxAttempts or, without it, once Pinterest would refuse the event', () => {
    const payload = (ageSeconds: number) =>
      JSON.stringify(event(1, { event_time: Math.floor(Date.now() / 1000) - ageSeconds }));
    expect(giveUpReason(2, payload(60), 3)).toBeUndefined();
    expect(giveUpReason(3, payload(60), 3)).toEqual({
      code: 'max_attempts',
      message: 'gave up after 3 attempts',
    });
    expect(giveUpReason(500, payload(6 * 86_400), undefined)).toBeUndefined();
    expect(giveUpReason(1, payload(7 * 86_400 + 60), undefined)).toMatchObject({
      code: 'expired',
    });
  });
});

describe('createLimiter', () => {
  it('allows a burst, then one request per 1/rate seconds', async () => {
    vi.useFakeTimers();
    let now = 0;
    const limiter = createLimiter({ requestsPerSecond: 10, burst: 2 }, () => now);
    let started = 0;
    const take = () => limiter.take().then(() => (started += 1));
    void take();
    void take();
    void take();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    now = 99;
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toBe(2);
    now = 100;
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(3);
  });

  it('holds every request for a pause, also one already waiting for a token', async () => {
    vi.useFakeTimers();
    let now = 0;
    const limiter = createLimiter({ requestsPerSecond: 10, burst: 1 }, () => now);
    await limiter.take();
    let started = false;
    void limiter.take().then(() => (started = true));
    limiter.pause(1000);
    expect(limiter.pausedFor()).toBe(1000);
    now = 100;
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(false);
    limiter.pause(10);
    now = 999;
    await vi.advanceTimersByTimeAsync(899);
    expect(started).toBe(false);
    now = 1000;
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(true);
  });

  it('answers at once with what is left of a pause longer than the caller would wait', async () => {
    let now = 0;
    const limiter = createLimiter(false, () => now);
    expect(await limiter.take(undefined, 100)).toBe(0);
    limiter.pause(5000);
    now = 1000;
    expect(await limiter.take(undefined, 100)).toBe(4000);
  });
});

describe('createPinterestClient: requests', () => {
  it('posts {data} as JSON with Bearer auth to the account endpoint', async () => {
    const { client, calls } = setup();
    const result = await client.send([event(1), event(2)]);
    expect(result).toMatchObject({ processed: 2, failed: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://api.pinterest.com/v5/ad_accounts/549755885175/events');
    expect(calls[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(calls[0].headers.get('content-type')).toBe('application/json');
    expect(calls[0].data).toEqual([event(1), event(2)]);
  });

  it('asks the limiter it is given before every request, and tells it of a Retry-After', async () => {
    const taken: number[] = [];
    const paused: number[] = [];
    const limiter: RequestLimiter = {
      async take() {
        taken.push(taken.length);
        return 0;
      },
      pause: (ms) => paused.push(ms),
      pausedFor: () => 0,
    };
    let calls = 0;
    const { client } = setup(
      (call) => {
        calls += 1;
        return calls === 1
          ? Response.json(
              { code: 8, message: 'slow down' },
              { status: 429, headers: { 'retry-after': '1' } },
            )
          : processedAll(call);
      },
      { limiter, retry: { minDelayMs: 1, maxDelayMs: 5 } },
    );
    expect((await client.send([event(1)])).processed).toBe(1);
    expect(taken).toHaveLength(2);
    expect(paused).toEqual([1000]);
    expect(() => setup(undefined, { limiter, rateLimit: false })).toThrow(/rateLimit/);
  });

  it('adds ?test=true in test mode', async () => {
    const { client, calls } = setup(undefined, { test: true, apiUrl: 'http://127.0.0.1:9/v5/' });
    await client.send(event(1));
    expect(calls[0].url).toBe('http://127.0.0.1:9/v5/ad_accounts/549755885175/events?test=true');
  });

  it('sets partner_name on events without one, when sent and when queued', async () => {
    const { client, calls } = setup(undefined, { partnerName: 'ss-pinbridge', consume: false });
    await client.send([event(1), event(2, { partner_name: 'own' })]);
    expect(calls[0].data.map((e) => e.partner_name)).toEqual(['ss-pinbridge', 'own']);
    await client.enqueue([event(3), event(4, { partner_name: 'own' })]);
    const stored = await client.queue.claim(10, 1000);
    expect(stored.map((entry) => JSON.parse(entry.payload).partner_name)).toEqual([
      'ss-pinbridge',
      'own',
    ]);
  });

  it('splits send() into requests of at most maxBatchSize events', async () => {
    const { client, calls } = setup();
    const result = await client.send(events(2500));
    expect(calls.map((call) => call.data.length)).toEqual([1000, 1000, 500]);
    expect(result.processed).toBe(2500);
    expect(result.results.map((r) => r.event_id)).toEqual(events(2500).map((e) => e.event_id));
  });

  it('sends nothing for an empty array', async () => {
    const { client, calls } = setup();
    expect(await client.send([])).toEqual({ processed: 0, failed: 0, results: [] });
    expect(await client.enqueue([])).toEqual({ evicted: [], refused: [] });
    expect(calls).toHaveLength(0);
  });

  it('reports each request as sent, with the attempt, status and request id', async () => {
    const { client, stage } = setup(
      (call) => {
        const response = processedAll(call);
        response.headers.set('x-pinterest-rid', 'rid-7');
        return response;
      },
      { flushIntervalMs: 0 },
    );
    await client.enqueue([event(1), event(2)]);
    expect(stage('queued')).toEqual([
      {
        stage: 'queued',
        source: 'client',
        event_ids: ['e1', 'e2'],
        count: 2,
        message: 'stored in the queue',
      },
    ]);
    await vi.waitFor(() => expect(stage('processed')).toHaveLength(1));
    expect(stage('sent')).toEqual([
      expect.objectContaining({
        source: 'client',
        event_ids: ['e1', 'e2'],
        count: 2,
        status: 200,
        requestId: 'rid-7',
        attempt: 1,
      }),
    ]);
    expect(stage('processed')[0]).toMatchObject({ status: 200, requestId: 'rid-7', count: 2 });
  });
});

describe('createReporter: routine', () => {
  it('is true only when a record that is not a problem reaches someone', () => {
    expect(createReporter({}).routine).toBe(false);
    expect(createReporter({ onError: () => {} }).routine).toBe(false);
    expect(createReporter({ debug: false, onError: () => {} }).routine).toBe(false);
    expect(createReporter({ onReport: () => {} }).routine).toBe(true);
    expect(createReporter({ debug: () => {} }).routine).toBe(true);
  });
});

describe('createPinterestClient: per-event results', () => {
  it('reports failed and warned events of a 200 through onResult, the report stream and the SendResult', async () => {
    const { client, results, problems, stage } = setup(() =>
      Response.json({
        num_events_received: 3,
        num_events_processed: 2,
        events: [
          answer('processed'),
          answer('failed', 'Invalid event_timestamp parameter.'),
          answer('processed', '', 'Unknown field ignored.'),
        ],
      }),
    );
    const sent = await client.send(events(3));
    expect(sent.processed).toBe(2);
    expect(sent.failed).toBe(1);
    expect(sent.results).toEqual([
      { event_id: 'e0', event_name: 'page_visit', status: 'processed' },
      {
        event_id: 'e1',
        event_name: 'page_visit',
        status: 'failed',
        error_message: 'Invalid event_timestamp parameter.',
      },
      {
        event_id: 'e2',
        event_name: 'page_visit',
        status: 'processed',
        warning_message: 'Unknown field ignored.',
      },
    ]);
    expect(results).toEqual(sent.results);
    expect(stage('processed').map((r) => [r.event_ids, r.warning])).toEqual([
      [['e0'], undefined],
      [['e2'], 'Unknown field ignored.'],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'failed',
        status: 200,
        event_ids: ['e1'],
        message: 'Invalid event_timestamp parameter.',
      }),
    ]);
  });

  it('reads a 422 per event from details, reports it once and does not retry', async () => {
    const { client, calls, problems } = setup(() =>
      Response.json(
        {
          code: 953,
          message: 'Some or all data provided being invalid.',
          details: {
            num_events_received: 2,
            num_events_processed: 1,
            events: [answer('processed'), answer('failed', 'Given timestamp is in the past.')],
          },
        },
        { status: 422, headers: { 'x-pinterest-rid': 'rid-422' } },
      ),
    );
    const sent = await client.send(events(2));
    expect(calls).toHaveLength(1);
    expect(sent.results.map((r) => r.status)).toEqual(['processed', 'failed']);
    expect(sent.results[1].error_message).toBe('Given timestamp is in the past.');
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'failed',
        status: 422,
        code: 953,
        requestId: 'rid-422',
        event_ids: ['e1'],
        message: 'Given timestamp is in the past.',
      }),
    ]);
  });

  it('dead-letters the events Pinterest failed, grouped by reason, before acking them', async () => {
    const inner = memoryQueue();
    const steps: string[] = [];
    const letters: [string[], string][] = [];
    const queue: EventQueue = {
      durable: false,
      push: (pushed) => inner.push(pushed),
      claim: (max, leaseMs) => inner.claim(max, leaseMs),
      release: (ids, delayMs) => inner.release(ids, delayMs),
      depth: () => inner.depth(),
      async ack(ids) {
        steps.push('ack');
        await inner.ack(ids);
      },
      async deadLetter(entries, reason) {
        steps.push('deadLetter');
        letters.push([entries.map((entry) => entry.event_id), reason]);
      },
    };
    const { client } = setup(
      () =>
        Response.json({
          num_events_received: 4,
          num_events_processed: 1,
          events: [
            answer('processed'),
            answer('failed', 'Given timestamp is in the past.'),
            answer('failed', 'Invalid currency.'),
            answer('failed', 'Given timestamp is in the past.'),
          ],
        }),
      { queue },
    );
    await client.enqueue(events(4));
    expect(await client.flush()).toEqual({ processed: 1, failed: 3, pending: 0 });
    expect(letters).toEqual([
      [['e1', 'e3'], 'Given timestamp is in the past.'],
      [['e2'], 'Invalid currency.'],
    ]);
    expect(steps).toEqual(['deadLetter', 'deadLetter', 'ack']);
  });

  it.each([
    [401, 2, 'Authentication failed.'],
    [403, 29, 'You are not permitted to access that resource.'],
  ])('gives every event up on %i without retrying', async (status, code, message) => {
    const { client, calls, problems, results } = setup(() =>
      pinterestError(status, code, message, { 'x-pinterest-rid': 'rid-1' }),
    );
    const sent = await client.send(events(3));
    expect(calls).toHaveLength(1);
    expect(sent).toMatchObject({ processed: 0, failed: 3 });
    expect(sent.results[0].error_message).toContain(message);
    expect(results).toEqual(sent.results);
    expect(problems).toEqual([
      {
        stage: 'dead',
        source: 'client',
        status,
        code,
        requestId: 'rid-1',
        message: `HTTP ${status} (code ${code}): ${message}`,
        event_ids: ['e0', 'e1', 'e2'],
        count: 3,
      },
    ]);
  });

  it('bisects a 400 until the one bad event is isolated', async () => {
    const { client, calls, problems } = setup((call) =>
      call.data.some((e) => e.event_id === 'e6')
        ? pinterestError(400, 4196, 'The request was invalid.')
        : processedAll(call),
    );
    const sent = await client.send(events(10));
    expect(sent).toMatchObject({ processed: 9, failed: 1 });
    expect(sent.results.find((r) => r.status === 'failed')?.event_id).toBe('e6');
    // 1 + 2 per halving level: 10 -> 5 -> 3 -> 2 -> 1.
    expect(calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(10)));
    const stored = calls.filter((c) => !c.data.some((e) => e.event_id === 'e6'));
    expect(stored.flatMap((c) => c.data.map((e) => e.event_id)).sort()).toEqual(
      ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e7', 'e8', 'e9'].sort(),
    );
    expect(problems).toEqual([
      expect.objectContaining({ stage: 'failed', status: 400, event_ids: ['e6'] }),
    ]);
  });

  it('stops bisecting when every event is bad, failing what is left', async () => {
    const { client, calls } = setup(() => pinterestError(400, 4196, 'The request was invalid.'));
    const sent = await client.send(events(1000));
    expect(sent.failed).toBe(1000);
    expect(calls.length).toBeLessThanOrEqual(65);
  });
});

describe('createPinterestClient: retries', () => {
  it('retries 429, 5xx and network errors with the same events until they succeed', async () => {
    const script: (() => Response)[] = [
      () => pinterestError(429, 8, 'Rate limited.', { 'retry-after': '0' }),
      () => pinterestError(503, 4197, 'Ramped down.'),
      () => {
        throw new TypeError('fetch failed');
      },
    ];
    const { client, calls, problems, stage } = setup((call, number) => {
      return number <= script.length ? script[number - 1]() : processedAll(call);
    });
    const sent = await client.send(events(3));
    expect(sent).toMatchObject({ processed: 3, failed: 0 });
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call.data).toEqual(events(3));
    expect(stage('retried').map((r) => [r.attempt, r.status])).toEqual([
      [1, 429],
      [2, 503],
      [3, undefined],
    ]);
    expect(stage('retried')[0].delayMs).toBe(0);
    expect(problems).toEqual([]);
  });

  it('gives the events up once maxAttempts are spent, reporting the last error', async () => {
    const { client, calls, problems } = setup(() => pinterestError(503, 4197, 'Ramped down.'), {
      retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2 },
    });
    const sent = await client.send(events(2));
    expect(calls).toHaveLength(3);
    expect(sent.failed).toBe(2);
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'dead',
        code: 'max_attempts',
        status: 503,
        attempt: 3,
        event_ids: ['e0', 'e1'],
        message: 'gave up after 3 attempts; last: HTTP 503 (code 4197): Ramped down.',
      }),
    ]);
  });

  it('reports a timeout when no response arrives in timeoutMs', async () => {
    const { client, calls, problems } = setup(hang, { timeoutMs: 20, retry: false });
    const sent = await client.send(event(1));
    expect(calls).toHaveLength(1);
    expect(sent.results[0]).toMatchObject({ status: 'failed' });
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'dead',
        event_ids: ['e1'],
        message: 'gave up after 1 attempt; last: no response within 20 ms',
      }),
    ]);
  });

  it('reports a network error after retries', async () => {
    const { client, calls, problems } = setup(
      () => {
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      },
      { retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1 } },
    );
    await client.send(event(1));
    expect(calls).toHaveLength(2);
    expect(problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/fetch failed: other side closed$/),
      }),
    ]);
  });

  it('obeys Retry-After exactly, however small maxDelayMs is', async () => {
    const { client, calls, stage } = setup(
      (call, number) =>
        number === 1
          ? pinterestError(429, 8, 'Rate limited.', { 'retry-after': '0.3' })
          : processedAll(call),
      { retry: { minDelayMs: 1, maxDelayMs: 5 } },
    );
    const sent = await client.send(events(2));
    expect(sent.processed).toBe(2);
    expect(stage('retried')[0]).toMatchObject({ status: 429, delayMs: 300 });
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(300);
  });

  it('gives send() up on a Retry-After longer than maxRetryAfterMs, without waiting it out', async () => {
    const { client, calls, problems } = setup(
      () => pinterestError(429, 8, 'Rate limited.', { 'retry-after': '3600' }),
      { maxRetryAfterMs: 1000 },
    );
    const sent = await client.send(event(1));
    expect(sent.failed).toBe(1);
    expect(calls).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({ stage: 'dead', code: 'retry_after', status: 429 }),
    ]);
    // The whole client is paused for the hour: a second send() is not posted either.
    expect((await client.send(event(2))).failed).toBe(1);
    expect(calls).toHaveLength(1);
  });
});

describe('createPinterestClient: queue', () => {
  it('resolves enqueue() once stored, before anything is posted', async () => {
    const { client, calls } = setup();
    expect(await client.enqueue(events(2))).toEqual({ evicted: [], refused: [] });
    expect(await client.queue.depth()).toBe(2);
    expect(calls).toHaveLength(0);
  });

  it('posts a batch as soon as maxBatchSize events are queued', async () => {
    const { client, calls, results } = setup(undefined, { maxBatchSize: 3 });
    for (const e of events(3)) await client.enqueue(e);
    await vi.waitFor(() => expect(results).toHaveLength(3));
    expect(results.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(calls.map((c) => c.data.length)).toEqual([3]);
  });

  it('posts a partial batch after flushIntervalMs', async () => {
    const { client, calls } = setup(undefined, { flushIntervalMs: 5 });
    await Promise.all([client.enqueue(event(1)), client.enqueue(event(2))]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls.map((c) => c.data.map((e) => e.event_id))).toEqual([['e1', 'e2']]);
  });

  it('flush() posts what is queued at once and tells what is left', async () => {
    const { client, calls } = setup();
    await client.enqueue([event(1), event(2)]);
    expect(await client.queue.depth()).toBe(2);
    expect(await client.flush()).toEqual({ processed: 2, failed: 0, pending: 0 });
    expect(calls).toHaveLength(1);
  });

  it('evicts the oldest events past maxQueue and reports each with its id', async () => {
    const { client, calls, problems, results } = setup(undefined, { maxQueue: 3 });
    const pushed = [];
    for (const e of events(5)) pushed.push(await client.enqueue(e));
    expect(pushed.map((result) => result.evicted)).toEqual([[], [], [], ['e0'], ['e1']]);
    expect(problems.map((report) => [report.stage, report.code, report.event_ids])).toEqual([
      ['evicted', 'queue_full', ['e0']],
      ['evicted', 'queue_full', ['e1']],
    ]);
    await client.flush();
    expect(calls[0].data.map((e) => e.event_id)).toEqual(['e2', 'e3', 'e4']);
    expect(results.map((r) => `${r.event_id}:${r.status}`)).toEqual([
      'e2:processed',
      'e3:processed',
      'e4:processed',
    ]);
  });

  it('evicts by bytes past maxQueueBytes, and refuses an event larger than the bound', async () => {
    const padded = (id: number, length: number) =>
      event(id, { custom_data: { search_string: 'x'.repeat(length) } });
    const { client, problems } = setup(undefined, { maxQueueBytes: 2000 });
    expect(await client.enqueue([padded(1, 600), padded(2, 600)])).toEqual({
      evicted: [],
      refused: [],
    });
    expect(await client.enqueue(padded(3, 600))).toEqual({ evicted: ['e1'], refused: [] });
    expect(await client.enqueue(padded(4, 5000))).toEqual({ evicted: [], refused: ['e4'] });
    expect(problems.map((report) => [report.stage, report.code, report.event_ids])).toEqual([
      ['evicted', 'queue_full', ['e1']],
      ['evicted', 'queue_refused', ['e4']],
    ]);
    expect(await client.queue.depth()).toBe(2);
  });

  it('reports as queued only the events of a push the queue stored', async () => {
    const padded = (id: number, length: number) =>
      event(id, { custom_data: { search_string: 'x'.repeat(length) } });
    const { client, stage } = setup(undefined, { maxQueueBytes: 2000 });
    await client.enqueue([padded(1, 600), padded(2, 5000), padded(3, 600)]);
    expect(stage('queued').map((report) => report.event_ids)).toEqual([['e1', 'e3']]);
    await client.enqueue(padded(4, 5000));
    expect(stage('queued')).toHaveLength(1);
  });

  it('never posts as a producer-only client; a consuming one on the same queue delivers', async () => {
    const queue = memoryQueue();
    const producer = setup(undefined, { queue, consume: false, flushIntervalMs: 1 });
    await producer.client.enqueue(events(5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await producer.client.flush()).toEqual({ processed: 0, failed: 0, pending: 5 });
    expect(producer.calls).toHaveLength(0);
    expect(await producer.client.close()).toEqual({ processed: 0, failed: 0, pending: 5 });
    expect(producer.problems).toEqual([]);
    const worker = setup(undefined, { queue });
    expect(await worker.client.flush()).toEqual({ processed: 5, failed: 0, pending: 0 });
    expect(worker.calls.map((call) => call.data.length)).toEqual([5]);
  });

  it('keeps delivering when a callback throws', async () => {
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    const { client, stage } = setup(undefined, {
      onResult: () => {
        throw new Error('callback bug');
      },
      onError: () => {
        throw new Error('callback bug');
      },
    });
    expect(await client.send(events(2))).toMatchObject({ processed: 2 });
    expect(stage('error')).toEqual([
      expect.objectContaining({ code: 'callback', event_ids: ['e0'] }),
      expect.objectContaining({ code: 'callback', event_ids: ['e1'] }),
    ]);
    await client.enqueue(event(3));
    expect(await client.flush()).toMatchObject({ processed: 1 });
    expect(console).toHaveBeenCalledWith('[pinbridge] onError threw Error');
  });
});

describe('createPinterestClient: close', () => {
  it('flushes what is pending, then refuses new events as dead', async () => {
    const { client, calls, problems } = setup();
    await client.enqueue(event(1));
    expect(await client.close()).toEqual({ processed: 1, failed: 0, pending: 0 });
    expect(calls).toHaveLength(1);
    expect(await client.enqueue(event(2))).toEqual({ evicted: [], refused: ['e2'] });
    expect(problems).toEqual([
      expect.objectContaining({ stage: 'dead', code: 'closed', event_ids: ['e2'] }),
    ]);
    expect(await client.send(event(3))).toMatchObject({ failed: 1 });
    expect(calls).toHaveLength(1);
  });

  it('reports events still pending at the deadline as dead and aborts their request', async () => {
    const { client, calls, problems, results } = setup(hang, { maxQueue: 10 });
    await client.enqueue([event(1), event(2)]);
    await client.enqueue(event(3));
    const closed = client.close({ timeoutMs: 20 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await closed).toEqual({ processed: 0, failed: 3, pending: 0 });
    expect(calls[0].signal.aborted).toBe(true);
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'dead',
        code: 'closed',
        count: 3,
        message: 'client closed: 3 events not delivered within 20 ms',
      }),
    ]);
    expect([...problems[0].event_ids].sort()).toEqual(['e1', 'e2', 'e3']);
    // No verdict came: onResult is for Pinterest's answers.
    expect(results).toEqual([]);
    expect(await client.queue.depth()).toBe(0);
  });

  it('reports an answer that comes back as the deadline aborts its request, not dead as well', async () => {
    // A fetch that answers just after the abort instead of rejecting: the verdict still counts.
    const late: Handler = (call) =>
      new Promise((resolve) => {
        call.signal.addEventListener('abort', () =>
          setTimeout(() => resolve(processedAll(call)), 10),
        );
      });
    const { client, problems, results } = setup(late);
    await client.enqueue([event(1), event(2)]);
    expect(await client.close({ timeoutMs: 20 })).toEqual({ processed: 2, failed: 0, pending: 0 });
    expect(results.map((r) => r.status)).toEqual(['processed', 'processed']);
    expect(problems).toEqual([]);
  });

  it('stops every timer it started', async () => {
    // Every timer started while the client works must have fired or been cleared after close().
    const live = new Set<unknown>();
    const { setTimeout: set, clearTimeout: clear } = globalThis;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const timer = set(() => {
        live.delete(timer);
        fn();
      }, ms);
      live.add(timer);
      return timer;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation((timer) => {
      live.delete(timer);
      clear(timer);
    });
    const { client, calls } = setup(() => pinterestError(503, 4197, 'Ramped down.'), {
      retry: { minDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await client.enqueue(event(1));
    await client.flush({ timeoutMs: 50 });
    expect(calls).toHaveLength(1);
    await client.enqueue(event(2));
    expect(live.size).toBeGreaterThan(0);
    expect(await client.close({ timeoutMs: 10 })).toMatchObject({ failed: 2, pending: 0 });
    expect(live.size).toBe(0);
  });

  it('leaves a durable queue its events: leases released, nothing reported dead', async () => {
    const queue = Object.assign(memoryQueue(), { durable: true });
    const { client, calls, problems } = setup(hang, { queue });
    await client.enqueue([event(1), event(2)]);
    const closed = client.close({ timeoutMs: 20 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(await closed).toEqual({ processed: 0, failed: 0, pending: 2 });
    expect(problems).toEqual([]);
    const again = await queue.claim(10, 1000);
    expect(again.map((entry) => [entry.event_id, entry.attempts])).toEqual([
      ['e1', 1],
      ['e2', 1],
    ]);
  });

  it('claims nothing more with flush: false: the batch in flight finishes, the rest stays queued', async () => {
    const queue = Object.assign(memoryQueue(), { durable: true });
    let answerFirst: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      answerFirst = resolve;
    });
    const { client, calls, problems } = setup(
      async (call) => {
        await first;
        return processedAll(call);
      },
      { queue, maxBatchSize: 2 },
    );
    // Six batches of two: four in flight at once (the consumer's bound), two left in the queue.
    await client.enqueue(Array.from({ length: 12 }, (_, index) => event(index)));
    const flushing = client.flush({ timeoutMs: 5 });
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(0));
    await flushing;
    const inFlight = calls.length;
    const closed = client.close({ timeoutMs: 2000, flush: false });
    answerFirst();
    expect(inFlight).toBe(4);
    expect(await closed).toEqual({ processed: 8, failed: 0, pending: 4 });
    expect(calls).toHaveLength(inFlight);
    expect(problems).toEqual([]);
  });

  it('returns the same result when closed twice', async () => {
    const { client } = setup();
    expect(client.close()).toBe(client.close());
  });
});

describe('createPinterestClient: privacy', () => {
  it('never puts the token or event payloads in reports, results or debug lines', async () => {
    const echo = `invalid token ${TOKEN}`;
    const script: Handler[] = [
      () => pinterestError(401, 2, echo),
      () => {
        throw new TypeError(`connect failed for ${TOKEN}`);
      },
      () => new Response('not json', { status: 500, headers: { 'x-pinterest-rid': 'rid-9' } }),
      () => Response.json({ events: [answer('failed', echo, `warned ${TOKEN}`)] }),
    ];
    const lines: string[] = [];
    const { client, reports, results, stage } = setup((call, n) => script[n - 1](call, n), {
      retry: false,
      debug: (line) => lines.push(line),
    });
    for (let n = 0; n < script.length; n += 1) await client.send(event(n));
    const reported = JSON.stringify({ reports, results, lines });
    expect(stage('dead')).toHaveLength(3);
    expect(stage('failed')).toEqual([
      expect.objectContaining({ message: 'invalid token [redacted]' }),
    ]);
    expect(results.at(-1)).toMatchObject({ warning_message: 'warned [redacted]' });
    expect(reported).toContain('[redacted]');
    expect(reported).not.toContain(TOKEN);
    expect(reported).not.toContain(EMAIL_HASH);
    expect(stage('sent')[2]).toMatchObject({ status: 500, requestId: 'rid-9', attempt: 1 });
    expect(lines).toContain('[pinbridge] client sent: HTTP 500 (1 event: e2)');
  });

  it('rejects a malformed token without echoing it', () => {
    const accessToken = `${TOKEN}\n`;
    expect(() => createPinterestClient({ accessToken, adAccountId: '1' })).toThrow(PinbridgeError);
    try {
      createPinterestClient({ accessToken, adAccountId: '1' });
    } catch (error) {
      expect(String(error)).toMatch(/accessToken/);
      expect(String(error)).not.toContain(TOKEN);
    }
  });

  it.each([
    [{ maxBatchSize: 1001 }, /maxBatchSize/],
    [{ maxBatchSize: 0 }, /maxBatchSize/],
    [{ maxQueue: 1.5 }, /maxQueue/],
    [{ maxQueueBytes: 0 }, /maxQueueBytes/],
    [{ retry: { minDelayMs: 10, maxDelayMs: 5 } }, /retry\.maxDelayMs/],
    [{ retry: { maxAttempts: 0 } }, /retry\.maxAttempts/],
    [{ maxRetryAfterMs: -1 }, /maxRetryAfterMs/],
    [{ timeoutMs: -1 }, /timeoutMs/],
    [{ queue: memoryQueue(), maxQueue: 5 }, /maxQueue: set the bounds on the queue itself/],
  ])('rejects the option %j', (option, pattern) => {
    const create = () => createPinterestClient({ accessToken: TOKEN, adAccountId: '1', ...option });
    expect(create).toThrow(PinbridgeError);
    expect(create).toThrow(pattern);
  });
});

describe('clientFromEnv', () => {
  const env = {
    PINTEREST_ACCESS_TOKEN: TOKEN,
    PINTEREST_AD_ACCOUNT_ID: '42',
    PINTEREST_API_URL: 'http://127.0.0.1:9/v5',
    PINTEREST_TEST_MODE: '1',
  };

  it.each(['PINTEREST_ACCESS_TOKEN', 'PINTEREST_AD_ACCOUNT_ID'])(
    'names the missing variable %s',
    (name) => {
      const partial = { ...env, [name]: '' };
      expect(() => clientFromEnv({}, partial)).toThrow(PinbridgeError);
      expect(() => clientFromEnv({}, partial)).toThrow(name);
    },
  );

  it('reads the API URL and test mode, and lets overrides win', async () => {
    const { fetch, calls } = fakeFetch();
    await clientFromEnv({ fetch }, env).send(event(1));
    expect(calls[0].url).toBe('http://127.0.0.1:9/v5/ad_accounts/42/events?test=true');
    expect(calls[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    await clientFromEnv({ fetch, adAccountId: '7', test: false }, env).send(event(1));
    expect(calls[1].url).toBe('http://127.0.0.1:9/v5/ad_accounts/7/events');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['0', false],
    [undefined, false],
  ])('treats PINTEREST_TEST_MODE=%s as test mode: %s', async (value, test) => {
    const { fetch, calls } = fakeFetch();
    await clientFromEnv({ fetch }, { ...env, PINTEREST_TEST_MODE: value }).send(event(1));
    expect(calls[0].url.endsWith('?test=true')).toBe(test);
  });

  it('rejects a non-numeric account id from the environment', () => {
    expect(() => clientFromEnv({}, { ...env, PINTEREST_AD_ACCOUNT_ID: 'act_42' })).toThrow(
      /adAccountId/,
    );
  });
});
