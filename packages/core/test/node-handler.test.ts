import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PinbridgeReport, PushResult } from '@pinbridge/core';
import {
  documentRequestOf,
  type NodeHandlerOptions,
  requestHeadOf,
  toNodeHandler,
} from '@pinbridge/core/node';
import { createPinHandler, type PinHandlerOptions } from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamUntilAnswered, trickle } from '../../../test/contract/requests.js';
import { BROWSER_UA, deferred, fakeClient, wireEvent } from './server-helpers.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Req = IncomingMessage & { body?: unknown };

/** Serves toNodeHandler on 127.0.0.1; `before` may stand in for a framework's body parser. */
async function serve(
  options: PinHandlerOptions = {},
  node: NodeHandlerOptions<Req, ServerResponse> = {},
  before?: (req: Req) => Promise<void>,
) {
  const client = (options.client as ReturnType<typeof fakeClient>) ?? fakeClient();
  const listener = toNodeHandler<Req, ServerResponse>(
    createPinHandler({ rateLimit: false, debug: false, ...options, client }),
    node,
  );
  const running: Promise<void>[] = [];
  const server = createServer(async (req: Req, res) => {
    await before?.(req);
    running.push(listener(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const post = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  return { port, client, post, running };
}

/** Collects a request's body as text, as a body parser would, without handing on the stream. */
function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
  });
}

describe('toNodeHandler', () => {
  it('streams a chunked body and takes the socket peer as the IP when no header names one', async () => {
    const { port, client, running } = await serve();
    const body = JSON.stringify({ events: [wireEvent()] });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/pin',
          method: 'POST',
          headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Two writes, no Content-Length: Node sends it chunked.
      req.write(body.slice(0, 40));
      setTimeout(() => req.end(body.slice(40)), 20);
    });
    expect(status).toBe(202);
    await Promise.all(running);
    expect(client.enqueued[0].user_data.client_ip_address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('answers 413 while the body is still streaming, without resetting the socket, then closes', async () => {
    const { port, client } = await serve();
    const result = await streamUntilAnswered(port, { 'content-type': 'application/json' });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(result.closed).toBe(true);
    // The answer came long before the 1 MiB the client was willing to send.
    expect(result.written).toBeLessThan(512 * 1024);
    expect(client.enqueued).toEqual([]);
  });

  it('hands your callbacks a Web Request of the post (its URL and headers), built only for them', async () => {
    const seen: { web: boolean; url: string; cookie: string | null; gpc: string | null }[] = [];
    const { post, client, running } = await serve({
      consent: (request) => {
        seen.push({
          web: request instanceof Request,
          url: request.url,
          cookie: request.headers.get('cookie'),
          gpc: request.headers.get('Sec-GPC'),
        });
        return request.headers.get('cookie')?.includes('cmp=yes') ?? false;
      },
    });
    const body = JSON.stringify({ events: [wireEvent()] });
    expect((await post(body, { cookie: 'cmp=yes', 'sec-gpc': '1' })).status).toBe(202);
    expect((await post(body, { cookie: 'cmp=no' })).body.skipped).toBe('consent');
    await Promise.all(running);
    expect(seen).toEqual([
      { web: true, url: expect.stringMatching(/\/api\/pin$/), cookie: 'cmp=yes', gpc: '1' },
      { web: true, url: expect.stringMatching(/\/api\/pin$/), cookie: 'cmp=no', gpc: null },
    ]);
    expect(client.enqueued).toHaveLength(1);
  });

  it('keeps the connection of a request it read to the end, and sends the length of its answer', async () => {
    const { post } = await serve();
    const answer = await post(JSON.stringify({ events: [wireEvent()] }));
    expect(answer.status).toBe(202);
    expect(answer.headers.get('connection')).toBe('keep-alive');
    expect(Number(answer.headers.get('content-length'))).toBe(JSON.stringify(answer.body).length);
  });

  it.each([
    ['a trickled body', { length: 1_000, everyMs: 40 }],
    ['an endless chunked body', { everyMs: 40 }],
    ['a short body under a large Content-Length', { length: 5_000, everyMs: 60_000 }],
  ])('answers %s with 408 at the body deadline and closes the socket', async (_, how) => {
    const reports: PinbridgeReport[] = [];
    const { port, client } = await serve({ bodyTimeoutMs: 300, onReport: (r) => reports.push(r) });
    const result = await trickle(port, how);
    expect(result.status).toBe(408);
    expect(result.body).toEqual({
      error: { code: 'request_timeout', message: 'body not received within 300 ms', path: '' },
    });
    expect(result.heldMs).toBeGreaterThanOrEqual(290);
    expect(result.heldMs).toBeLessThan(2_000);
    expect(client.enqueued).toEqual([]);
    expect(reports.map((report) => report.stage)).toEqual(['refused']);
  });

  it('holds 300 trickling sockets with made-up IPs no longer than the deadline', async () => {
    // One request a minute after the burst: a slow machine opening the 300 sockets over seconds
    // refills no token meanwhile (at the default 120 a minute it did, 2 a second).
    const { port } = await serve({ bodyTimeoutMs: 400, rateLimit: { requestsPerMinute: 1 } });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        trickle(port, {
          length: 1_000,
          everyMs: 100,
          headers: { 'x-real-ip': `198.51.${index >> 8}.${index & 255}` },
        }),
      ),
    );
    // The per-IP bucket keys on the socket (127.0.0.1): past its burst of 30 the rest is refused at once.
    const statuses = new Set(results.map((result) => result.status));
    expect([...statuses].sort()).toEqual([408, 429]);
    expect(results.filter((result) => result.status === 408)).toHaveLength(30);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('takes an upload the client broke off for what it is: a refusal, never an internal error', async () => {
    const reports: PinbridgeReport[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { port, running } = await serve({ onReport: (r) => reports.push(r) });
      for (let index = 0; index < 5; index += 1) {
        const socket = (await import('node:net')).connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(
          'POST /api/pin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"events":[',
        );
        await vi.waitFor(() => expect(running).toHaveLength(index + 1));
        socket.destroy();
        await Promise.all(running);
      }
      expect(reports.map((report) => [report.stage, report.code])).toEqual(
        Array(5).fill(['refused', 'body_aborted']),
      );
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('answers 405 for other methods, also those a Web Request cannot carry, and keeps serving', async () => {
    const { port } = await serve();
    const statusOf = (method: string) =>
      new Promise<{ status: number; allow?: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/pin', method }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, allow: res.headers.allow });
        });
        req.on('error', reject);
        req.end();
      });
    expect(await statusOf('GET')).toEqual({ status: 405, allow: 'POST' });
    expect(await statusOf('TRACE')).toEqual({ status: 405, allow: 'POST' });
    expect(await statusOf('GET')).toEqual({ status: 405, allow: 'POST' });
  });

  it('refuses invalid UTF-8 read from the stream', async () => {
    const { post } = await serve();
    const bytes = new Uint8Array([
      ...Buffer.from('{"events":[{"name":"'),
      0xc3,
      0x28,
      ...Buffer.from('"}]}'),
    ]);
    expect(await post(bytes)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_encoding' } },
    });
  });

  describe('a body a framework already parsed', () => {
    const parsers: [string, (text: string, req: Req) => unknown][] = [
      ['a value (express.json)', (text) => JSON.parse(text)],
      ['text (express.text, a Pages Router beacon)', (text) => text],
      ['bytes (express.raw)', (text) => Buffer.from(text)],
    ];

    it.each(parsers)('accepts %s', async (_, parse) => {
      const before = async (req: Req) => {
        req.body = parse(await readText(req), req);
      };
      const { post, client, running } = await serve({}, {}, before);
      expect((await post(JSON.stringify({ events: [wireEvent()] }))).status).toBe(202);
      await Promise.all(running);
      expect(client.enqueued).toHaveLength(1);
    });

    it.each(parsers)('still checks %s: size, shape and wire format', async (_, parse) => {
      const before = async (req: Req) => {
        req.body = parse(await readText(req), req);
      };
      const { post, client } = await serve({ maxBodyBytes: 1024 }, {}, before);
      const props = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'.repeat(200)]),
      );
      expect(await post(JSON.stringify({ events: [wireEvent({ props })] }))).toMatchObject({
        status: 413,
        body: { error: { code: 'payload_too_large' } },
      });
      expect(await post('{"events":[{"props":{"__proto__":{"admin":true}}}]}')).toMatchObject({
        status: 400,
        body: { error: { code: 'forbidden_key' } },
      });
      expect(await post(JSON.stringify({ events: [wireEvent({ name: 'Nope' })] }))).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_body', path: 'events[0].name' } },
      });
      expect(client.enqueued).toEqual([]);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });
  });

  it('writes every Set-Cookie header and computes Secure from X-Forwarded-Proto, like the Web path', async () => {
    const { post } = await serve();
    const landing = wireEvent({ url: 'https://shop.test/?epik=LANDING' });
    const answer = await post(JSON.stringify({ events: [landing] }), {
      'x-forwarded-proto': 'https',
    });
    expect(answer.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^_pb_bid=.+; Secure$/),
      '_epik=LANDING; Path=/; Max-Age=31536000; SameSite=Lax; Secure',
    ]);
    const plain = await post(JSON.stringify({ events: [landing] }));
    expect(plain.headers.getSetCookie().every((cookie) => !cookie.includes('Secure'))).toBe(true);
  });

  it('takes the host behind a proxy from X-Forwarded-Host for the origin check', async () => {
    const { post } = await serve();
    const body = JSON.stringify({ events: [wireEvent()] });
    const proxied = { origin: 'https://www.shop.test', 'x-forwarded-host': 'www.shop.test' };
    expect((await post(body, proxied)).status).toBe(202);
    expect((await post(body, { origin: 'https://evil.test' })).status).toBe(403);
  });

  it('hands your context on per request, and without a waitUntil settles after queueing', async () => {
    const pending = deferred<PushResult>();
    const client = { ...fakeClient(), enqueue: vi.fn(() => pending.promise) };
    const getUser = vi.fn((req: Req) => ({ email: String(req.headers['x-user']) }));
    const { post, running } = await serve(
      { client },
      { context: (req) => ({ getUser: () => getUser(req) }) },
    );
    const answer = await post(JSON.stringify({ events: [wireEvent()] }), {
      'x-user': 'ada@example.com',
    });
    expect(answer.status).toBe(202);
    let settled = false;
    void running[0].then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    pending.resolve({ evicted: [], refused: [] });
    await running[0];
    expect(getUser).toHaveBeenCalledTimes(1);
    expect(client.enqueue).toHaveBeenCalledTimes(1);
  });

  it('takes a framework’s own resolution of the peer (Express’s req.ip) from your context', async () => {
    const { post, client, running } = await serve(
      {},
      { context: (req) => ({ ip: String(req.headers['x-framework-ip']) }) },
    );
    const headers = { 'x-framework-ip': '198.51.100.4', 'x-forwarded-for': '203.0.113.9' };
    expect((await post(JSON.stringify({ events: [wireEvent()] }), headers)).status).toBe(202);
    await Promise.all(running);
    expect(client.enqueued[0].user_data.client_ip_address).toBe('198.51.100.4');
  });
});

describe('requestHeadOf', () => {
  it('views a GET as the handler would: URL from X-Forwarded-*, the path given, every header', () => {
    const req = {
      method: 'GET',
      url: '/products/1',
      socket: {},
      headers: {
        host: 'internal:3000',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'shop.test',
        cookie: 'a=1',
        'x-list': ['1', '2'],
      },
    } as unknown as IncomingMessage;
    const request = requestHeadOf(req, '/shop/products/1?epik=C');
    expect(request.url).toBe('https://shop.test/shop/products/1?epik=C');
    expect(request.method).toBe('GET');
    expect(request.headers.get('cookie')).toBe('a=1');
    expect(request.headers.get('x-list')).toBe('1, 2');
    expect(requestHeadOf(req).url).toBe('https://shop.test/products/1');
  });
});

describe('documentRequestOf', () => {
  const nodeRequest = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
    ({
      method,
      url,
      socket: {},
      headers: { host: 'shop.test', 'sec-fetch-dest': 'document', ...headers },
    }) as unknown as IncomingMessage;

  it('gives the Web Request head of a document navigation, under the path given', () => {
    const request = documentRequestOf(nodeRequest('/products/1?epik=C', { cookie: 'a=1' }));
    expect(request?.url).toBe('http://shop.test/products/1?epik=C');
    expect(request?.headers.get('cookie')).toBe('a=1');
    const mounted = documentRequestOf(nodeRequest('/products/1'), '/shop/products/1');
    expect(mounted?.url).toBe('http://shop.test/shop/products/1');
  });

  it.each([
    ['a POST', nodeRequest('/products/1', {}, 'POST')],
    ['a fetch', nodeRequest('/api/cart', { 'sec-fetch-dest': 'empty' })],
    ['an image', nodeRequest('/images/mug.webp', { 'sec-fetch-dest': 'image' })],
    ['a file without fetch metadata', nodeRequest('/app.js?v=2', { 'sec-fetch-dest': '' })],
    ['a prefetch', nodeRequest('/products/2', { purpose: 'prefetch' })],
    ["Next's assets", nodeRequest('/_next/static/chunk.js')],
  ])('builds nothing for %s', (_, req) => {
    expect(documentRequestOf(req)).toBeUndefined();
  });
});
