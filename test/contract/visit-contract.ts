// The visit cookies every middleware adapter sets, written once and run against each (Express,
// Fastify, Hono): the same document request gets the same cookies as from Next's proxy (see
// packages/next/test/proxy.cases.ts), other requests none. An adapter joins with a
// `VisitAdapter`: a server whose pages answer with the Cookie header they received.
import type { PinterestEvent } from '@pinbridge/core';
import type { VisitOptions } from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_UA } from './contract.js';
import { fakeClient, sha256 } from './fake-client.js';

/** A server with the adapter's cookie middleware in front of pages that echo their Cookie header. */
export interface ServedPages {
  /** The socket peer of the suite's connections, where the adapter resolves one. */
  peerIp?: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface VisitAdapter {
  serve(options: VisitOptions): Promise<ServedPages>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Set-Cookie headers by name: the value and the lowercased attributes. */
function setCookies(response: Response) {
  const cookies = new Map<string, { value: string; attributes: string[] }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    cookies.set(pair.slice(0, separator), {
      value: decodeURIComponent(pair.slice(separator + 1)),
      attributes: attributes.map((attribute) => attribute.toLowerCase()),
    });
  }
  return cookies;
}

/** Runs the visit-cookie contract against `adapter`. */
export function describeVisitContract(name: string, adapter: VisitAdapter): void {
  describe(`visit cookies: ${name}`, () => {
    let served: ServedPages | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    async function start(options: VisitOptions = {}) {
      served = await adapter.serve({ debug: false, ...options });
      const pages = served;
      const page = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
        pages.request(path, {
          method,
          headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER_UA, ...headers },
        });
      return { page, served: pages };
    }

    it('refuses a page_visit option that is none of its values when created, before any request', async () => {
      const sendPageVisit = { gpc: 'sometimes' as 'ldp' };
      await expect(adapter.serve({ debug: false, sendPageVisit })).rejects.toThrow(
        expect.objectContaining({ code: 'invalid_config', path: 'sendPageVisit.gpc' }),
      );
    });

    it('mints a browser id and a page-view id on a document navigation, and the page sees them', async () => {
      const { page } = await start();
      const response = await page('/products/1');
      const cookies = setCookies(response);
      expect([...cookies.keys()]).toEqual(['_pb_bid', '_pb_pv']);
      expect(cookies.get('_pb_bid')?.value).toMatch(UUID);
      expect(cookies.get('_pb_pv')?.value).toMatch(UUID);
      expect(cookies.get('_pb_bid')?.attributes).toEqual([
        'path=/',
        'max-age=31536000',
        'samesite=lax',
      ]);
      expect(cookies.get('_pb_pv')?.attributes).toContain('max-age=60');
      expect(await response.text()).toBe(
        `_pb_bid=${cookies.get('_pb_bid')?.value}; _pb_pv=${cookies.get('_pb_pv')?.value}`,
      );
    });

    it('copies epik into _epik, Secure behind an https proxy, and keeps an existing browser id', async () => {
      const { page } = await start();
      const response = await page('/?epik=dj0yJnU9TESTCLICK', {
        cookie: '_pb_bid=known-browser-1',
        'x-forwarded-proto': 'https',
      });
      const cookies = setCookies(response);
      expect([...cookies.keys()]).toEqual(['_epik', '_pb_pv']);
      expect(cookies.get('_epik')?.value).toBe('dj0yJnU9TESTCLICK');
      for (const { attributes } of cookies.values()) expect(attributes).toContain('secure');
    });

    it.each([
      ['a fetch()', '/', { 'sec-fetch-dest': 'empty' }, 'GET'],
      ['a script', '/app', { 'sec-fetch-dest': 'script' }, 'GET'],
      ['a file', '/assets/app.js', {}, 'GET'],
      ['a speculation prefetch', '/products/2', { 'sec-purpose': 'prefetch;prerender' }, 'GET'],
      ['a POST', '/', {}, 'POST'],
    ])('leaves %s alone', async (_, path, headers, method) => {
      const { page } = await start();
      const response = await page(path, headers, method);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.text()).toBe('');
    });

    it('sets nothing without the consent it requires, everything once granted, nothing once denied', async () => {
      const { page } = await start({ requireConsent: true });
      expect((await page('/?epik=C')).headers.getSetCookie()).toEqual([]);
      const granted = await page('/?epik=C', { cookie: '_pb_consent=granted' });
      expect([...setCookies(granted).keys()]).toEqual(['_epik', '_pb_bid', '_pb_pv']);
      const denied = await page('/?epik=C', { cookie: '_pb_consent=denied' });
      expect(denied.headers.getSetCookie()).toEqual([]);
    });

    it('sends the page_visit from the server when asked, with the visitor’s address', async () => {
      const client = fakeClient();
      const { page, served } = await start({ sendPageVisit: { client } });
      const response = await page('/products/1?epik=CLICK1', {
        cookie: '_pb_bid=browser-42',
        'x-forwarded-for': '198.51.100.66',
      });
      const pageView = setCookies(response).get('_pb_pv')?.value ?? '';
      expect(pageView).toMatch(/^[0-9a-f-]{36}\.s$/);
      await vi.waitFor(() => expect(client.enqueued).toHaveLength(1));
      const [sent] = client.enqueued as PinterestEvent[];
      expect(sent).toMatchObject({ event_name: 'page_visit', event_id: pageView.slice(0, -2) });
      expect(sent.event_source_url).toMatch(/\/products\/1\?epik=CLICK1$/);
      expect(sent.user_data).toMatchObject({
        client_user_agent: BROWSER_UA,
        click_id: 'CLICK1',
        external_id: [await sha256('browser-42')],
      });
      // A visitor's own X-Forwarded-For never names the address where the adapter has a socket.
      if (served.peerIp) expect(sent.user_data.client_ip_address).toBe(served.peerIp);
    });
  });
}
