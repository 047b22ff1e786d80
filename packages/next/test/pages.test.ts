import type { EventResult } from '@pinbridge/core';
import type { NextApiRequest, NextApiResponse } from 'next';
import { describe, expect, it, vi } from 'vitest';
import { createPinterestApiRoute } from '../src/pages.js';
import { deferred, fakeClient, fakeWaitUntil, sha256 } from './helpers.js';

const event = {
  name: 'view_category',
  event_id: 'evt_view_cat_1',
  time: Date.now(),
  url: 'https://shop.test/c/lamps?epik=PAGESCLICK',
};

function request(overrides: Partial<NextApiRequest> = {}): NextApiRequest {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 Edg/130',
      cookie: '_pb_bid=pages-browser',
    },
    body: { events: [event] },
    socket: { remoteAddress: '192.0.2.44' },
    ...overrides,
  } as unknown as NextApiRequest;
}

function response() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  return { res: res as unknown as NextApiResponse, sent };
}

describe('createPinterestApiRoute', () => {
  it('answers 202 first, then delivers in the same invocation', async () => {
    const pending = deferred<EventResult>();
    const client = { ...fakeClient(), enqueue: vi.fn(() => pending.promise) };
    const { res, sent } = response();
    const route = createPinterestApiRoute({ client }).call(null, request(), res);
    await vi.waitFor(() => expect(sent.status).toBe(202));
    expect(sent.body).toEqual({ accepted: 1, event_ids: ['evt_view_cat_1'] });
    let finished = false;
    void route.then(() => {
      finished = true;
    });
    await Promise.resolve();
    expect(finished).toBe(false);
    pending.resolve({
      event_id: 'evt_view_cat_1',
      event_name: 'view_category',
      status: 'processed',
    });
    await route;
    expect(client.enqueue).toHaveBeenCalledTimes(1);
  });

  it('builds the event from Node headers, the socket address and the event url', async () => {
    const client = fakeClient();
    const { waitUntil, promises, settled } = fakeWaitUntil();
    await createPinterestApiRoute({ client, waitUntil })(request(), response().res);
    expect(promises).toHaveLength(1);
    await settled();
    expect(client.enqueued[0].user_data).toMatchObject({
      client_ip_address: '192.0.2.44',
      client_user_agent: 'Mozilla/5.0 Edg/130',
      click_id: 'PAGESCLICK',
      external_id: [await sha256('pages-browser')],
    });
  });

  it('prefers a trusted header over the socket, and getUser(req, res) over browser values', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const req = request({
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': 'UA',
        'x-forwarded-for': '203.0.113.80, 10.0.0.2',
      },
      body: JSON.stringify({ events: [{ ...event, user: { em: 'browser@example.com' } }] }),
    });
    const { res } = response();
    const getUser = vi.fn(() => ({ email: 'server@example.com' }));
    await createPinterestApiRoute({ client, waitUntil, getUser })(req, res);
    await settled();
    expect(getUser).toHaveBeenCalledWith(req, res);
    expect(client.enqueued[0].user_data.client_ip_address).toBe('203.0.113.80');
    expect(client.enqueued[0].user_data.em).toEqual([await sha256('server@example.com')]);
  });

  it('refuses other methods with 405 and unparsable text with 400', async () => {
    const get = response();
    await createPinterestApiRoute({ client: fakeClient() })(request({ method: 'GET' }), get.res);
    expect(get.sent).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
    const broken = response();
    await createPinterestApiRoute({ client: fakeClient() })(
      request({ body: '{"events":' }),
      broken.res,
    );
    expect(broken.sent).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });
});
