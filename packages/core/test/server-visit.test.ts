import type { PinbridgeReport } from '@pinbridge/core';
import { isDocumentRequest, pinterestVisit } from '@pinbridge/core/server';
import { readPageViewCookie } from '@pinbridge/core/wire';
import { describe, expect, it } from 'vitest';
import { fakeClient, sha256 } from './server-helpers.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function page(url = 'http://shop.test/products/1', headers: Record<string, string> = {}) {
  return new Request(url, {
    headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER, ...headers },
  });
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
    const visit = pinterestVisit(
      page('https://shop.test/?epik=dj0yJnU9TEST', { cookie: 'theme=dark' }),
    );
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
    const visit = pinterestVisit(
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
    const tooLong = pinterestVisit(
      page(`http://shop.test/?epik=${'e'.repeat(600)}`, { cookie: '_pb_bid=<bad>' }),
    );
    expect(tooLong?.clickId).toBeUndefined();
    expect(tooLong?.setCookies.some((cookie) => cookie.startsWith('_epik='))).toBe(false);
    expect(tooLong?.browserIdMinted).toBe(true);
    const crafted = pinterestVisit(
      page('http://shop.test/', {
        cookie: `_epik=${encodeURIComponent(`${'e'.repeat(8000)}<x>"'`)}`,
      }),
    );
    expect(crafted?.clickId).toBeUndefined();
    const fine = pinterestVisit(page('http://shop.test/?epik=dj0yJnU9_ab-c.d~e%2Bf%3D'));
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
    const visit = pinterestVisit(request, {
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
    const visit = pinterestVisit(anonymous, { sendPageVisit: { client: fakeClient(), onReport } });
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
});
