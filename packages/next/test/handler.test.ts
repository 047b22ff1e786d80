import type { EventResult, PinterestEvent } from '@pinbridge/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestHandler, type PinbridgeReport } from '../src/server.js';
import { deferred, fakeClient, fakeWaitUntil, sha256 } from './helpers.js';
import { BROWSER_UA, postPin, wireEvent } from './wire.js';

const BROWSER = BROWSER_UA;
const post = postPin;

async function deliveredEvents(
  body: unknown,
  headers: Record<string, string> = {},
  options: Parameters<typeof createPinterestHandler>[0] = {},
): Promise<PinterestEvent[]> {
  const client = fakeClient();
  const { waitUntil, settled } = fakeWaitUntil();
  const response = await createPinterestHandler({ client, waitUntil, ...options }).POST(
    post(body, headers),
  );
  expect(response.status).toBe(202);
  await settled();
  return client.enqueued;
}

describe('createPinterestHandler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('answers 202 with the accepted ids before delivery finishes', async () => {
    const pending = deferred<EventResult>();
    const client = { ...fakeClient(), enqueue: vi.fn(() => pending.promise) };
    const { waitUntil, promises } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ client, waitUntil });
    const events = [
      wireEvent(),
      wireEvent({ name: 'search', event_id: 'evt_search_0001', props: { query: 'lamp' } }),
    ];
    const response = await POST(post({ events }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 2,
      event_ids: ['evt_add_to_cart_1', 'evt_search_0001'],
    });
    expect(promises).toHaveLength(1);
    let delivered = false;
    void promises[0].then(() => {
      delivered = true;
    });
    await Promise.resolve();
    expect(delivered).toBe(false);
    pending.resolve({ event_id: 'x', event_name: 'add_to_cart', status: 'processed' });
    await promises[0];
    expect(delivered).toBe(true);
    expect(client.enqueue).toHaveBeenCalledTimes(2);
  });

  it('builds spec events: semantic names mapped, id, seconds, url, IP, user agent', async () => {
    const [event] = await deliveredEvents({
      events: [
        wireEvent({
          name: 'Order Completed',
          event_id: 'order_ORD-001',
          props: {
            order_id: 'ORD-001',
            total: 129.99,
            currency: 'USD',
            products: [{ product_id: 'SKU-A', price: 49.99, quantity: 2 }],
          },
        }),
      ],
    });
    expect(event).toMatchObject({
      event_name: 'checkout',
      event_id: 'order_ORD-001',
      action_source: 'web',
      event_source_url: 'https://shop.test/products/1',
      user_data: { client_ip_address: '203.0.113.5', client_user_agent: BROWSER },
      custom_data: { value: '129.99', currency: 'USD', order_id: 'ORD-001' },
    });
    expect(event.event_time).toBe(Math.floor(event.event_time));
    expect(event.event_time).toBeLessThan(Date.now() / 1000 + 1);
  });

  describe('client IP', () => {
    const all = {
      'x-real-ip': '203.0.113.5',
      'x-forwarded-for': '198.51.100.1, 10.0.0.1',
      'cf-connecting-ip': '192.0.2.9',
    };
    const ipOf = async (headers: Record<string, string>, options = {}) => {
      const request = post({ events: [wireEvent()] }, headers);
      for (const name of Object.keys(all)) if (!(name in headers)) request.headers.delete(name);
      const client = fakeClient();
      const { waitUntil, settled } = fakeWaitUntil();
      await createPinterestHandler({ client, waitUntil, ...options }).POST(request);
      await settled();
      return client.enqueued[0]?.user_data.client_ip_address;
    };

    it('trusts x-real-ip, then the first hop of x-forwarded-for, then cf-connecting-ip', async () => {
      expect(await ipOf(all)).toBe('203.0.113.5');
      expect(
        await ipOf({ 'x-forwarded-for': all['x-forwarded-for'], 'cf-connecting-ip': '192.0.2.9' }),
      ).toBe('198.51.100.1');
      expect(await ipOf({ 'cf-connecting-ip': '192.0.2.9' })).toBe('192.0.2.9');
    });

    it('reads only the headers you trust, or asks your resolver', async () => {
      expect(await ipOf(all, { trustedIpHeaders: ['cf-connecting-ip'] })).toBe('192.0.2.9');
      expect(
        await ipOf(all, {
          getClientIp: (r: Request) => r.headers.get('x-forwarded-for')?.split(',')[1]?.trim(),
        }),
      ).toBe('10.0.0.1');
    });
  });

  it('takes the click id from the _epik cookie, else from the epik parameter of the event url', async () => {
    const url = 'https://shop.test/?epik=FROMURL';
    const [fromCookie] = await deliveredEvents(
      { events: [wireEvent({ url })] },
      { cookie: '_epik=FROMCOOKIE' },
    );
    expect(fromCookie.user_data.click_id).toBe('FROMCOOKIE');
    const [fromUrl] = await deliveredEvents({ events: [wireEvent({ url })] });
    expect(fromUrl.user_data.click_id).toBe('FROMURL');
  });

  it('keeps the click id and a browser id in cookies when the proxy could not (consent after landing)', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ client, waitUntil });
    const landing = wireEvent({ url: 'https://shop.test/?epik=LANDING' });
    const response = await POST(post({ events: [landing] }, { cookie: '_pb_consent=granted' }));
    const cookies = response.headers.getSetCookie();
    expect(cookies).toEqual([
      expect.stringMatching(
        /^_pb_bid=[0-9a-f-]{36}; Path=\/; Max-Age=31536000; SameSite=Lax; Secure$/,
      ),
      '_epik=LANDING; Path=/; Max-Age=31536000; SameSite=Lax; Secure',
    ]);
    await settled();
    const browserId = cookies[0].slice('_pb_bid='.length, cookies[0].indexOf(';'));
    expect(client.enqueued[0].user_data.external_id).toEqual([await sha256(browserId)]);

    const again = await POST(
      post({ events: [wireEvent()] }, { cookie: `_pb_bid=${browserId}; _epik=LANDING` }),
    );
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it("prefers getUser's identifiers over the browser's and hashes the browser id into external_id", async () => {
    const getUser = vi.fn(async (request: Request) => {
      expect(request.headers.get('x-real-ip')).toBe('203.0.113.5');
      return { email: ' Ada@Example.com ', id: 'user-1' };
    });
    const [event] = await deliveredEvents(
      { events: [wireEvent({ user: { em: 'typed@example.com', fn: 'ada' } })] },
      { cookie: '_pb_bid=browser-77' },
      { getUser },
    );
    expect(event.user_data.em).toEqual([await sha256('ada@example.com')]);
    expect(event.user_data.fn).toEqual([await sha256('ada')]);
    expect(event.user_data.external_id).toEqual([
      await sha256('user-1'),
      await sha256('browser-77'),
    ]);
  });

  it('accepts a text/plain body from sendBeacon', async () => {
    const events = await deliveredEvents(JSON.stringify({ events: [wireEvent()] }), {
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(events).toHaveLength(1);
  });

  describe('consent', () => {
    it.each([
      ['required and missing', { requireConsent: true }, ''],
      ['required and denied', { requireConsent: true }, '_pb_consent=denied'],
      ['denied though not required', {}, '_pb_consent=denied'],
    ])('sends nothing when %s', async (_, options, cookie) => {
      const client = fakeClient();
      const waitUntil = vi.fn();
      const response = await createPinterestHandler({ client, waitUntil, ...options }).POST(
        post({ events: [wireEvent()] }, { cookie }),
      );
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 0, event_ids: [], skipped: 'consent' });
      expect(waitUntil).not.toHaveBeenCalled();
      expect(client.enqueued).toEqual([]);
    });

    it('sends once granted', async () => {
      const events = await deliveredEvents(
        { events: [wireEvent()] },
        { cookie: '_pb_consent=granted' },
        { requireConsent: true },
      );
      expect(events).toHaveLength(1);
    });
  });

  describe('bad bodies', () => {
    const many = Array.from({ length: 26 }, (_, i) =>
      wireEvent({ event_id: `evt_many_${String(i).padStart(4, '0')}` }),
    );
    it.each([
      ['not JSON', '{"events": [', 'invalid_json', ''],
      ['no events array', { event: wireEvent() }, 'invalid_body', 'events'],
      ['an empty batch', { events: [] }, 'invalid_body', 'events'],
      ['26 events', { events: many }, 'invalid_body', 'events'],
      ['an event that is no object', { events: ['add_to_cart'] }, 'invalid_body', 'events[0]'],
      [
        'a missing name',
        { events: [wireEvent({ name: undefined })] },
        'invalid_body',
        'events[0].name',
      ],
      [
        'an unknown name',
        { events: [wireEvent(), wireEvent({ name: 'Cart Abandoned' })] },
        'invalid_body',
        'events[1].name',
      ],
      [
        'a short event_id',
        { events: [wireEvent({ event_id: 'abc' })] },
        'invalid_body',
        'events[0].event_id',
      ],
      [
        'an event_id with spaces',
        { events: [wireEvent({ event_id: 'evt 1234567' })] },
        'invalid_body',
        'events[0].event_id',
      ],
      [
        'a string time',
        { events: [wireEvent({ time: '2026-01-01' })] },
        'invalid_body',
        'events[0].time',
      ],
      [
        'a javascript: url',
        { events: [wireEvent({ url: 'javascript:alert(1)' })] },
        'invalid_body',
        'events[0].url',
      ],
      [
        'props as an array',
        { events: [wireEvent({ props: [1] })] },
        'invalid_body',
        'events[0].props',
      ],
      [
        'a spoofed IP in user',
        { events: [wireEvent({ user: { client_ip_address: '1.1.1.1' } })] },
        'invalid_body',
        'events[0].user.client_ip_address',
      ],
      [
        'a numeric email',
        { events: [wireEvent({ user: { em: 5 } })] },
        'invalid_body',
        'events[0].user.em',
      ],
    ])('refuses %s with 400 and the path', async (_, body, code, path) => {
      const client = fakeClient();
      const response = await createPinterestHandler({ client, waitUntil: vi.fn() }).POST(
        post(body),
      );
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ code, path });
      expect(typeof error.message).toBe('string');
      expect(client.enqueued).toEqual([]);
    });

    it('refuses a body larger than the 16 KiB default with 413', async () => {
      const response = await createPinterestHandler({ client: fakeClient() }).POST(
        post({ events: [wireEvent({ props: { content_name: 'x'.repeat(70_000) } })] }),
      );
      expect(response.status).toBe(413);
    });

    it("accepts 'custom' and a name from your own mapping", async () => {
      const events = await deliveredEvents(
        {
          events: [
            wireEvent({ name: 'custom', event_id: 'evt_custom_01' }),
            wireEvent({ name: 'Quote Requested', event_id: 'evt_quote_001' }),
          ],
        },
        {},
        { mapping: { 'Quote Requested': 'lead' } },
      );
      expect(events.map((e) => e.event_name)).toEqual(['custom', 'lead']);
    });
  });

  it('keeps the events it can build and reports the others (no identifiers in the report)', async () => {
    const reports: PinbridgeReport[] = [];
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ client, waitUntil, onError: (r) => reports.push(r) });
    const request = post({
      events: [
        wireEvent({ event_id: 'evt_known_user', user: { em: 'ada@example.com' } }),
        wireEvent({ event_id: 'evt_anonymous' }),
      ],
    });
    request.headers.delete('x-real-ip');
    const response = await POST(request);
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 1, event_ids: ['evt_known_user'] });
    expect(body.rejected).toEqual([
      { event_id: 'evt_anonymous', path: 'events[1].user_data', message: expect.any(String) },
    ]);
    await settled();
    expect(client.enqueued.map((e) => e.event_id)).toEqual(['evt_known_user']);
    expect(reports).toEqual([
      expect.objectContaining({ stage: 'build', count: 1, event_ids: ['evt_anonymous'] }),
    ]);
    expect(JSON.stringify(reports)).not.toContain('ada@example.com');
  });

  it('answers 400 when no event can be built', async () => {
    const request = post({ events: [wireEvent()] });
    request.headers.delete('x-real-ip');
    const response = await createPinterestHandler({ client: fakeClient(), onError: () => {} }).POST(
      request,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: 'invalid_event',
      path: 'events[0].user_data',
    });
  });

  it('reports events Pinterest refused, by id and count', async () => {
    const reports: PinbridgeReport[] = [];
    const client = fakeClient(['evt_refused_01']);
    const { waitUntil, settled } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ client, waitUntil, onError: (r) => reports.push(r) });
    await POST(post({ events: [wireEvent(), wireEvent({ event_id: 'evt_refused_01' })] }));
    await settled();
    expect(reports).toEqual([
      {
        stage: 'delivery',
        message: '1 of 2 events failed: Invalid event',
        count: 1,
        event_ids: ['evt_refused_01'],
      },
    ]);
  });

  it('answers 500 and names the missing variable in the report (not the response) without a client', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '');
    const reports: PinbridgeReport[] = [];
    const response = await createPinterestHandler({ onError: (r) => reports.push(r) }).POST(
      post({ events: [wireEvent()] }),
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('not_configured');
    expect(text).not.toContain('PINTEREST_');
    expect(reports[0]).toMatchObject({ stage: 'config', event_ids: ['evt_add_to_cart_1'] });
    expect(reports[0].message).toContain('PINTEREST_ACCESS_TOKEN');
  });
});
