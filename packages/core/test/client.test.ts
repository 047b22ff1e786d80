import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay } from '../src/client/backoff.js';
import { createPinterestClient } from '../src/client/create-client.js';
import { clientFromEnv } from '../src/client/from-env.js';
import { createTokenBucket } from '../src/client/token-bucket.js';
import type { ClientConfig, DeliveryError, EventResult } from '../src/client/types.js';
import { eventsUrl } from '../src/client/url.js';
import { PinbridgeError } from '../src/error.js';
import type { PinterestEvent } from '../src/types.js';

const TOKEN = 'pina_SECRET_TOKEN_0123456789';
const EMAIL_HASH = 'a'.repeat(64);

function event(id: string | number, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'page_visit',
    action_source: 'web',
    event_time: 1_700_000_000,
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

/** A client with fast retries and everything it reports collected. */
function setup(handler?: Handler, config: Partial<ClientConfig> = {}) {
  const { fetch, calls } = fakeFetch(handler);
  const errors: DeliveryError[] = [];
  const results: EventResult[] = [];
  const logs: unknown[] = [];
  const client = createPinterestClient({
    accessToken: TOKEN,
    adAccountId: '549755885175',
    fetch,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
    flushIntervalMs: 60_000,
    onError: (error) => errors.push(error),
    onResult: (result) => results.push(result),
    debug: (message, details) => logs.push([message, details]),
    ...config,
  });
  return { client, calls, errors, results, logs };
}

afterEach(() => {
  vi.useRealTimers();
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
  const policy = { retries: 5, minDelayMs: 100, maxDelayMs: 1000 };

  it('stays within [0, min(max, min·2^n)) with full jitter', () => {
    for (let retry = 0; retry < 8; retry += 1) {
      const ceiling = Math.min(1000, 100 * 2 ** retry);
      expect(backoffDelay(retry, policy, () => 0)).toBe(0);
      const high = backoffDelay(retry, policy, () => 0.999_999);
      expect(high).toBeLessThan(ceiling);
      expect(high).toBeGreaterThanOrEqual(ceiling - 1);
    }
  });

  it('prefers Retry-After and caps it at maxDelayMs', () => {
    expect(retryDelay(0, 400, policy, () => 0.5)).toBe(400);
    expect(retryDelay(0, 86_400_000, policy, () => 0.5)).toBe(1000);
    expect(retryDelay(1, undefined, policy, () => 0.5)).toBe(100);
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
});

describe('createTokenBucket', () => {
  it('allows a burst, then one request per 1/rate seconds', async () => {
    vi.useFakeTimers();
    let now = 0;
    const bucket = createTokenBucket({ requestsPerSecond: 10, burst: 2 }, () => now);
    let started = 0;
    const take = () => bucket.take().then(() => (started += 1));
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
    expect(calls[0].data.map((e) => e.event_id)).toEqual(['e1', 'e2']);
  });

  it('adds ?test=true in test mode', async () => {
    const { client, calls } = setup(undefined, { test: true, apiUrl: 'http://127.0.0.1:9/v5/' });
    await client.send(event(1));
    expect(calls[0].url).toBe('http://127.0.0.1:9/v5/ad_accounts/549755885175/events?test=true');
  });

  it('sets partner_name on events without one', async () => {
    const { client, calls } = setup(undefined, { partnerName: 'ss-pinbridge' });
    await client.send([event(1), event(2, { partner_name: 'own' })]);
    expect(calls[0].data.map((e) => e.partner_name)).toEqual(['ss-pinbridge', 'own']);
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
    expect(calls).toHaveLength(0);
  });
});

describe('createPinterestClient: per-event results', () => {
  it('reports failed and warned events of a 200 through onResult and the SendResult', async () => {
    const { client, results, errors } = setup(() =>
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
    expect(errors).toEqual([]);
  });

  it('reads a 422 per event from details, reports it once and does not retry', async () => {
    const { client, calls, errors } = setup(() =>
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
    expect(errors).toEqual([
      expect.objectContaining({
        kind: 'http',
        status: 422,
        code: 953,
        requestId: 'rid-422',
        event_ids: ['e1'],
      }),
    ]);
  });

  it.each([
    [401, 2, 'Authentication failed.'],
    [403, 29, 'You are not permitted to access that resource.'],
  ])('fails every event on %i without retrying', async (status, code, message) => {
    const { client, calls, errors } = setup(() =>
      pinterestError(status, code, message, { 'x-pinterest-rid': 'rid-1' }),
    );
    const sent = await client.send(events(3));
    expect(calls).toHaveLength(1);
    expect(sent).toMatchObject({ processed: 0, failed: 3 });
    expect(sent.results[0].error_message).toContain(message);
    expect(errors).toEqual([
      {
        kind: 'http',
        status,
        code,
        requestId: 'rid-1',
        message: `HTTP ${status} (code ${code}): ${message}`,
        event_ids: ['e0', 'e1', 'e2'],
      },
    ]);
  });

  it('bisects a 400 until the one bad event is isolated', async () => {
    const { client, calls, errors } = setup((call) =>
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
    expect(errors).toEqual([expect.objectContaining({ status: 400, event_ids: ['e6'] })]);
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
    const { client, calls, errors } = setup((call, number) => {
      return number <= script.length ? script[number - 1]() : processedAll(call);
    });
    const sent = await client.send(events(3));
    expect(sent).toMatchObject({ processed: 3, failed: 0 });
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call.data).toEqual(events(3));
    expect(errors).toEqual([]);
  });

  it('fails every event once the retries run out, reporting the last error', async () => {
    const { client, calls, errors } = setup(() => pinterestError(503, 4197, 'Ramped down.'), {
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    const sent = await client.send(events(2));
    expect(calls).toHaveLength(3);
    expect(sent.failed).toBe(2);
    expect(errors).toEqual([
      expect.objectContaining({ kind: 'http', status: 503, event_ids: ['e0', 'e1'] }),
    ]);
  });

  it('reports a timeout when no response arrives in timeoutMs', async () => {
    const hang: Handler = (call) =>
      new Promise((_, reject) => {
        call.signal.addEventListener('abort', () => reject(call.signal.reason));
      });
    const { client, calls, errors } = setup(hang, { timeoutMs: 20, retry: false });
    const sent = await client.send(event(1));
    expect(calls).toHaveLength(1);
    expect(sent.results[0]).toMatchObject({ status: 'failed' });
    expect(errors).toEqual([expect.objectContaining({ kind: 'timeout', event_ids: ['e1'] })]);
  });

  it('reports a network error after retries', async () => {
    const { client, calls, errors } = setup(
      () => {
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      },
      { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } },
    );
    await client.send(event(1));
    expect(calls).toHaveLength(2);
    expect(errors).toEqual([
      expect.objectContaining({ kind: 'network', message: 'fetch failed: other side closed' }),
    ]);
  });
});

describe('createPinterestClient: queue', () => {
  it('posts a batch as soon as maxBatchSize events are queued', async () => {
    const { client, calls } = setup(undefined, { maxBatchSize: 3 });
    const outcomes = await Promise.all(events(3).map((e) => client.enqueue(e)));
    expect(outcomes.map((o) => o.status)).toEqual(['processed', 'processed', 'processed']);
    expect(calls.map((c) => c.data.length)).toEqual([3]);
  });

  it('posts a partial batch after flushIntervalMs', async () => {
    const { client, calls } = setup(undefined, { flushIntervalMs: 5 });
    await Promise.all([client.enqueue(event(1)), client.enqueue(event(2))]);
    expect(calls.map((c) => c.data.map((e) => e.event_id))).toEqual([['e1', 'e2']]);
  });

  it('flush() posts what is queued and reports pending until then', async () => {
    const { client, calls } = setup();
    void client.enqueue(event(1));
    void client.enqueue(event(2));
    expect(client.pending).toBe(2);
    const flushed = await client.flush();
    expect(flushed).toMatchObject({ processed: 2, failed: 0 });
    expect(calls).toHaveLength(1);
    expect(client.pending).toBe(0);
  });

  it('drops the oldest events past maxQueue and reports each drop', async () => {
    const { client, calls, errors } = setup(undefined, { maxQueue: 3 });
    const outcomes = events(5).map((e) => client.enqueue(e));
    expect(client.pending).toBe(3);
    expect(errors.map((e) => [e.kind, e.event_ids])).toEqual([
      ['overflow', ['e0']],
      ['overflow', ['e1']],
    ]);
    await client.flush();
    const statuses = (await Promise.all(outcomes)).map((o) => `${o.event_id}:${o.status}`);
    expect(statuses).toEqual([
      'e0:failed',
      'e1:failed',
      'e2:processed',
      'e3:processed',
      'e4:processed',
    ]);
    expect(calls[0].data.map((e) => e.event_id)).toEqual(['e2', 'e3', 'e4']);
  });

  it('keeps delivering when a callback throws', async () => {
    const { client } = setup(undefined, {
      onResult: () => {
        throw new Error('callback bug');
      },
    });
    expect(await client.send(events(2))).toMatchObject({ processed: 2 });
  });
});

describe('createPinterestClient: close', () => {
  it('flushes what is pending, then refuses new events as closed', async () => {
    const { client, calls, errors } = setup();
    void client.enqueue(event(1));
    const closed = await client.close();
    expect(closed).toMatchObject({ processed: 1, failed: 0 });
    expect(calls).toHaveLength(1);
    const late = await client.enqueue(event(2));
    expect(late).toMatchObject({ event_id: 'e2', status: 'failed' });
    expect(errors).toEqual([expect.objectContaining({ kind: 'closed', event_ids: ['e2'] })]);
    expect(await client.send(event(3))).toMatchObject({ failed: 1 });
    expect(calls).toHaveLength(1);
  });

  it('reports events still pending at the deadline as closed and aborts their request', async () => {
    const hang: Handler = (call) =>
      new Promise((_, reject) => {
        call.signal.addEventListener('abort', () => reject(call.signal.reason));
      });
    const { client, calls, errors, results } = setup(hang, { maxQueue: 10 });
    const outcomes = [client.enqueue(event(1)), client.enqueue(event(2))];
    const closed = await client.close({ timeoutMs: 20 });
    expect(closed).toMatchObject({ processed: 0, failed: 2 });
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(calls[0].signal.aborted).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ kind: 'closed', event_ids: ['e1', 'e2'] })]);
    expect(results).toHaveLength(2);
    expect(client.pending).toBe(0);
  });

  it('returns the same result when closed twice', async () => {
    const { client } = setup();
    expect(client.close()).toBe(client.close());
  });
});

describe('createPinterestClient: privacy', () => {
  it('never puts the token or event payloads in errors, results or debug lines', async () => {
    const echo = `invalid token ${TOKEN}`;
    const script: Handler[] = [
      () => pinterestError(401, 2, echo),
      () => {
        throw new TypeError(`connect failed for ${TOKEN}`);
      },
      () => new Response('not json', { status: 500, headers: { 'x-pinterest-rid': 'rid-9' } }),
    ];
    const { client, errors, results, logs } = setup((call, n) => script[n - 1](call, n), {
      retry: false,
    });
    for (let n = 0; n < script.length; n += 1) await client.send(event(n));
    const reported = JSON.stringify({ errors, results, logs });
    expect(errors).toHaveLength(3);
    expect(reported).toContain('[redacted]');
    expect(reported).not.toContain(TOKEN);
    expect(reported).not.toContain(EMAIL_HASH);
    expect(logs).toContainEqual([
      'pinbridge: POST events',
      { count: 1, status: 500, requestId: 'rid-9', attempt: 1 },
    ]);
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
    [{ retry: { minDelayMs: 10, maxDelayMs: 5 } }, /retry\.maxDelayMs/],
    [{ timeoutMs: -1 }, /timeoutMs/],
  ])('rejects the option %j', (option, pattern) => {
    expect(() =>
      createPinterestClient({ accessToken: TOKEN, adAccountId: '1', ...option }),
    ).toThrow(pattern);
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
