import type { PushResult } from '@pinbridge/core';
import type { NextApiRequest, NextApiResponse } from 'next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestApiRoute, type PinterestApiRouteOptions } from '../src/pages.js';
import { deferred, fakeClient, fakeWaitUntil, sha256 } from './helpers.js';
import { serveApiRoute } from './next-api-server.js';

const event = {
  name: 'view_category',
  event_id: 'evt_view_cat_1',
  time: Date.now(),
  url: 'https://shop.test/c/lamps?epik=PAGESCLICK',
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** Serves the route under Next's own apiResolver; `running` holds each invocation's promise. */
async function start(options: PinterestApiRouteOptions, bodyParser = true) {
  const route = createPinterestApiRoute(options);
  const running: Promise<void>[] = [];
  const served = await serveApiRoute(
    (req, res) => {
      const invocation = route(req, res);
      running.push(invocation);
      return invocation;
    },
    { api: { bodyParser } },
  );
  stop = served.close;
  const send = (init: RequestInit = {}) =>
    fetch(served.url, {
      method: 'POST',
      ...init,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Mozilla/5.0 Edg/130',
        cookie: '_pb_bid=pages-browser',
        ...(init.headers as Record<string, string>),
      },
    });
  return { send, running };
}

const body = JSON.stringify({ events: [event] });

describe('createPinterestApiRoute', () => {
  it('answers 202 first, then queues in the same invocation', async () => {
    const pending = deferred<PushResult>();
    const client = { ...fakeClient(), enqueue: vi.fn(() => pending.promise) };
    const { send, running } = await start({ client });
    const response = await send({ body });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, event_ids: ['evt_view_cat_1'] });
    let finished = false;
    void running[0].then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(finished).toBe(false);
    pending.resolve({ evicted: [], refused: [] });
    await running[0];
    expect(client.enqueue).toHaveBeenCalledTimes(1);
  });

  it('builds the event from Node headers, the socket address and the event url', async () => {
    const client = fakeClient();
    const { waitUntil, promises, settled } = fakeWaitUntil();
    const { send } = await start({ client, waitUntil });
    expect((await send({ body })).status).toBe(202);
    expect(promises).toHaveLength(1);
    await settled();
    expect(client.enqueued[0].user_data).toMatchObject({
      client_ip_address: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
      client_user_agent: 'Mozilla/5.0 Edg/130',
      click_id: 'PAGESCLICK',
      external_id: [await sha256('pages-browser')],
    });
  });

  it('takes the socket address, X-Forwarded-For only past trustProxy hops, and getUser(req, res) over browser values', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const getUser = vi.fn((req: NextApiRequest, res: NextApiResponse) => {
      expect(req.cookies._pb_bid).toBe('pages-browser');
      expect(typeof res.setHeader).toBe('function');
      return { email: 'server@example.com' };
    });
    const headers = {
      'content-type': 'text/plain;charset=UTF-8',
      'x-forwarded-for': '203.0.113.80, 10.0.0.2',
      'x-real-ip': '198.51.100.4',
    };
    const body = JSON.stringify({ events: [{ ...event, user: { em: 'browser@example.com' } }] });
    const direct = await start({ client, waitUntil, getUser });
    expect((await direct.send({ headers, body })).status).toBe(202);
    const behindTwo = await start({ client, waitUntil, getUser, trustProxy: 2 });
    expect((await behindTwo.send({ headers, body })).status).toBe(202);
    await settled();
    expect(getUser).toHaveBeenCalledTimes(2);
    expect(client.enqueued.map((queued) => queued.user_data.client_ip_address)).toEqual([
      '127.0.0.1',
      '203.0.113.80',
    ]);
    expect(client.enqueued[0].user_data.em).toEqual([await sha256('server@example.com')]);
  });

  it('refuses other methods with 405 and unparsable text with 400', async () => {
    const { send } = await start({ client: fakeClient() });
    const refused = await send({ method: 'GET', body: undefined });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    expect(await refused.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'use POST', path: '' },
    });
    const broken = await send({ headers: { 'content-type': 'text/plain' }, body: '{"events":' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatchObject({ code: 'invalid_json' });
  });

  it('hands your consent function the Web Request', async () => {
    const client = fakeClient();
    const consent = vi.fn(
      (request: Request) => request.headers.get('cookie')?.includes('ok=1') ?? false,
    );
    const { send, running } = await start({ client, consent }, false);
    expect((await send({ body, headers: { cookie: 'ok=1' } })).status).toBe(202);
    expect(await (await send({ body })).json()).toMatchObject({ skipped: 'consent' });
    await Promise.all(running);
    expect(client.enqueued).toHaveLength(1);
    expect(consent.mock.calls[0][0]).toBeInstanceOf(Request);
  });
});
