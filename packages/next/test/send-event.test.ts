import { PinbridgeError } from '@pinbridge/core';
import { NextRequest } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { eventIdFor, sendPinterestEvent } from '../src/server.js';
import { fakeClient, sha256 } from './helpers.js';

const headers = {
  'user-agent': 'Mozilla/5.0 Firefox/131.0',
  'x-forwarded-for': '198.51.100.20',
  referer: 'https://shop.test/checkout',
  cookie: '_pb_bid=browser-9; _epik=CLICK9',
};

describe('sendPinterestEvent', () => {
  it('sends one event now, with the visitor of the request, and returns its outcome', async () => {
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
        request: new NextRequest('https://shop.test/api/webhook', { method: 'POST', headers }),
        client,
      },
    );
    expect(result).toEqual({ event_id, event_name: 'checkout', status: 'processed' });
    expect(client.flushes).toBe(1);
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
    expect(sent.event_id.length).toBeGreaterThan(7);
  });

  it('returns a failed outcome as Pinterest gave it', async () => {
    const client = fakeClient(['evt_rejected_1']);
    const result = await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_rejected_1' },
      { headers: new Headers(headers), client },
    );
    expect(result).toMatchObject({ status: 'failed', error_message: 'Invalid event' });
  });

  it('skips a visitor who denied consent', async () => {
    const client = fakeClient();
    const denied = new Headers({ ...headers, cookie: '_pb_consent=denied' });
    const result = await sendPinterestEvent(
      { name: 'lead', event_id: 'evt_lead_0001' },
      { headers: denied, client },
    );
    expect(result).toEqual({
      event_id: 'evt_lead_0001',
      event_name: 'lead',
      status: 'skipped',
      reason: 'consent',
    });
    expect(client.enqueued).toEqual([]);
  });

  it('asks your consent function (a webhook has no visitor cookie), and applies LDP', async () => {
    const client = fakeClient();
    const refused = await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_01' },
      { headers: new Headers(headers), client, consent: () => false },
    );
    expect(refused).toMatchObject({ status: 'skipped', reason: 'consent' });
    expect(client.enqueued).toEqual([]);

    await sendPinterestEvent(
      { name: 'checkout', event_id: 'evt_checkout_02', props: { value: 10, currency: 'USD' } },
      {
        headers: new Headers(headers),
        client,
        consent: () => true,
        ldp: { states: ['CA'], getRegion: () => ({ country: 'US', region: 'CA' }) },
      },
    );
    const [event] = client.enqueued;
    expect(event.custom_data).toMatchObject({ opt_out_type: 'LDP', value: '10' });
    expect(event.user_data.st).toEqual([await sha256('ca')]);
    expect(event.user_data.country).toEqual([await sha256('us')]);
  });

  it('throws for an unknown name instead of silently sending custom', async () => {
    await expect(
      sendPinterestEvent({ name: 'Cart Abandoned' }, { client: fakeClient() }),
    ).rejects.toThrow(PinbridgeError);
  });
});
