import { PinbridgeError, type PinbridgeReport, validateEvents } from '@pinbridge/core';
import {
  assertVisitOptions,
  isDocumentRequest,
  type PinterestVisit,
  pinterestVisit,
  type VisitOptions,
} from '@pinbridge/core/server';
import { readPageViewCookie } from '@pinbridge/core/wire';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../../../test/helpers/schema.js';
import { fakeClient, sha256 } from './server-helpers.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function page(url = 'http://shop.test/products/1', headers: Record<string, string> = {}) {
  return new Request(url, {
    headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER, ...headers },
  });
}

/** The visit of a request whose visitor did not refuse consent: a revocation fails the test. */
function granted(request: Request, options?: VisitOptions): PinterestVisit | undefined {
  const visit = pinterestVisit(request, options);
  if (visit?.revoked) throw new Error('a revocation, not a visit');
  return visit;
}

describe('isDocumentRequest', () => {
  it.each([
    ['a navigation', page(), true],
    [
      'a navigation without sec-fetch-dest (an old browser, curl)',
      new Request('http://shop.test/a'),
      true,
    ],
    ['a fetch()', page('http://shop.test/', { 'sec-fetch-dest': 'empty' }), false],
    ['an RSC request', page('http://shop.test/p', { rsc: '1' }), false],
    ['a router prefetch', page('http://shop.test/p', { 'next-router-prefetch': '1' }), false],
    [
      'a speculation prefetch',
      page('http://shop.test/p', { 'sec-purpose': 'prefetch;prerender' }),
      false,
    ],
    ['a Next asset', page('http://shop.test/_next/static/chunks/main.js'), false],
    ['a file', page('http://shop.test/favicon.ico'), false],
    ['a file with a query', page('http://shop.test/logo.png?v=2'), false],
    ['a path with a dot in a folder', page('http://shop.test/v1.2/page'), true],
    [
      'a POST',
      new Request('http://shop.test/', {
        method: 'POST',
        headers: { 'sec-fetch-dest': 'document' },
      }),
      false,
    ],
  ])('%s: %s', (_, request, expected) => {
    expect(isDocumentRequest(request)).toBe(expected);
  });
});

describe('pinterestVisit', () => {
  it('mints the ids of a first visit, as Set-Cookie values and as the Cookie header for the render', () => {
    const visit = granted(page('https://shop.test/?epik=dj0yJnU9TEST', { cookie: 'theme=dark' }));
    expect(visit).toMatchObject({
      clickId: 'dj0yJnU9TEST',
      clickIdFromUrl: true,
      browserIdMinted: true,
      sentByServer: false,
      secure: true,
    });
    expect(visit?.browserId).toMatch(UUID);
    expect(visit?.pageViewId).toMatch(UUID);
    expect(visit?.setCookies).toEqual([
      '_epik=dj0yJnU9TEST; Path=/; Max-Age=31536000; SameSite=Lax; Secure',
      `_pb_bid=${visit?.browserId}; Path=/; Max-Age=31536000; SameSite=Lax; Secure`,
      `_pb_pv=${visit?.pageViewId}; Path=/; Max-Age=60; SameSite=Lax; Secure`,
    ]);
    expect(visit?.cookieHeader).toBe(
      `theme=dark; _epik=dj0yJnU9TEST; _pb_bid=${visit?.browserId}; _pb_pv=${visit?.pageViewId}`,
    );
    expect(visit?.delivery).toBeUndefined();
  });

  it('keeps a valid browser id, replaces a stale page-view id in the forwarded header', () => {
    const visit = granted(
      page('http://shop.test/', {
        cookie: '_pb_pv=old-view-1; _pb_bid=known-browser-1; _epik=OLD',
      }),
    );
    expect(visit).toMatchObject({
      browserId: 'known-browser-1',
      browserIdMinted: false,
      clickId: 'OLD',
    });
    expect(visit?.cookies.map(([name]) => name)).toEqual(['_pb_pv']);
    expect(visit?.cookieHeader).toBe(
      `_pb_bid=known-browser-1; _epik=OLD; _pb_pv=${visit?.pageViewId}`,
    );
    expect(visit?.setCookies[0]).not.toContain('Secure');
  });

  it('drops a click id that is not one, from the URL or the cookie, and mints a browser id for one that breaks the id rule', () => {
    const tooLong = granted(
      page(`http://shop.test/?epik=${'e'.repeat(600)}`, { cookie: '_pb_bid=<bad>' }),
    );
    expect(tooLong?.clickId).toBeUndefined();
    expect(tooLong?.setCookies.some((cookie) => cookie.startsWith('_epik='))).toBe(false);
    expect(tooLong?.browserIdMinted).toBe(true);
    const crafted = granted(
      page('http://shop.test/', {
        cookie: `_epik=${encodeURIComponent(`${'e'.repeat(8000)}<x>"'`)}`,
      }),
    );
    expect(crafted?.clickId).toBeUndefined();
    const fine = granted(page('http://shop.test/?epik=dj0yJnU9_ab-c.d~e%2Bf%3D'));
    expect(fine?.clickId).toBe('dj0yJnU9_ab-c.d~e+f=');
  });

  it('sets nothing for a background request or without consent', () => {
    expect(pinterestVisit(page('http://shop.test/', { rsc: '1' }))).toBeUndefined();
    expect(pinterestVisit(page(), { requireConsent: true })).toBeUndefined();
    expect(
      pinterestVisit(page('http://shop.test/', { cookie: '_pb_consent=denied' })),
    ).toBeUndefined();
    const cmp = { consent: { cookie: 'cmp', granted: ['all'] } };
    expect(pinterestVisit(page(), cmp)).toBeUndefined();
    expect(pinterestVisit(page('http://shop.test/', { cookie: 'cmp=all' }), cmp)).toBeDefined();
    const decide = { consent: (request: Request) => request.headers.get('x-consent') === 'yes' };
    expect(pinterestVisit(page(), decide)).toBeUndefined();
    expect(pinterestVisit(page('http://shop.test/', { 'x-consent': 'yes' }), decide)).toBeDefined();
  });

  it('queues the page_visit itself when asked, marks the cookie, and reports as the proxy', async () => {
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    const request = page('https://shop.test/products/1?epik=CLICK1', {
      cookie: '_pb_bid=browser-42',
      'x-forwarded-for': '203.0.113.7',
    });
    const visit = granted(request, {
      sendPageVisit: { client, onReport: (report) => reports.push(report) },
    });
    const pageView = visit?.cookies.find(([name]) => name === '_pb_pv')?.[1] ?? '';
    expect(readPageViewCookie(pageView)).toEqual({
      eventId: visit?.pageViewId,
      sentByServer: true,
    });
    expect(client.enqueued).toHaveLength(0);
    await visit?.delivery;
    const [sent] = client.enqueued;
    expect(sent).toMatchObject({
      event_name: 'page_visit',
      event_id: visit?.pageViewId,
      event_source_url: 'https://shop.test/products/1?epik=CLICK1',
      user_data: {
        client_ip_address: '203.0.113.7',
        client_user_agent: BROWSER,
        click_id: 'CLICK1',
        external_id: [await sha256('browser-42')],
      },
    });
    expect(reports).toEqual([
      expect.objectContaining({ stage: 'built', source: 'proxy', event_ids: [visit?.pageViewId] }),
    ]);
  });

  it('reports a page_visit it cannot build, by id', async () => {
    const reports: PinbridgeReport[] = [];
    const onReport = (report: PinbridgeReport) => reports.push(report);
    // No IP and no user agent: Pinterest could match the event to nobody.
    const anonymous = new Request('http://shop.test/', {
      headers: { 'sec-fetch-dest': 'document' },
    });
    const visit = granted(anonymous, { sendPageVisit: { client: fakeClient(), onReport } });
    await visit?.delivery;
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'refused',
        source: 'proxy',
        code: 'invalid_event',
        event_ids: [visit?.pageViewId],
      }),
    ]);
  });

  describe('a visitor who refused consent', () => {
    const ids = '_pb_bid=browser-42; theme=dark; _epik=CLICK1; _pb_pv=view-1';

    it('is forgotten: a deletion of each id the request carries, none set, the render without them', () => {
      const reports: PinbridgeReport[] = [];
      const visit = pinterestVisit(
        page('https://shop.test/?epik=NEWCLICK', { cookie: `_pb_consent=denied; ${ids}` }),
        { sendPageVisit: { client: fakeClient() }, onReport: (report) => reports.push(report) },
      );
      expect(visit).toEqual({
        revoked: true,
        secure: true,
        cookies: [
          ['_epik', '', 0],
          ['_pb_bid', '', 0],
          ['_pb_pv', '', 0],
        ],
        setCookies: [
          '_epik=; Path=/; Max-Age=0; SameSite=Lax; Secure',
          '_pb_bid=; Path=/; Max-Age=0; SameSite=Lax; Secure',
          '_pb_pv=; Path=/; Max-Age=0; SameSite=Lax; Secure',
        ],
        cookieHeader: '_pb_consent=denied; theme=dark',
      });
      expect(reports).toEqual([
        {
          stage: 'skipped',
          source: 'proxy',
          reason: 'consent',
          message: 'consent refused; visitor ids deleted (_epik, _pb_bid, _pb_pv)',
          event_ids: [],
          count: 0,
        },
      ]);
    });

    it('deletes only the ids it sees, on http without Secure, when a consent function says no', () => {
      const visit = pinterestVisit(page('http://shop.test/', { cookie: '_pb_bid=browser-42' }), {
        consent: () => false,
      });
      expect(visit?.setCookies).toEqual(['_pb_bid=; Path=/; Max-Age=0; SameSite=Lax']);
      expect(visit?.cookieHeader).toBe('');
    });

    it.each([
      ['consent is pending (required, no cookie yet)', ids, { requireConsent: true }],
      [
        'the cookie holds a value neither granted nor denied',
        `cmp=necessary; ${ids}`,
        { consent: { cookie: 'cmp', granted: ['all'] } },
      ],
      ['there is no id to delete', '_pb_consent=denied; theme=dark', {}],
    ])('sets nothing when %s', (_, cookie, options) => {
      expect(pinterestVisit(page('http://shop.test/', { cookie }), options)).toBeUndefined();
    });

    it('leaves a background request alone', () => {
      const cookie = `_pb_consent=denied; ${ids}`;
      expect(pinterestVisit(page('http://shop.test/', { cookie, rsc: '1' }))).toBeUndefined();
    });
  });

  describe('Global Privacy Control on the page_visit it sends', () => {
    const gpc = (headers: Record<string, string> = {}) =>
      page('https://shop.test/', { 'sec-gpc': '1', 'x-forwarded-for': '203.0.113.7', ...headers });

    async function pageVisit(request: Request, options: Record<string, unknown> = {}) {
      const client = fakeClient();
      const reports: PinbridgeReport[] = [];
      const visit = granted(request, {
        sendPageVisit: { client, onReport: (report) => reports.push(report), ...options },
      });
      if (visit?.revoked) throw new Error('not a visit');
      await visit?.delivery;
      return { visit, sent: client.enqueued, reports };
    }

    it('flags it for Limited Data Processing by default, with the state when the platform tells it', async () => {
      const { sent } = await pageVisit(
        gpc({ 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'NY' }),
      );
      expect(sent).toHaveLength(1);
      expect(sent[0].custom_data).toEqual({ opt_out_type: 'LDP' });
      expect(sent[0].user_data.st).toEqual([await sha256('ny')]);
      expect(sent[0].user_data.country).toEqual([await sha256('us')]);
      expect(validateEvents({ data: sent })).toEqual({ valid: true, errors: [] });
      if (schemaValidator) expect(schemaValidator({ data: sent }).errors).toEqual([]);
    });

    it('sends none with gpc: drop, reported, and still keeps the ids', async () => {
      const { visit, sent, reports } = await pageVisit(gpc(), { gpc: 'drop' });
      expect(sent).toEqual([]);
      expect(visit?.setCookies).toHaveLength(2);
      expect(reports).toEqual([
        expect.objectContaining({
          stage: 'skipped',
          source: 'proxy',
          reason: 'gpc',
          event_ids: [visit?.pageViewId],
        }),
      ]);
    });

    it.each([
      ['gpc: ignore', gpc(), { gpc: 'ignore' }],
      ['no Sec-GPC: 1', gpc({ 'sec-gpc': '0' }), {}],
    ])('leaves it unflagged with %s', async (_, request, options) => {
      const { sent } = await pageVisit(request, options);
      expect(sent[0].custom_data).toBeUndefined();
      expect(sent[0].user_data.st).toBeUndefined();
    });

    it('refuses an unknown gpc option, naming it', () => {
      const visit = () => pinterestVisit(page(), { sendPageVisit: { gpc: 'sometimes' as 'ldp' } });
      expect(visit).toThrow(PinbridgeError);
      expect(visit).toThrow(
        expect.objectContaining({ code: 'invalid_config', path: 'sendPageVisit.gpc' }),
      );
    });
  });

  it('throws for an adapter to call at startup what pinterestVisit would throw per request', () => {
    expect(() => assertVisitOptions({ sendPageVisit: { trustProxy: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'invalid_config', path: 'sendPageVisit.trustProxy' }),
    );
    expect(() =>
      assertVisitOptions({ sendPageVisit: { gpc: 'drop', trustProxy: 2 } }),
    ).not.toThrow();
    expect(() => assertVisitOptions({ sendPageVisit: true })).not.toThrow();
  });

  it('refuses a trustProxy that is not a whole number of hops, naming it, on any request', () => {
    const asset = new Request('http://shop.test/logo.png', { headers: { 'user-agent': BROWSER } });
    for (const request of [page(), asset]) {
      const visit = () => pinterestVisit(request, { sendPageVisit: { trustProxy: -1 } });
      expect(visit).toThrow(
        expect.objectContaining({ code: 'invalid_config', path: 'sendPageVisit.trustProxy' }),
      );
    }
  });
});
