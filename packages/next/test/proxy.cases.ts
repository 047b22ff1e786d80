import type { NextFetchEvent } from 'next/server.js';
import { NextRequest, NextResponse } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { applyPinterestCookies, pinterestProxy } from '../src/proxy.js';
import type { PinbridgeReport } from '../src/server.js';
import { fakeClient, fakeWaitUntil, setCookies, sha256, UUID } from './helpers.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0';

function page(url = 'http://shop.test/products/1', headers: Record<string, string> = {}) {
  return new NextRequest(url, {
    headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER, ...headers },
  });
}

/** The proxy's behaviour, run once under Node and once under the Edge runtime. */
export function describeProxy(runtime: string): void {
  describe(`pinterestProxy (${runtime})`, () => {
    const proxy = pinterestProxy();

    it('refuses a page_visit option that is none of its values when created', () => {
      expect(() => pinterestProxy({ sendPageVisit: { gpc: 'sometimes' as 'ldp' } })).toThrow(
        expect.objectContaining({ code: 'invalid_config', path: 'sendPageVisit.gpc' }),
      );
    });

    it('mints a browser id and a page-view id on a document navigation', () => {
      const response = proxy(page());
      const cookies = setCookies(response);
      expect(cookies.get('_pb_bid')?.value).toMatch(UUID);
      expect(cookies.get('_pb_pv')?.value).toMatch(UUID);
      expect(cookies.get('_pb_bid')?.attributes).toEqual(
        expect.arrayContaining(['path=/', 'max-age=31536000', 'samesite=lax']),
      );
      expect(cookies.get('_pb_pv')?.attributes).toContain('max-age=60');
      for (const { attributes } of cookies.values()) {
        expect(attributes).not.toContain('httponly');
        expect(attributes).not.toContain('secure');
      }
      expect(response.headers.get('x-middleware-next')).toBe('1');
    });

    it('copies epik into a readable, one-year, SameSite=Lax _epik cookie, Secure on https', () => {
      const cookies = setCookies(proxy(page('https://shop.test/?epik=dj0yJnU9TESTCLICK')));
      const epik = cookies.get('_epik');
      expect(epik?.value).toBe('dj0yJnU9TESTCLICK');
      expect(epik?.attributes).toEqual(
        expect.arrayContaining(['path=/', 'max-age=31536000', 'samesite=lax', 'secure']),
      );
      expect(epik?.attributes).not.toContain('httponly');
      for (const { attributes } of cookies.values()) expect(attributes).toContain('secure');
    });

    it('treats x-forwarded-proto https as https', () => {
      const cookies = setCookies(
        proxy(page('http://shop.test/', { 'x-forwarded-proto': 'https' })),
      );
      expect(cookies.get('_pb_pv')?.attributes).toContain('secure');
    });

    it('keeps an existing browser id and mints a fresh page-view id per request', () => {
      const request = () =>
        page('http://shop.test/', { cookie: '_pb_bid=known-browser-1; _epik=OLD' });
      const first = setCookies(proxy(request()));
      const second = setCookies(proxy(request()));
      expect(first.has('_pb_bid')).toBe(false);
      expect(first.has('_epik')).toBe(false);
      expect(first.get('_pb_pv')?.value).not.toBe(second.get('_pb_pv')?.value);
    });

    it('forwards the new cookies on the request, for server components of the same request', () => {
      const response = proxy(page());
      const pageView = setCookies(response).get('_pb_pv')?.value;
      expect(response.headers.get('x-middleware-override-headers')).toContain('cookie');
      expect(response.headers.get('x-middleware-request-cookie')).toContain(`_pb_pv=${pageView}`);
    });

    it.each([
      ['with cookies', { cookie: 'theme=dark; _pb_bid=known-browser-1', accept: 'text/html' }],
      ['without a Cookie header', { 'accept-language': 'en, fr;q=0.8' }],
    ])('forwards every request header as NextResponse.next({ request }) does, %s', (_, extra) => {
      const request = page('http://shop.test/products/1', extra);
      const response = proxy(request);
      const forwarded = new Headers(request.headers);
      forwarded.set('cookie', response.headers.get('x-middleware-request-cookie') ?? '');
      const expected = NextResponse.next({ request: { headers: forwarded } }).headers;
      // What Next reads back: the listed names (in any order) and one value per name.
      const middlewareHeaders = (headers: Headers) => {
        const entries = [...headers].filter(([name]) => name.startsWith('x-middleware-'));
        return new Map(
          entries.map(([name, value]) =>
            name === 'x-middleware-override-headers'
              ? [name, value.split(',').sort().join(',')]
              : [name, value],
          ),
        );
      };
      expect(middlewareHeaders(response.headers)).toEqual(middlewareHeaders(expected));
      expect(response.headers.get('x-middleware-override-headers')?.split(',')).toContain(
        'user-agent',
      );
    });

    it.each([
      ['a fetch()', page('http://shop.test/', { 'sec-fetch-dest': 'empty' })],
      ['a script', page('http://shop.test/app', { 'sec-fetch-dest': 'script' })],
      ['an RSC request', page('http://shop.test/products/2', { rsc: '1' })],
      ['a router prefetch', page('http://shop.test/products/2', { 'next-router-prefetch': '1' })],
      ['a purpose: prefetch', page('http://shop.test/products/2', { purpose: 'prefetch' })],
      [
        'a speculation prefetch',
        page('http://shop.test/products/2', { 'sec-purpose': 'prefetch;prerender' }),
      ],
      ['a Next asset', page('http://shop.test/_next/static/chunks/main.js')],
      ['a file', page('http://shop.test/favicon.ico')],
      [
        'a POST',
        new NextRequest('http://shop.test/', {
          method: 'POST',
          headers: { 'sec-fetch-dest': 'document' },
        }),
      ],
    ])('leaves %s alone', (_, request) => {
      const response = proxy(request);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.headers.has('x-middleware-override-headers')).toBe(false);
    });

    it('sets nothing without consent when consent is required, and everything once granted', () => {
      const gated = pinterestProxy({ requireConsent: true });
      expect(gated(page('http://shop.test/?epik=C')).headers.getSetCookie()).toEqual([]);
      const granted = setCookies(
        gated(page('http://shop.test/?epik=C', { cookie: '_pb_consent=granted' })),
      );
      expect([...granted.keys()].sort()).toEqual(['_epik', '_pb_bid', '_pb_pv']);
    });

    it("reads your CMP's cookie, or lets your function decide", () => {
      const cmp = pinterestProxy({
        consent: { cookie: 'cmp', granted: ['all'], denied: ['none'] },
      });
      expect(cmp(page()).headers.getSetCookie()).toEqual([]);
      expect(cmp(page('http://shop.test/', { cookie: 'cmp=none' })).headers.getSetCookie()).toEqual(
        [],
      );
      expect(setCookies(cmp(page('http://shop.test/', { cookie: 'cmp=all' }))).has('_pb_pv')).toBe(
        true,
      );
      const decided = pinterestProxy({
        consent: (request) => request.headers.get('x-consent') === 'yes',
      });
      expect(decided(page()).headers.getSetCookie()).toEqual([]);
      expect(setCookies(decided(page('http://shop.test/', { 'x-consent': 'yes' }))).size).toBe(2);
    });

    it('sets nothing after an explicit denial, even when consent is not required', () => {
      const response = proxy(page('http://shop.test/?epik=C', { cookie: '_pb_consent=denied' }));
      expect(response.headers.getSetCookie()).toEqual([]);
    });

    describe('a visitor who refused consent', () => {
      const refused = () =>
        page('https://shop.test/?epik=NEW', {
          cookie: '_pb_consent=denied; _pb_bid=browser-1; theme=dark; _epik=OLD',
        });
      const expectDeleted = (response: Response) => {
        const cookies = setCookies(response);
        expect([...cookies.keys()]).toEqual(['_epik', '_pb_bid']);
        for (const { value, attributes } of cookies.values()) {
          expect(value).toBe('');
          expect(attributes).toEqual(
            expect.arrayContaining(['path=/', 'max-age=0', 'samesite=lax', 'secure']),
          );
        }
      };

      it('has the ids it still carries deleted, and the render sees none of them', () => {
        const reports: PinbridgeReport[] = [];
        const response = pinterestProxy({ onReport: (report) => reports.push(report) })(refused());
        expectDeleted(response);
        expect(response.headers.get('x-middleware-request-cookie')).toBe(
          '_pb_consent=denied; theme=dark',
        );
        expect(reports).toEqual([
          expect.objectContaining({ stage: 'skipped', source: 'proxy', reason: 'consent' }),
        ]);
      });

      it('has them deleted on a response of yours, and your response function sees none', () => {
        let seen: string[] = [];
        const response = pinterestProxy({
          response: (request) => {
            seen = request.cookies.getAll().map(({ name }) => name);
            return NextResponse.next();
          },
        })(refused());
        expectDeleted(response);
        expect(seen).toEqual(['_pb_consent', 'theme']);
      });

      it('has applyPinterestCookies delete them and return the revocation', () => {
        const response = NextResponse.next();
        expect(applyPinterestCookies(refused(), response)).toMatchObject({ revoked: true });
        expectDeleted(response);
      });

      it('sends no page_visit', () => {
        const client = fakeClient();
        const { waitUntil, promises } = fakeWaitUntil();
        const send = pinterestProxy({ sendPageVisit: { client } });
        send(refused(), { waitUntil } as unknown as NextFetchEvent);
        expect(promises).toHaveLength(0);
      });
    });

    it('sends the page_visit itself when asked, through event.waitUntil, and marks the cookie', async () => {
      const client = fakeClient();
      const { waitUntil, promises, settled } = fakeWaitUntil();
      const event = { waitUntil } as unknown as NextFetchEvent;
      const request = page('https://shop.test/products/1?epik=CLICK1', {
        cookie: '_pb_bid=browser-42',
        'x-forwarded-for': '203.0.113.7',
      });
      const response = pinterestProxy({ sendPageVisit: { client } })(request, event);
      const pageView = setCookies(response).get('_pb_pv')?.value ?? '';
      expect(pageView).toMatch(/^[0-9a-f-]{36}\.s$/);
      expect(promises).toHaveLength(1);
      // Delivery is handed over, not done inline: nothing was enqueued before the response returned.
      expect(client.enqueued).toHaveLength(0);
      await settled();
      const [sent] = client.enqueued;
      expect(sent.event_name).toBe('page_visit');
      expect(sent.event_id).toBe(pageView.slice(0, -2));
      expect(sent.event_source_url).toBe('https://shop.test/products/1?epik=CLICK1');
      expect(sent.user_data).toMatchObject({
        client_ip_address: '203.0.113.7',
        client_user_agent: BROWSER,
        click_id: 'CLICK1',
        external_id: [await sha256('browser-42')],
      });
    });

    it('reports a page_visit it cannot build, by id', async () => {
      const reports: PinbridgeReport[] = [];
      const { waitUntil, settled } = fakeWaitUntil();
      const send = pinterestProxy({
        sendPageVisit: { client: fakeClient(), onReport: (r) => reports.push(r) },
      });
      // No IP and no user agent: Pinterest could match the event to nobody.
      const anonymous = new NextRequest('http://shop.test/', {
        headers: { 'sec-fetch-dest': 'document' },
      });
      const response = send(anonymous, { waitUntil } as unknown as NextFetchEvent);
      await settled();
      const pageView = setCookies(response).get('_pb_pv')?.value.slice(0, -2);
      expect(reports).toEqual([
        expect.objectContaining({
          stage: 'refused',
          source: 'proxy',
          code: 'invalid_event',
          count: 1,
          event_ids: [pageView],
        }),
      ]);
    });

    it('sends no page_visit for a prefetch', () => {
      const client = fakeClient();
      const { waitUntil, promises } = fakeWaitUntil();
      const send = pinterestProxy({ sendPageVisit: { client } });
      send(page('http://shop.test/', { rsc: '1' }), { waitUntil } as unknown as NextFetchEvent);
      expect(promises).toHaveLength(0);
    });

    it('decorates a response of yours, given as an object or built from the request', () => {
      const rewrite = NextResponse.rewrite(new URL('http://shop.test/en/products/1'));
      const withObject = pinterestProxy({ response: rewrite })(page());
      expect(withObject).toBe(rewrite);
      expect(setCookies(withObject).has('_pb_pv')).toBe(true);

      let seen: string | undefined;
      const built = pinterestProxy({
        response: (request) => {
          seen = request.cookies.get('_pb_pv')?.value;
          return NextResponse.next();
        },
      })(page());
      expect(seen).toBe(setCookies(built).get('_pb_pv')?.value);
    });

    it('applyPinterestCookies decorates any response and returns the ids it wrote', () => {
      const response = NextResponse.next();
      const visit = applyPinterestCookies(page('http://shop.test/?epik=E1'), response);
      expect(visit).toMatchObject({ clickId: 'E1', browserIdMinted: true, sentByServer: false });
      expect(setCookies(response).get('_pb_pv')?.value).toBe(
        visit?.revoked === false ? visit.pageViewId : 'not a visit',
      );
      const prefetch = page('http://shop.test/', { 'next-router-prefetch': '1' });
      expect(applyPinterestCookies(prefetch, NextResponse.next())).toBeUndefined();
    });
  });
}
