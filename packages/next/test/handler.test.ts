import type { PinbridgeReport, PushResult } from '@pinbridge/core';
import { PinbridgeError } from '@pinbridge/core';
import type { NextRequest } from 'next/server.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createPinterestHandler,
  eventIdFor,
  flushPinterest,
  getPinterestClient,
  sendPinterestEvent,
  setPinterestClient,
} from '../src/server.js';
import { deferred, fakeClient, fakeWaitUntil, sha256 } from './helpers.js';
import { BROWSER_UA, postPin as post, wireEvent } from './wire.js';

describe('createPinterestHandler (App Router)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setPinterestClient(undefined);
  });

  it('answers 202 with the accepted ids before the events are stored', async () => {
    const pending = deferred<PushResult>();
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
    let stored = false;
    void promises[0].then(() => {
      stored = true;
    });
    await Promise.resolve();
    expect(stored).toBe(false);
    pending.resolve({ evicted: [], refused: [] });
    await promises[0];
    expect(stored).toBe(true);
  });

  it('builds spec events from the NextRequest, and hands your callbacks that NextRequest', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const consent = vi.fn(
      (request: Request) => (request as NextRequest).nextUrl.pathname === '/api/pin',
    );
    const getUser = vi.fn((request: Request) => {
      expect((request as NextRequest).nextUrl.hostname).toBe('shop.test');
      return { email: ' Ada@Example.com ', id: 'user-1' };
    });
    const { POST } = createPinterestHandler({ client, waitUntil, consent, getUser });
    const response = await POST(post({ events: [wireEvent()] }, { cookie: '_pb_bid=browser-77' }));
    expect(response.status).toBe(202);
    await settled();
    expect(consent).toHaveBeenCalledTimes(1);
    expect(client.enqueued[0]).toMatchObject({
      event_name: 'add_to_cart',
      user_data: {
        client_ip_address: '203.0.113.5',
        client_user_agent: BROWSER_UA,
        em: [await sha256('ada@example.com')],
        external_id: [await sha256('user-1'), await sha256('browser-77')],
      },
    });
  });

  it("reports Next's after() failing outside a request scope and queues before answering", async () => {
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    const { POST } = createPinterestHandler({ client, onError: (report) => reports.push(report) });
    const response = await POST(post({ events: [wireEvent()] }));
    expect(response.status).toBe(202);
    expect(client.enqueued).toHaveLength(1);
    expect(reports).toEqual([
      expect.objectContaining({ stage: 'error', code: 'wait_until_failed' }),
    ]);
  });

  describe('consent configured once in withPinterest', () => {
    const published = (rule: object) =>
      vi.stubEnv(
        'NEXT_PUBLIC_PINBRIDGE',
        JSON.stringify({ src: '/_pb/t.js', endpoint: '/api/pin', ...rule }),
      );

    const sent = async (
      cookie: string,
      options: Parameters<typeof createPinterestHandler>[0] = {},
    ) => {
      const client = fakeClient();
      const { waitUntil, settled } = fakeWaitUntil();
      const { POST } = createPinterestHandler({ client, waitUntil, ...options });
      const response = await POST(post({ events: [wireEvent()] }, cookie ? { cookie } : {}));
      await settled();
      return { body: await response.json(), sent: client.enqueued.length };
    };

    it('defaults to the published rule: the CMP cookie, required', async () => {
      published({ consent: { cookie: 'cmp', granted: ['all'], denied: ['none'] } });
      expect(await sent('')).toMatchObject({ sent: 0, body: { skipped: 'consent' } });
      expect(await sent('_pb_consent=granted')).toMatchObject({ sent: 0 });
      expect(await sent('cmp=none')).toMatchObject({ sent: 0 });
      expect(await sent('cmp=all')).toMatchObject({ sent: 1 });
    });

    it('lets the handler’s own options win, key by key', async () => {
      published({ consent: { cookie: 'cmp', granted: ['all'] }, requireConsent: true });
      expect(await sent('', { requireConsent: false })).toMatchObject({ sent: 1 });
      expect(await sent('cmp=all', { consent: { cookie: 'other' } })).toMatchObject({ sent: 0 });
      expect(await sent('other=granted', { consent: { cookie: 'other' } })).toMatchObject({
        sent: 1,
      });
    });

    it('keeps its own default when the published settings hold no rule', async () => {
      published({});
      expect(await sent('')).toMatchObject({ sent: 1 });
    });

    it('refuses a rule that is not one, at creation', () => {
      published({ consent: { granted: 'all' } });
      expect(() => createPinterestHandler()).toThrow(
        expect.objectContaining({
          code: 'invalid_config',
          path: 'NEXT_PUBLIC_PINBRIDGE.consent.granted',
        }),
      );
      vi.stubEnv('NEXT_PUBLIC_PINBRIDGE', '{"consent":');
      expect(() => createPinterestHandler()).toThrow(
        expect.objectContaining({ code: 'invalid_config', path: 'NEXT_PUBLIC_PINBRIDGE' }),
      );
      expect(() => createPinterestHandler()).toThrow(PinbridgeError);
    });

    it('refuses published settings that are JSON but not an object, at creation', () => {
      for (const notAnObject of ['[]', '"x"', 'null', '1']) {
        vi.stubEnv('NEXT_PUBLIC_PINBRIDGE', notAnObject);
        expect(() => createPinterestHandler(), notAnObject).toThrow(
          expect.objectContaining({
            code: 'invalid_config',
            path: 'NEXT_PUBLIC_PINBRIDGE',
            message: expect.stringContaining('must be the JSON object withPinterest writes'),
          }),
        );
      }
    });
  });

  it('answers 500 and names the missing variable in the report (not the response) without a client', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '');
    const reports: PinbridgeReport[] = [];
    const { POST } = createPinterestHandler({
      onError: (r) => reports.push(r),
      waitUntil: () => undefined,
    });
    const response = await POST(post({ events: [wireEvent()] }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('not_configured');
    expect(text).not.toContain('PINTEREST_');
    expect(reports[0]).toMatchObject({
      stage: 'error',
      code: 'not_configured',
      event_ids: ['evt_add_to_cart_1'],
    });
    expect(reports[0].message).toContain('PINTEREST_ACCESS_TOKEN');
  });

  it('shares the process-wide client with sendPinterestEvent, and flushPinterest flushes it', async () => {
    const client = fakeClient();
    setPinterestClient(client);
    expect(getPinterestClient()).toBe(client);
    const { POST } = createPinterestHandler({ waitUntil: () => undefined });
    expect((await POST(post({ events: [wireEvent()] }))).status).toBe(202);
    const event_id = eventIdFor('checkout', 'ORD-1');
    const result = await sendPinterestEvent(
      { name: 'checkout', event_id },
      { headers: new Headers({ 'user-agent': BROWSER_UA, 'x-forwarded-for': '203.0.113.5' }) },
    );
    expect(result).toEqual({ event_id, event_name: 'checkout', status: 'queued' });
    await vi.waitFor(() => expect(client.enqueued).toHaveLength(2));
    expect(client.flushes).toEqual([]);
    await flushPinterest({ timeoutMs: 1000 });
    expect(client.flushes).toEqual([{ timeoutMs: 1000 }]);
  });
});
