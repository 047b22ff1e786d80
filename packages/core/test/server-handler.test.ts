import type { PinbridgeReport, PinterestEvent, PushResult } from '@pinbridge/core';
import { EVENT_NAMES, PinbridgeError } from '@pinbridge/core';
import {
  createPinHandler,
  type PinHandlerOptions,
  setPinterestClient,
} from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BROWSER_UA,
  deferred,
  fakeClient,
  fakeWaitUntil,
  postPin as post,
  sha256,
  wireEvent,
} from './server-helpers.js';

async function deliveredEvents(
  body: unknown,
  headers: Record<string, string> = {},
  options: PinHandlerOptions = {},
): Promise<PinterestEvent[]> {
  const client = fakeClient();
  const { waitUntil, settled } = fakeWaitUntil();
  const response = await createPinHandler({ client, ...options })(post(body, headers), {
    waitUntil,
  });
  expect(response.status).toBe(202);
  await settled();
  return client.enqueued;
}

describe('createPinHandler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setPinterestClient(undefined);
  });

  it('answers 202 with the accepted ids before the events are stored, and queues them in one push', async () => {
    const pending = deferred<PushResult>();
    const client = { ...fakeClient(), enqueue: vi.fn(() => pending.promise) };
    const { waitUntil, promises } = fakeWaitUntil();
    const handler = createPinHandler({ client });
    const events = [
      wireEvent(),
      wireEvent({ name: 'search', event_id: 'evt_search_0001', props: { query: 'lamp' } }),
    ];
    const response = await handler(post({ events }), { waitUntil });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      accepted: 2,
      event_ids: ['evt_add_to_cart_1', 'evt_search_0001'],
    });
    expect(promises).toHaveLength(1);
    let stored = false;
    void promises[0].then(() => {
      stored = true;
    });
    await Promise.resolve();
    expect(stored).toBe(false);
    pending.resolve({ evicted: [], refused: [] });
    await promises[0];
    expect(stored).toBe(true);
    expect(client.enqueue).toHaveBeenCalledTimes(1);
    expect(client.enqueue.mock.calls[0]).toEqual([
      [
        expect.objectContaining({ event_id: 'evt_add_to_cart_1' }),
        expect.objectContaining({ event_id: 'evt_search_0001' }),
      ],
    ]);
  });

  it.each(['GET', 'PUT', 'DELETE'])('refuses %s with 405 and Allow: POST', async (method) => {
    const client = fakeClient();
    const request = new Request('https://shop.test/api/pin', {
      method,
      body: method === 'GET' ? undefined : '{}',
    });
    const response = await createPinHandler({ client })(request);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'use POST', path: '' },
    });
    expect(client.enqueued).toEqual([]);
  });

  it("builds spec events: the Tag's event data mapped, id, seconds, url, IP, user agent", async () => {
    const [event] = await deliveredEvents({
      events: [
        wireEvent({
          name: 'checkout',
          event_id: 'order_ORD-001',
          props: {
            order_id: 'ORD-001',
            value: 129.99,
            currency: 'USD',
            order_quantity: 2,
            line_items: [{ product_id: 'SKU-A', product_price: 49.99, product_quantity: 2 }],
          },
        }),
      ],
    });
    expect(event).toMatchObject({
      event_name: 'checkout',
      event_id: 'order_ORD-001',
      action_source: 'web',
      event_source_url: 'https://shop.test/products/1',
      user_data: { client_ip_address: '203.0.113.5', client_user_agent: BROWSER_UA },
      custom_data: {
        value: '129.99',
        currency: 'USD',
        order_id: 'ORD-001',
        num_items: 2,
        content_ids: ['SKU-A'],
        contents: [{ id: 'SKU-A', item_price: '49.99', quantity: 2 }],
      },
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
    const ipOf = async (
      headers: Record<string, string>,
      options: PinHandlerOptions = {},
      peer?: string,
    ) => {
      const request = post({ events: [wireEvent()] }, headers);
      for (const name of Object.keys(all)) if (!(name in headers)) request.headers.delete(name);
      const client = fakeClient();
      const { waitUntil, settled } = fakeWaitUntil();
      await createPinHandler({ client, ...options })(request, { waitUntil, ip: peer });
      await settled();
      return client.enqueued[0]?.user_data.client_ip_address;
    };

    it('trusts no IP header by default: the socket peer, else the runtime’s last X-Forwarded-For entry', async () => {
      expect(await ipOf(all, {}, '192.0.2.44')).toBe('192.0.2.44');
      expect(await ipOf(all)).toBe('10.0.0.1');
      expect(await ipOf({ 'x-real-ip': '203.0.113.5', 'cf-connecting-ip': '192.0.2.9' })).toBe(
        undefined,
      );
    });

    it('counts trustProxy hops from the right, the socket peer being the nearest', async () => {
      const chain = { 'x-forwarded-for': '198.51.100.1, 203.0.113.2, 10.0.0.1' };
      expect(await ipOf(chain, { trustProxy: 1 }, '10.0.0.9')).toBe('10.0.0.1');
      expect(await ipOf(chain, { trustProxy: 2 }, '10.0.0.9')).toBe('203.0.113.2');
      expect(await ipOf(chain, { trustProxy: 2 })).toBe('203.0.113.2');
      // More hops than entries: the first entry, as Express's `trust proxy` gives.
      expect(await ipOf(chain, { trustProxy: 9 }, '10.0.0.9')).toBe('198.51.100.1');
      // Configured proxies, but this request came straight to the socket.
      expect(await ipOf({}, { trustProxy: 1 }, '192.0.2.44')).toBe('192.0.2.44');
    });

    it('reads the header of the platform it runs on, and only there', async () => {
      const env = { VERCEL: '1', NETLIFY: 'true', FLY_APP_NAME: 'shop' } as const;
      const headers = {
        ...all,
        'x-nf-client-connection-ip': '198.51.100.7',
        'fly-client-ip': '198.51.100.8',
      };
      const only = (name: keyof typeof env) => {
        for (const variable of Object.keys(env)) vi.stubEnv(variable, '');
        vi.stubEnv(name, env[name]);
      };
      try {
        only('VERCEL');
        expect(await ipOf(headers, {}, '192.0.2.44')).toBe('203.0.113.5');
        only('NETLIFY');
        expect(await ipOf(headers, {}, '192.0.2.44')).toBe('198.51.100.7');
        only('FLY_APP_NAME');
        expect(await ipOf(headers, {}, '192.0.2.44')).toBe('198.51.100.8');
      } finally {
        vi.unstubAllEnvs();
      }
      expect(await ipOf(headers, {}, '192.0.2.44')).toBe('192.0.2.44');
    });

    it('reads only the headers you trust, or asks your resolver', async () => {
      expect(await ipOf(all, { trustedIpHeaders: ['cf-connecting-ip'] })).toBe('192.0.2.9');
      expect(
        await ipOf(all, {
          getClientIp: (r: Request) => r.headers.get('x-forwarded-for')?.split(',')[1]?.trim(),
        }),
      ).toBe('10.0.0.1');
      expect(await ipOf({}, { getClientIp: () => '198.51.100.9' }, '192.0.2.44')).toBe(
        '198.51.100.9',
      );
    });

    it('forwards only a syntactically valid IPv4 or IPv6 address', async () => {
      const trusted = { trustedIpHeaders: ['x-real-ip'] };
      const junk = [
        'x'.repeat(618),
        '203.0.113.256',
        '1.2.3',
        '<script>',
        '::gg',
        '203.0.113.5, 1.1.1.1',
      ];
      for (const value of junk) {
        expect(await ipOf({ 'x-real-ip': value }, trusted, '192.0.2.44')).toBe('192.0.2.44');
        expect(await ipOf({}, { getClientIp: () => value })).toBe(undefined);
      }
      expect(await ipOf({ 'x-real-ip': ' [2001:DB8::1]:443 ' }, trusted)).toBe('2001:db8::1');
      expect(await ipOf({ 'x-real-ip': '203.0.113.5:5100' }, trusted)).toBe('203.0.113.5');
      expect(await ipOf({}, {}, '::ffff:192.0.2.1')).toBe('192.0.2.1');
    });

    it('refuses a trustProxy that is not a whole number of hops, at startup', () => {
      for (const trustProxy of [-1, 1.5, Number.NaN, '1' as unknown as number]) {
        expect(() => createPinHandler({ trustProxy })).toThrow(
          expect.objectContaining({ code: 'invalid_config', path: 'trustProxy' }),
        );
      }
    });
  });

  it('drops and reports a click id that is not one, from the cookie or an event url', async () => {
    const reports: PinbridgeReport[] = [];
    const crafted = encodeURIComponent(`${'e'.repeat(8000)}<x>"'`);
    const [fromCookie] = await deliveredEvents(
      { events: [wireEvent()] },
      { cookie: `_epik=${crafted}` },
      { onReport: (report) => reports.push(report) },
    );
    expect(fromCookie.user_data.click_id).toBeUndefined();
    const [fromUrl] = await deliveredEvents(
      { events: [wireEvent({ url: `https://shop.test/?epik=${'e'.repeat(513)}` })] },
      {},
      { onReport: (report) => reports.push(report) },
    );
    expect(fromUrl.user_data.click_id).toBeUndefined();
    const dropped = reports.filter((report) => report.stage === 'value_dropped');
    expect(dropped).toEqual([
      expect.objectContaining({
        field: 'click_id',
        reason: 'invalid',
        event_ids: [fromCookie.event_id],
      }),
      expect.objectContaining({
        field: 'click_id',
        reason: 'invalid',
        event_ids: [fromUrl.event_id],
      }),
    ]);
    expect(JSON.stringify(reports)).not.toContain('eeeeeeee');
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
    const handler = createPinHandler({ client });
    const landing = wireEvent({ url: 'https://shop.test/?epik=LANDING' });
    const response = await handler(post({ events: [landing] }, { cookie: '_pb_consent=granted' }), {
      waitUntil,
    });
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

    const again = await handler(
      post({ events: [wireEvent()] }, { cookie: `_pb_bid=${browserId}; _epik=LANDING` }),
      { waitUntil },
    );
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('replaces a browser id that breaks the id rule, as the proxy does', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const response = await createPinHandler({ client })(
      post({ events: [wireEvent()] }, { cookie: '_pb_bid=bad id!' }),
      { waitUntil },
    );
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^_pb_bid=[0-9a-f-]{36};/);
    await settled();
    expect(client.enqueued[0].user_data.external_id).not.toContain(await sha256('bad id!'));
  });

  it("prefers getUser's identifiers over the browser's and hashes the browser id into external_id", async () => {
    const getUser = vi.fn(async (request: Request) => {
      expect(request.headers.get('x-forwarded-for')).toBe('203.0.113.5');
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

  it("lets an adapter's context.getUser (closing over its native request) win over options.getUser", async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const fromOptions = vi.fn(() => ({ email: 'options@example.com' }));
    await createPinHandler({ client, getUser: fromOptions })(post({ events: [wireEvent()] }), {
      waitUntil,
      getUser: () => ({ email: 'context@example.com' }),
    });
    await settled();
    expect(fromOptions).not.toHaveBeenCalled();
    expect(client.enqueued[0].user_data.em).toEqual([await sha256('context@example.com')]);
  });

  it('sends the events without the user and reports it when getUser throws', async () => {
    const reports: PinbridgeReport[] = [];
    const [event] = await deliveredEvents(
      { events: [wireEvent()] },
      {},
      {
        onReport: (report) => reports.push(report),
        getUser: () => {
          throw new Error('session store down for ada@example.com');
        },
      },
    );
    expect(event.user_data.em).toBeUndefined();
    expect(reports).toContainEqual(
      expect.objectContaining({
        stage: 'error',
        code: 'callback_failed',
        message: 'getUser threw Error',
      }),
    );
    expect(JSON.stringify(reports)).not.toContain('ada@example.com');
  });

  describe('consent', () => {
    it.each([
      ['required and missing', { requireConsent: true }, ''],
      ['required and denied', { requireConsent: true }, '_pb_consent=denied'],
      ['denied though not required', {}, '_pb_consent=denied'],
    ])('sends nothing when %s', async (_, options, cookie) => {
      const client = fakeClient();
      const waitUntil = vi.fn();
      const reports: PinbridgeReport[] = [];
      const response = await createPinHandler({
        client,
        onReport: (report) => reports.push(report),
        ...options,
      })(post({ events: [wireEvent()] }, { cookie }), { waitUntil });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 0, event_ids: [], skipped: 'consent' });
      expect(waitUntil).not.toHaveBeenCalled();
      expect(client.enqueued).toEqual([]);
      expect(reports.at(-1)).toMatchObject({
        stage: 'skipped',
        reason: 'consent',
        source: 'handler',
        event_ids: ['evt_add_to_cart_1'],
      });
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
      // The Tag's copy of a browser event carries the name unmapped: a Segment name would make
      // the two copies two different events.
      [
        'a Segment name',
        { events: [wireEvent({ name: 'Order Completed' })] },
        'invalid_body',
        'events[0].name',
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
      const reports: PinbridgeReport[] = [];
      const handler = createPinHandler({ client, onReport: (report) => reports.push(report) });
      const response = await handler(post(body), { waitUntil: vi.fn() });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ code, path });
      expect(typeof error.message).toBe('string');
      expect(client.enqueued).toEqual([]);
      expect(reports.at(-1)).toMatchObject({ stage: 'refused', code, path, status: 400 });
    });

    it('refuses a body larger than the 16 KiB default with 413', async () => {
      const response = await createPinHandler({ client: fakeClient() })(
        post({ events: [wireEvent({ props: { content_name: 'x'.repeat(70_000) } })] }),
      );
      expect(response.status).toBe(413);
    });

    it("accepts 'custom' and every Pinterest name", async () => {
      const names = [...EVENT_NAMES];
      const events = await deliveredEvents({
        events: names.map((name, index) =>
          wireEvent({ name, event_id: `evt_name_${String(index).padStart(3, '0')}` }),
        ),
      });
      expect(events.map((e) => e.event_name)).toEqual(names);
    });
  });

  it('keeps the events it can build and reports the others (no identifiers in the report)', async () => {
    const reports: PinbridgeReport[] = [];
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const handler = createPinHandler({ client, onReport: (r) => reports.push(r) });
    const request = post({
      events: [
        wireEvent({ event_id: 'evt_known_user', user: { em: 'ada@example.com' } }),
        wireEvent({ event_id: 'evt_anonymous' }),
      ],
    });
    request.headers.delete('x-forwarded-for');
    const response = await handler(request, { waitUntil });
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 1, event_ids: ['evt_known_user'] });
    expect(body.rejected).toEqual([
      { event_id: 'evt_anonymous', path: 'events[1].user_data', message: expect.any(String) },
    ]);
    await settled();
    expect(client.enqueued.map((e) => e.event_id)).toEqual(['evt_known_user']);
    expect(reports.filter((report) => report.stage !== 'received')).toEqual([
      expect.objectContaining({
        stage: 'refused',
        code: 'invalid_event',
        status: 202,
        count: 1,
        event_ids: ['evt_anonymous'],
      }),
      expect.objectContaining({ stage: 'built', count: 1, event_ids: ['evt_known_user'] }),
    ]);
    expect(JSON.stringify(reports)).not.toContain('ada@example.com');
  });

  it('answers 400 when no event can be built', async () => {
    const request = post({ events: [wireEvent()] });
    request.headers.delete('x-forwarded-for');
    const response = await createPinHandler({ client: fakeClient(), onReport: () => {} })(request);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: 'invalid_event',
      path: 'events[0].user_data',
    });
  });

  it('answers 500 and names the missing variable in the report (not the response) without a client', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '');
    const reports: PinbridgeReport[] = [];
    const response = await createPinHandler({ onError: (r) => reports.push(r) })(
      post({ events: [wireEvent()] }),
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('not_configured');
    expect(text).not.toContain('PINTEREST_');
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'error',
        code: 'not_configured',
        source: 'handler',
        event_ids: ['evt_add_to_cart_1'],
      }),
    ]);
    expect(reports[0].message).toContain('PINTEREST_ACCESS_TOKEN');
  });

  it('names every event of a large accepted body in its reports, not only the first 100', async () => {
    const reports: PinbridgeReport[] = [];
    const handler = createPinHandler({
      client: fakeClient(),
      maxEvents: 150,
      maxBodyBytes: 64 * 1024,
      onReport: (r) => reports.push(r),
    });
    const events = Array.from({ length: 150 }, (_, index) =>
      wireEvent({ event_id: `evt_bulk_${String(index).padStart(4, '0')}` }),
    );
    const response = await handler(post({ events }, { 'user-agent': 'Googlebot/2.1' }));
    const answer = await response.json();
    expect(answer).toMatchObject({ skipped: 'bot' });
    const skipped = reports.find((report) => report.stage === 'skipped');
    expect(skipped?.count).toBe(150);
    expect(skipped?.event_ids).toHaveLength(150);
  });

  it('names the missing variable in the 500 itself in development only, never a value', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
    vi.stubEnv('NODE_ENV', 'development');
    const quiet = { onError: () => undefined, debug: false };
    const response = await createPinHandler(quiet)(post({ events: [wireEvent()] }));
    const body = await response.json();
    expect(body.error.message).toBe(
      'Pinterest delivery is not configured: set PINTEREST_ACCESS_TOKEN on the server',
    );
    expect(JSON.stringify(body)).not.toContain('549755885175');
  });

  it('tells the whole course of a request in one report stream, and problems alone to onError', async () => {
    const all: PinbridgeReport[] = [];
    const problems: PinbridgeReport[] = [];
    const client = {
      ...fakeClient(),
      enqueue: vi.fn(() => Promise.reject(new Error('redis down'))),
    };
    const { waitUntil, settled } = fakeWaitUntil();
    const handler = createPinHandler({
      client,
      onReport: (report) => all.push(report),
      onError: (report) => problems.push(report),
    });
    const user = { em: 'ada@example.com', ge: 'x' };
    await handler(post({ events: [wireEvent({ user })] }), { waitUntil });
    await settled();
    expect(all.map((report) => report.stage)).toEqual([
      'received',
      'value_dropped',
      'built',
      'error',
    ]);
    for (const report of all) expect(report.source).toBe('handler');
    expect(problems).toEqual([
      expect.objectContaining({
        stage: 'error',
        code: 'enqueue_failed',
        event_ids: ['evt_add_to_cart_1'],
      }),
    ]);
  });

  describe('delivery past the response', () => {
    it('flushes within maxFlushMs where the platform freezes after the response', async () => {
      const client = fakeClient();
      const { waitUntil, settled } = fakeWaitUntil();
      const handler = createPinHandler({ client, flushAfterResponse: true, maxFlushMs: 1500 });
      expect((await handler(post({ events: [wireEvent()] }), { waitUntil })).status).toBe(202);
      await settled();
      expect(client.enqueued).toHaveLength(1);
      expect(client.flushes).toEqual([{ timeoutMs: 1500 }]);
    });

    it('detects such a platform from its environment, and never flushes elsewhere', async () => {
      const deliver = async (options: PinHandlerOptions = {}) => {
        const client = fakeClient();
        const { waitUntil, settled } = fakeWaitUntil();
        await createPinHandler({ client, ...options })(post({ events: [wireEvent()] }), {
          waitUntil,
        });
        await settled();
        return client.flushes;
      };
      vi.stubEnv('VERCEL', '');
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
      vi.stubEnv('NETLIFY', '');
      vi.stubEnv('K_SERVICE', '');
      vi.stubEnv('FUNCTIONS_WORKER_RUNTIME', '');
      expect(await deliver()).toEqual([]);
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'pin');
      expect(await deliver()).toEqual([{ timeoutMs: 2000 }]);
      expect(await deliver({ flushAfterResponse: false })).toEqual([]);
    });

    it("uses the platform's request context when the adapter gives no waitUntil", async () => {
      const context = Symbol.for('@next/request-context');
      const scope = globalThis as unknown as Record<symbol, unknown>;
      const { waitUntil, promises } = fakeWaitUntil();
      scope[context] = { get: () => ({ waitUntil }) };
      try {
        const client = fakeClient();
        await createPinHandler({ client })(post({ events: [wireEvent()] }));
        expect(promises).toHaveLength(1);
        await promises[0];
        expect(client.enqueued).toHaveLength(1);
      } finally {
        delete scope[context];
      }
    });

    it('queues before answering when nothing can carry the delivery', async () => {
      const client = fakeClient();
      const response = await createPinHandler({ client })(post({ events: [wireEvent()] }));
      expect(response.status).toBe(202);
      expect(client.enqueued).toHaveLength(1);
    });

    it('reports a throwing waitUntil and still queues', async () => {
      const reports: PinbridgeReport[] = [];
      const client = fakeClient();
      const handler = createPinHandler({ client, onError: (report) => reports.push(report) });
      const response = await handler(post({ events: [wireEvent()] }), {
        waitUntil: () => {
          throw new TypeError('no context');
        },
      });
      expect(response.status).toBe(202);
      expect(client.enqueued).toHaveLength(1);
      expect(reports).toEqual([
        expect.objectContaining({ stage: 'error', code: 'wait_until_failed' }),
      ]);
    });

    it('uses the process-wide client when given none', async () => {
      const client = fakeClient();
      setPinterestClient(client);
      const response = await createPinHandler()(post({ events: [wireEvent()] }));
      expect(response.status).toBe(202);
      expect(client.enqueued).toHaveLength(1);
    });
  });

  it.each([
    [{ maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ maxEvents: 1.5 }, 'maxEvents'],
    [{ maxFlushMs: -1 }, 'maxFlushMs'],
    [{ maxEventAgeSeconds: Number.NaN }, 'maxEventAgeSeconds'],
    [{ rateLimit: { requestsPerMinute: 0 } }, 'rateLimit.requestsPerMinute'],
    [{ allowedOrigins: ['not a url'] }, 'allowedOrigins[0]'],
  ])(
    'refuses nonsense options at creation with PinbridgeError invalid_config: %j',
    (options, path) => {
      const attempt = () => createPinHandler(options as PinHandlerOptions);
      expect(attempt).toThrow(PinbridgeError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_config', path }));
    },
  );
});
