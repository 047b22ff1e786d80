import type { PinbridgeReport } from '@pinbridge/core';
import { PinbridgeError } from '@pinbridge/core';
import {
  type BotUserAgents,
  createPinHandler,
  DEFAULT_BOT_USER_AGENTS,
  type PinHandlerOptions,
} from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeToken } from '../src/token-bucket.js';
import { expectError, fakeClient, fakeWaitUntil, postPin, wireEvent } from './server-helpers.js';

function handler(options: PinHandlerOptions = {}) {
  const client = fakeClient();
  const { waitUntil, settled } = fakeWaitUntil();
  const reports: PinbridgeReport[] = [];
  const handle = createPinHandler({
    client,
    onReport: (report) => reports.push(report),
    ...options,
  });
  const POST = (request: Request) => handle(request, { waitUntil });
  return { POST, client, settled, reports };
}

const body = { events: [wireEvent()] };

describe('same-origin check', () => {
  it.each([
    ['the same origin', { origin: 'https://shop.test', 'sec-fetch-site': 'same-origin' }],
    ['no Origin and no Sec-Fetch-Site (a server, an old browser)', {}],
    ['Sec-Fetch-Site none', { 'sec-fetch-site': 'none' }],
    [
      'the Host header when Next built the URL from its bind address',
      { origin: 'https://shop.test', host: 'shop.test' },
      'http://localhost:3000/api/pin',
    ],
    [
      'X-Forwarded-Host behind a proxy',
      { origin: 'https://www.shop.test', 'x-forwarded-host': 'www.shop.test' },
      'http://10.0.0.5:3000/api/pin',
    ],
    [
      'an https Origin on a request Next sees as http (TLS ended at a proxy)',
      { origin: 'https://shop.test' },
      'http://shop.test/api/pin',
    ],
  ])('accepts %s', async (_, headers, url?: string) => {
    const { POST, client, settled } = handler();
    const response = await POST(postPin(body, headers, url));
    expect(response.status).toBe(202);
    await settled();
    expect(client.enqueued).toHaveLength(1);
  });

  it.each([
    ['another site', { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' }],
    ['another site without Sec-Fetch-Site', { origin: 'https://evil.test' }],
    ['a look-alike host', { origin: 'https://shop.test.evil.test' }],
    ['another port', { origin: 'https://shop.test:8443' }],
    ['a sandboxed frame (Origin null)', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    [
      'Sec-Fetch-Site same-site (a sibling subdomain)',
      { origin: 'https://shop.test', 'sec-fetch-site': 'same-site' },
    ],
  ])('refuses %s with 403', async (_, headers) => {
    const { POST, client } = handler();
    await expectError(await POST(postPin(body, headers)), 403, 'forbidden_origin');
    expect(client.enqueued).toEqual([]);
  });

  it('accepts an allowed origin, also cross-site', async () => {
    const { POST } = handler({ allowedOrigins: ['https://WWW.shop.test/'] });
    const headers = { origin: 'https://www.shop.test', 'sec-fetch-site': 'same-site' };
    expect((await POST(postPin(body, headers))).status).toBe(202);
    const other = { origin: 'https://blog.shop.test', 'sec-fetch-site': 'same-site' };
    await expectError(await POST(postPin(body, other)), 403, 'forbidden_origin');
  });
});

describe('per-IP rate limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a burst through, then answers 429 with Retry-After, per IP', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { POST, client, settled } = handler({ rateLimit: { requestsPerMinute: 60, burst: 3 } });
    const from = (ip: string) => postPin(body, { 'x-forwarded-for': ip });
    for (let i = 0; i < 3; i += 1) expect((await POST(from('198.51.100.7'))).status).toBe(202);
    const limited = await POST(from('198.51.100.7'));
    await expectError(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await POST(from('198.51.100.8'))).status).toBe(202);
    vi.advanceTimersByTime(1_000);
    expect((await POST(from('198.51.100.7'))).status).toBe(202);
    await expectError(await POST(from('198.51.100.7')), 429, 'rate_limited');
    await settled();
    expect(client.enqueued).toHaveLength(5);
  });

  it('says how long to wait at a slow rate', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { POST } = handler({ rateLimit: { requestsPerMinute: 2, burst: 1 } });
    expect((await POST(postPin(body))).status).toBe(202);
    const limited = await POST(postPin(body));
    expect(limited.headers.get('retry-after')).toBe('30');
  });

  it('defaults to a burst of 30 and 120 a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { POST } = handler();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await POST(postPin(body))).status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
    vi.advanceTimersByTime(500);
    expect((await POST(postPin(body))).status).toBe(202);
  });

  it('forgets the least recently seen IP past maxTrackedIps', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { POST } = handler({ rateLimit: { burst: 1, maxTrackedIps: 2 } });
    const from = (ip: string) => POST(postPin(body, { 'x-forwarded-for': ip }));
    expect((await from('192.0.2.1')).status).toBe(202);
    expect((await from('192.0.2.1')).status).toBe(429);
    expect((await from('192.0.2.2')).status).toBe(202);
    expect((await from('192.0.2.3')).status).toBe(202);
    // 192.0.2.1 was evicted, so it starts over with a full bucket.
    expect((await from('192.0.2.1')).status).toBe(202);
    expect((await from('192.0.2.3')).status).toBe(429);
  });

  it('bounds the whole instance too, so made-up addresses cannot push past it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { POST } = handler({ rateLimit: { burst: 30, instanceBurst: 5 } });
    const from = (index: number) =>
      POST(postPin(body, { 'x-forwarded-for': `198.51.100.${index}` }));
    for (let index = 1; index <= 5; index += 1) expect((await from(index)).status).toBe(202);
    const limited = await from(6);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.message).toMatch(/this server/);
    // A request with no address at all meets the instance's bucket as well.
    const unknown = postPin(body);
    unknown.headers.delete('x-forwarded-for');
    expect((await POST(unknown)).status).toBe(429);
    // The default: 30,000 a minute, 500 a second sustained.
    vi.setSystemTime(Date.now() + 1_000);
    expect((await from(7)).status).toBe(202);
  });

  it('lets an instance-wide refusal cost nothing to a visitor over their own limit', async () => {
    const { POST } = handler({ rateLimit: { burst: 1, instanceBurst: 2 } });
    const from = (ip: string) => POST(postPin(body, { 'x-forwarded-for': ip }));
    expect((await from('192.0.2.1')).status).toBe(202);
    for (let i = 0; i < 10; i += 1) expect((await from('192.0.2.1')).status).toBe(429);
    expect((await from('192.0.2.2')).status).toBe(202);
  });

  it('can be turned off, and refuses nonsense at startup', async () => {
    const { POST } = handler({ rateLimit: false });
    for (let i = 0; i < 40; i += 1) expect((await POST(postPin(body))).status).toBe(202);
    expect(() => createPinHandler({ rateLimit: { requestsPerMinute: 0 } })).toThrow(
      expect.objectContaining({ code: 'invalid_config', path: 'rateLimit.requestsPerMinute' }),
    );
    expect(() => createPinHandler({ rateLimit: { burst: -1 } })).toThrow(PinbridgeError);
    expect(() => createPinHandler({ rateLimit: { instanceBurst: 0 } })).toThrow(
      expect.objectContaining({ path: 'rateLimit.instanceBurst' }),
    );
    // A count is whole; a rate may be any of at least one a minute.
    expect(() => createPinHandler({ rateLimit: { burst: 1.5 } })).toThrow(
      expect.objectContaining({
        path: 'rateLimit.burst',
        message: 'rateLimit.burst: must be an integer at least 1',
      }),
    );
    expect(() => createPinHandler({ rateLimit: { requestsPerMinute: 1.5 } })).not.toThrow();
  });
});

describe('bots', () => {
  const crawlers = [
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0) Chrome/116 Safari/537.36',
    'Pinterest/0.2 (+https://www.pinterest.com/bot.html)',
    'Mozilla/5.0 (compatible; Pinterestbot/1.0; +https://www.pinterest.com/bot.html)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    'python-requests/2.31.0',
    'curl/8.4.0',
  ];

  it.each(crawlers)('accepts but does not forward %s', async (userAgent) => {
    const { POST, client, settled, reports } = handler();
    const response = await POST(postPin(body, { 'user-agent': userAgent }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 0, event_ids: [], skipped: 'bot' });
    await settled();
    expect(client.enqueued).toEqual([]);
    expect(reports.at(-1)).toMatchObject({
      stage: 'skipped',
      reason: 'bot',
      source: 'handler',
      count: 1,
      event_ids: ['evt_add_to_cart_1'],
    });
  });

  it.each([
    [
      'the Pinterest iOS in-app browser',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 [Pinterest/iOS]',
    ],
    [
      'the Pinterest Android in-app browser',
      'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile Safari/537.36 [Pinterest/Android]',
    ],
    [
      'headless Chromium (our e2e)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0 Safari/537.36',
    ],
  ])('forwards %s', async (_, userAgent) => {
    const { POST, client, settled } = handler();
    expect((await POST(postPin(body, { 'user-agent': userAgent }))).status).toBe(202);
    await settled();
    expect(client.enqueued).toHaveLength(1);
  });

  it('takes your own list, a RegExp, or false', async () => {
    const headless = { 'user-agent': 'Mozilla/5.0 HeadlessChrome/131.0.0.0' };
    const googlebot = { 'user-agent': crawlers[0] };
    const skippedBy = async (botUserAgents: BotUserAgents, headers: Record<string, string>) =>
      (await (await handler({ botUserAgents }).POST(postPin(body, headers))).json()).skipped;
    expect(await skippedBy([...DEFAULT_BOT_USER_AGENTS, 'HeadlessChrome'], headless)).toBe('bot');
    expect(await skippedBy(/headless/i, googlebot)).toBeUndefined();
    expect(await skippedBy(false, googlebot)).toBeUndefined();
    // A global RegExp's lastIndex would make every other test miss; each request must match.
    const { POST } = handler({ botUserAgents: /headless/gi });
    for (let i = 0; i < 3; i += 1) {
      expect((await (await POST(postPin(body, headless))).json()).skipped).toBe('bot');
    }
  });
});

describe('event_time clamping', () => {
  it('clamps a future time to now and an old one to within 7 days, and reports it', async () => {
    const { POST, client, settled, reports } = handler();
    const day = 24 * 60 * 60 * 1000;
    const events = [
      wireEvent({ event_id: 'evt_future_0001', time: Date.now() + day }),
      wireEvent({ event_id: 'evt_ancient_001', time: Date.now() - 30 * day }),
      wireEvent({ event_id: 'evt_recent_0001', time: Date.now() - 60_000 }),
    ];
    const before = Math.floor(Date.now() / 1000);
    expect((await POST(postPin({ events }))).status).toBe(202);
    await settled();
    const [future, ancient, recent] = client.enqueued.map((event) => event.event_time);
    const now = Math.floor(Date.now() / 1000);
    expect(future).toBeGreaterThanOrEqual(before);
    expect(future).toBeLessThanOrEqual(now);
    expect(now - ancient).toBeLessThan(7 * 24 * 3600);
    expect(now - ancient).toBeGreaterThan(7 * 24 * 3600 - 3600);
    expect(now - recent).toBeGreaterThanOrEqual(59);
    expect(reports).toContainEqual(
      expect.objectContaining({
        stage: 'value_dropped',
        field: 'event_time',
        count: 2,
        event_ids: ['evt_future_0001', 'evt_ancient_001'],
      }),
    );
  });

  it('honours maxEventAgeSeconds', async () => {
    const { POST, client, settled } = handler({ maxEventAgeSeconds: 24 * 3600 });
    const time = Date.now() - 3 * 24 * 3600 * 1000;
    await POST(postPin({ events: [wireEvent({ time })] }));
    await settled();
    const age = Math.floor(Date.now() / 1000) - client.enqueued[0].event_time;
    expect(age).toBeLessThanOrEqual(24 * 3600);
    expect(age).toBeGreaterThan(23 * 3600);
  });
});

describe('token bucket', () => {
  const rate = { perSecond: 2, burst: 2 };

  it('refuses without taking when empty, and says how long until a token', () => {
    const bucket = { tokens: 2, updatedAt: 0 };
    expect(takeToken(bucket, rate, 0)).toBe(0);
    expect(takeToken(bucket, rate, 0)).toBe(0);
    expect(takeToken(bucket, rate, 0)).toBe(500);
    expect(takeToken(bucket, rate, 250)).toBe(250);
    expect(takeToken(bucket, rate, 500)).toBe(0);
  });

  it('reserves a token for a waiting caller, so waiters are served in turn', () => {
    const bucket = { tokens: 1, updatedAt: 0 };
    expect(takeToken(bucket, rate, 0, true)).toBe(0);
    expect(takeToken(bucket, rate, 0, true)).toBe(500);
    expect(takeToken(bucket, rate, 0, true)).toBe(1000);
    expect(takeToken(bucket, rate, 1000, true)).toBe(500);
  });
});
