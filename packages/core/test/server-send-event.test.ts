import { PinbridgeError, type PinbridgeReport } from '@pinbridge/core';
import { sendPinterestEvent } from '@pinbridge/core/server';
import { eventIdFor } from '@pinbridge/core/wire';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, fakeWaitUntil, sha256 } from './server-helpers.js';

const headers = {
  'user-agent': 'Mozilla/5.0 Firefox/131.0',
  'x-forwarded-for': '198.51.100.20',
  referer: 'https://shop.test/checkout',
  cookie: '_pb_bid=browser-9; _epik=CLICK9',
};

describe('sendPinterestEvent', () => {
  it('queues one event with the visitor of the request, and never flushes per call', async () => {
    const client = fakeClient();
    const event_id = eventIdFor('checkout', 'ORD-9');
    const result = await sendPinterestEvent(
      {
        name: 'checkout',
        event_id,
        props: { value: 10, currency: 'EUR', order_id: 'ORD-9' },
        user: { email: 'Bo@Example.com' },
      },
      {
        request: new Request('https://shop.test/api/webhook', { method: 'POST', headers }),
        client,
      },
    );
    expect(result).toEqual({ event_id, event_name: 'checkout', status: 'queued' });
    expect(client.flushes).toEqual([]);
    const [sent] = client.enqueued;
    expect(sent).toMatchObject({
      event_id,
      event_source_url: 'https://shop.test/checkout',
      custom_data: { value: '10', currency: 'EUR', order_id: 'ORD-9' },
      user_data: {
        client_ip_address: '198.51.100.20',
        click_id: 'CLICK9',
        em: [await sha256('bo@example.com')],
        external_id: [await sha256('browser-9')],
      },
    });
  });

  it('lets many calls share one batch (no flush), or flushes past the response with waitUntil', async () => {
    const client = fakeClient();
    for (const order of ['A-1', 'A-2', 'A-3']) {
      await sendPinterestEvent(
        { name: 'checkout', event_id: eventIdFor('checkout', order) },
        { headers: new Headers(headers), client },
      );
    }
    expect(client.enqueued).toHaveLength(3);
    expect(client.flushes).toEqual([]);
    const { waitUntil, promises } = fakeWaitUntil();
    await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0042' },
      { headers: new Headers(headers), client, waitUntil, maxFlushMs: 800 },
    );
    expect(promises).toHaveLength(1);
    await promises[0];
    expect(client.flushes).toEqual([{ timeoutMs: 800 }]);
  });

  it('reports a flush that throws under waitUntil, and hands waitUntil a task that never rejects', async () => {
    const client = fakeClient();
    client.flush = async () => {
      throw new TypeError('socket hang up');
    };
    const reports: PinbridgeReport[] = [];
    const { waitUntil, promises } = fakeWaitUntil();
    const result = await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0043' },
      { headers: new Headers(headers), client, waitUntil, onReport: (r) => reports.push(r) },
    );
    expect(result.status).toBe('queued');
    await expect(promises[0]).resolves.toBeUndefined();
    expect(reports).toContainEqual(
      expect.objectContaining({ stage: 'error', source: 'server', code: 'flush_failed' }),
    );
  });

  it('works from headers alone (a Server Action), with getUser overriding event.user', async () => {
    const client = fakeClient();
    await sendPinterestEvent(
      {
        name: 'Signed Up',
        url: 'https://shop.test/signup',
        user: { email: 'old@example.com', phone: '+1 650 555 1212' },
      },
      {
        headers: new Headers(headers),
        client,
        getUser: () => ({ email: 'new@example.com', phone: undefined, id: 'user-5' }),
      },
    );
    const [sent] = client.enqueued;
    expect(sent.event_name).toBe('signup');
    expect(sent.event_source_url).toBe('https://shop.test/signup');
    expect(sent.user_data.em).toEqual([await sha256('new@example.com')]);
    expect(sent.user_data.ph).toEqual([await sha256('16505551212')]); // undefined never erases
    expect(sent.user_data.external_id).toEqual([await sha256('user-5'), await sha256('browser-9')]);
    expect(sent.event_id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });

  it('clamps the time as the handler does, and reports it by the same stream', async () => {
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    const day = 24 * 3600 * 1000;
    await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0001', time: new Date(Date.now() - 30 * day) },
      { headers: new Headers(headers), client, onReport: (report) => reports.push(report) },
    );
    const age = Math.floor(Date.now() / 1000) - client.enqueued[0].event_time;
    expect(age).toBeLessThan(7 * 24 * 3600);
    expect(age).toBeGreaterThan(7 * 24 * 3600 - 3600);
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'value_dropped',
        field: 'event_time',
        source: 'server',
        event_ids: ['evt_lead_0001'],
      }),
      expect.objectContaining({ stage: 'built', source: 'server', event_ids: ['evt_lead_0001'] }),
    ]);
  });

  it('checks the event by the wire’s rules before anything else', async () => {
    const client = fakeClient();
    await expect(
      sendPinterestEvent({ name: 'lead', event_id: 'short' }, { client }),
    ).rejects.toMatchObject({ path: 'event_id', code: 'invalid_input' });
    await expect(
      sendPinterestEvent({ name: 'lead', url: 'javascript:alert(1)' }, { client }),
    ).rejects.toMatchObject({ path: 'url' });
    await expect(
      sendPinterestEvent({ name: 'lead', props: [] as never }, { client }),
    ).rejects.toMatchObject({ path: 'props' });
    expect(client.enqueued).toEqual([]);
  });

  it('skips a visitor who denied consent, and reports it', async () => {
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    const denied = new Headers({ ...headers, cookie: '_pb_consent=denied' });
    const result = await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0001' },
      { headers: denied, client, onReport: (report) => reports.push(report) },
    );
    expect(result).toEqual({
      event_id: 'evt_lead_0001',
      event_name: 'lead',
      status: 'skipped',
      reason: 'consent',
    });
    expect(client.enqueued).toEqual([]);
    expect(reports).toEqual([
      expect.objectContaining({ stage: 'skipped', reason: 'consent', source: 'server' }),
    ]);
  });

  it('asks your consent function (a webhook has no visitor cookie), and applies LDP', async () => {
    const client = fakeClient();
    const refused = await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_01' },
      { headers: new Headers(headers), client, consent: () => false },
    );
    expect(refused).toMatchObject({ status: 'skipped', reason: 'consent' });
    expect(client.enqueued).toEqual([]);

    const getRegion = vi.fn((request: Request) => {
      expect(request.headers.get('x-forwarded-for')).toBe('198.51.100.20');
      return { country: 'US', region: 'CA' };
    });
    await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_02', props: { value: 10, currency: 'USD' } },
      {
        headers: new Headers(headers),
        client,
        consent: () => true,
        ldp: { states: ['CA'], getRegion },
      },
    );
    expect(getRegion).toHaveBeenCalledTimes(1);
    const [event] = client.enqueued;
    expect(event.custom_data).toMatchObject({ opt_out_type: 'LDP', value: '10' });
    expect(event.user_data.st).toEqual([await sha256('ca')]);
    expect(event.user_data.country).toEqual([await sha256('us')]);
  });

  it('follows Global Privacy Control in the visitor’s headers: LDP by default, nothing with drop', async () => {
    const client = fakeClient();
    const gpc = new Headers({ ...headers, 'sec-gpc': '1' });
    const flagged = await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_03', props: { value: 10, currency: 'USD' } },
      { headers: gpc, client },
    );
    expect(flagged.status).toBe('queued');
    expect(client.enqueued[0].custom_data).toMatchObject({ opt_out_type: 'LDP', value: '10' });
    const request = new Request('https://shop.test/api/order', { method: 'POST', headers: gpc });
    const dropped = await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_04' },
      { request, client, gpc: 'drop' },
    );
    expect(dropped).toMatchObject({ status: 'skipped', reason: 'gpc' });
    expect(client.enqueued).toHaveLength(1);
    await expect(
      sendPinterestEvent({ name: 'lead' }, { client, gpc: 'off' as 'ignore' }),
    ).rejects.toMatchObject({ code: 'invalid_config', path: 'gpc' });
  });

  it('reports what it dropped, by field, and fails closed when a consent function throws', async () => {
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0003', user: { email: 'a@b.co', country: 'Narnia' } },
      { headers: new Headers(headers), client, onReport: (report) => reports.push(report) },
    );
    expect(reports[0]).toMatchObject({
      stage: 'value_dropped',
      field: 'user_data.country',
      source: 'server',
    });
    const result = await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0004' },
      {
        headers: new Headers(headers),
        client,
        onReport: (report) => reports.push(report),
        consent: () => {
          throw new Error('CMP down');
        },
      },
    );
    expect(result).toMatchObject({ status: 'skipped', reason: 'consent' });
    expect(reports).toContainEqual(
      expect.objectContaining({
        stage: 'error',
        code: 'callback_failed',
        event_ids: ['evt_lead_0004'],
      }),
    );
  });

  it('takes your own names through `mapping`, one mapped to custom included, and only those', async () => {
    const client = fakeClient();
    const mapping = { 'Quote Requested': 'lead', 'Newsletter Opened': 'custom' } as const;
    const options = { headers: new Headers(headers), client, mapping };
    const sent = await Promise.all([
      sendPinterestEvent({ name: 'Quote Requested', event_id: 'evt_quote_0001' }, options),
      sendPinterestEvent({ name: 'Newsletter Opened', event_id: 'evt_news_0001' }, options),
    ]);
    expect(sent.map((result) => result.event_name)).toEqual(['lead', 'custom']);
    expect(client.enqueued.map((event) => event.event_name)).toEqual(['lead', 'custom']);
    // Your mapping replaces core's table: a Segment name it leaves out is unknown.
    await expect(sendPinterestEvent({ name: 'Order Completed' }, options)).rejects.toMatchObject({
      path: 'name',
    });
  });

  it('throws for an unknown name instead of silently sending custom, and for a refused event', async () => {
    await expect(
      sendPinterestEvent({ name: 'Cart Abandoned' }, { client: fakeClient() }),
    ).rejects.toThrow(PinbridgeError);
    await expect(
      sendPinterestEvent({ name: 'lead' }, { client: fakeClient() }),
    ).rejects.toMatchObject({ path: 'user_data' });
    const full = fakeClient({ refuse: ['evt_lead_0009'] });
    await expect(
      sendPinterestEvent(
        { name: 'lead', event_id: 'evt_lead_0009' },
        { headers: new Headers(headers), client: full },
      ),
    ).rejects.toMatchObject({ code: 'queue_full' });
  });
});
