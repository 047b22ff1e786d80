import type { NextApiRequest } from 'next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestApiRoute, type PinterestApiRouteOptions } from '../src/pages.js';
import { fakeClient } from './helpers.js';
import { serveApiRoute, streamUntilAnswered } from './next-api-server.js';
import { BROWSER_UA, wireEvent } from './wire.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(bodyParser: boolean, options: PinterestApiRouteOptions = {}) {
  const client = fakeClient();
  const route = createPinterestApiRoute({ client, rateLimit: false, ...options });
  const served = await serveApiRoute(route, { api: { bodyParser } });
  stop = served.close;
  const post = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  return { ...served, client, post };
}

const valid = JSON.stringify({ events: [wireEvent()] });

describe.each([
  ['bodyParser: false (recommended)', false],
  ['bodyParser on', true],
])('Pages Router route, %s', (_, bodyParser) => {
  it('accepts a valid body as JSON and as a text/plain beacon', async () => {
    const { post, client } = await start(bodyParser);
    expect((await post(valid)).status).toBe(202);
    expect((await post(valid, { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(202);
    await vi.waitFor(() => expect(client.enqueued).toHaveLength(2));
    expect(client.enqueued[0].user_data.client_ip_address).toMatch(/127\.0\.0\.1/);
  });

  it.each([
    [
      'a Content-Length over the limit',
      JSON.stringify({ events: [wireEvent({ props: { pad: 'x'.repeat(17_000) } })] }),
      {},
      413,
      'payload_too_large',
      '',
    ],
    [
      'a form',
      'events=1',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
      '',
    ],
    [
      'a cross-site post',
      valid,
      { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
      403,
      'forbidden_origin',
      '',
    ],
    [
      '__proto__ in props',
      '{"events":[{"name":"lead","props":{"__proto__":{"admin":true}}}]}',
      {},
      400,
      'forbidden_key',
      'events[0].props.__proto__',
    ],
    [
      'a string too long',
      JSON.stringify({ events: [wireEvent({ name: 'n'.repeat(600) })] }),
      {},
      400,
      'too_large_value',
      'events[0].name',
    ],
    [
      'an unknown name',
      JSON.stringify({ events: [wireEvent({ name: 'Cart Abandoned' })] }),
      {},
      400,
      'invalid_body',
      'events[0].name',
    ],
  ])('refuses %s', async (_, body, headers, status, code, path) => {
    const { post, client } = await start(bodyParser);
    const response = await post(body, headers);
    expect(response).toMatchObject({ status, body: { error: { code, path } } });
    expect(client.enqueued).toEqual([]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers 429 with Retry-After per IP', async () => {
    const { post } = await start(bodyParser, { rateLimit: { burst: 2 } });
    expect((await post(valid)).status).toBe(202);
    expect((await post(valid)).status).toBe(202);
    const limited = await post(valid);
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Pages Router route reading the raw stream (bodyParser: false)', () => {
  it('stops a chunked upload at the limit while reading, answers 413 and closes', async () => {
    const { port, client } = await start(false);
    const result = await streamUntilAnswered(port, { 'content-type': 'application/json' });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(result.closed).toBe(true);
    // The answer came long before the 1 MiB the client was willing to send.
    expect(result.written).toBeLessThan(512 * 1024);
    expect(client.enqueued).toEqual([]);
  });

  it('refuses invalid UTF-8, which Next’s parser would have replaced silently', async () => {
    const { post, client } = await start(false);
    const bytes = new Uint8Array([
      ...Buffer.from('{"events":[{"name":"'),
      0xc3,
      0x28,
      ...Buffer.from('"}]}'),
    ]);
    const response = await post(bytes);
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_encoding' } } });
    expect(client.enqueued).toEqual([]);
  });

  it('hands your callbacks the Web Request, getUser the NextApiRequest', async () => {
    const consent = vi.fn((request: Request) => request.headers.get('cookie') === 'ok=1');
    const getUser = vi.fn((req: NextApiRequest) => (req.cookies.ok ? { id: 'u1' } : null));
    const { post, client } = await start(false, { consent, getUser });
    expect((await post(valid, { cookie: 'ok=1' })).status).toBe(202);
    expect((await post(valid)).body).toMatchObject({ skipped: 'consent' });
    await vi.waitFor(() => expect(client.enqueued).toHaveLength(1));
    expect(consent).toHaveBeenCalledTimes(2);
    expect(consent.mock.calls[0][0]).toBeInstanceOf(Request);
    expect(getUser).toHaveBeenCalledTimes(1);
  });
});

describe('Pages Router route with bodyParser on', () => {
  it('measures a parsed body by its JSON size when no Content-Length says it', async () => {
    const props = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'.repeat(200)]),
    );
    const { url, client } = await start(true, { maxBodyBytes: 1024 });
    // Chunked: Next's parser reads it (its own limit is 1 MB), then the route measures the value.
    const text = JSON.stringify({ events: [wireEvent({ props })] });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
      body: new Blob([text]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: 'payload_too_large' });
    expect(client.enqueued).toEqual([]);
  });
});
