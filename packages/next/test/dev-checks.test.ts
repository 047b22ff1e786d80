// The server-side self-checks of `next dev`: the proxy that is not running, and the missing
// credentials, through the real App Router and Pages Router entry points.
import { NextRequest } from 'next/server.js';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { randomEventId } from '../../react/src/event-id.js';
import { createPinterestApiRoute } from '../src/pages.js';
import { pinterestProxy } from '../src/proxy.js';
import { createPinterestHandler, setPinterestClient } from '../src/server.js';
import { fakeClient } from './helpers.js';
import { serveApiRoute } from './next-api-server.js';
import { postPin, wireEvent } from './wire.js';

const PROXY_LINE =
  '[pinbridge] a page view reached the handler without the _pb_bid cookie the proxy sets when ' +
  'a page loads: the proxy is not running. Next loads proxy.ts (Next 16) or middleware.ts ' +
  '(Next 15 and older) only next to app/ or pages/: with a src/ layout it belongs in ' +
  'src/proxy.ts (or src/middleware.ts), and its matcher must cover your pages.';

// The check settles once per process; each test starts as a fresh `next dev` would.
const SETTLED = Symbol.for('@pinbridge/core/visit-check');

/** A page_visit as the tag component posts it: its id minted by the browser unless given. */
const pageVisit = (event_id = randomEventId()) =>
  wireEvent({ name: 'page_visit', event_id, props: undefined });

/** The Cookie header of a browser whose page load went through `pinterestProxy()`. */
function cookiesAfterProxy(): { cookie: string; pageViewId: string } {
  const response = pinterestProxy()(
    new NextRequest('https://shop.test/products/1', { headers: { 'sec-fetch-dest': 'document' } }),
  );
  const pairs = response.headers.getSetCookie().map((line) => line.split(';')[0]);
  const pageView = pairs.find((pair) => pair.startsWith('_pb_pv='));
  return { cookie: pairs.join('; '), pageViewId: decodeURIComponent(pageView?.slice(7) ?? '') };
}

let warn: MockInstance<typeof console.warn>;
let error: MockInstance<typeof console.error>;
const lines = (spy: MockInstance<(...args: unknown[]) => void>) =>
  spy.mock.calls.map(([line]) => String(line));

beforeEach(() => {
  vi.stubEnv('NODE_ENV', 'development');
  delete (globalThis as Record<symbol, unknown>)[SETTLED];
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // `debug` is on in development: its routine lines are not what these tests read.
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  setPinterestClient(undefined);
});

describe('next dev: the proxy is not running', () => {
  it('App Router: says where the proxy belongs, once per process', async () => {
    const { POST } = createPinterestHandler({ client: fakeClient(), waitUntil: () => undefined });
    expect((await POST(postPin({ events: [pageVisit()] }))).status).toBe(202);
    expect(lines(warn)).toEqual([PROXY_LINE]);
    await POST(postPin({ events: [pageVisit()] }));
    await createPinterestHandler({ client: fakeClient() }).POST(postPin({ events: [pageVisit()] }));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('Pages Router: the same line, under Next’s own apiResolver', async () => {
    const served = await serveApiRoute(createPinterestApiRoute({ client: fakeClient() }), {
      api: { bodyParser: false },
    });
    try {
      const send = () =>
        fetch(served.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 Chrome/130.0' },
          body: JSON.stringify({ events: [pageVisit()] }),
        });
      expect((await send()).status).toBe(202);
      await send();
    } finally {
      await served.close();
    }
    expect(lines(warn)).toEqual([PROXY_LINE]);
  });

  it('is silent when pinterestProxy() ran on the page load', async () => {
    const { cookie, pageViewId } = cookiesAfterProxy();
    const { POST } = createPinterestHandler({ client: fakeClient(), waitUntil: () => undefined });
    await POST(postPin({ events: [pageVisit(pageViewId)] }, { cookie }));
    // A client navigation: the browser mints the id, the proxy's _pb_bid is still there.
    await POST(postPin({ events: [pageVisit()] }, { cookie }));
    expect(warn).not.toHaveBeenCalled();
  });

  it("is silent under withPinterest's requireConsent (the proxy waits for consent) and in production", async () => {
    vi.stubEnv(
      'NEXT_PUBLIC_PINBRIDGE',
      JSON.stringify({ src: '/_pb/t.js', endpoint: '/api/pin', requireConsent: true }),
    );
    await createPinterestHandler({ client: fakeClient() }).POST(
      postPin({ events: [pageVisit()] }, { cookie: '_pb_consent=granted' }),
    );
    vi.stubEnv('NEXT_PUBLIC_PINBRIDGE', '');
    vi.stubEnv('NODE_ENV', 'production');
    await createPinterestHandler({ client: fakeClient() }).POST(postPin({ events: [pageVisit()] }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('is off with missingVisitHint: false', async () => {
    const { POST } = createPinterestHandler({ client: fakeClient(), missingVisitHint: false });
    await POST(postPin({ events: [pageVisit()] }));
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('next dev: no Pinterest credentials', () => {
  beforeEach(() => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
  });

  it('App Router: logs the variable as before, and names it in the 500 body', async () => {
    const { POST } = createPinterestHandler({ waitUntil: () => undefined });
    const response = await POST(postPin({ events: [wireEvent()] }));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: {
        code: 'not_configured',
        message: 'Pinterest delivery is not configured: set PINTEREST_ACCESS_TOKEN on the server',
        path: '',
      },
    });
    expect(lines(error)).toEqual([
      expect.stringMatching(/^\[pinbridge\] handler error: .*PINTEREST_ACCESS_TOKEN/),
    ]);
    expect(lines(error).join()).not.toContain('549755885175');
  });

  it('Pages Router: the same 500 body', async () => {
    const served = await serveApiRoute(createPinterestApiRoute(), { api: { bodyParser: false } });
    try {
      const response = await fetch(served.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 Chrome/130.0' },
        body: JSON.stringify({ events: [wireEvent()] }),
      });
      expect(response.status).toBe(500);
      expect((await response.json()).error.message).toBe(
        'Pinterest delivery is not configured: set PINTEREST_ACCESS_TOKEN on the server',
      );
    } finally {
      await served.close();
    }
  });

  it('keeps the variable out of the 500 body in production (the log still names it)', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const response = await createPinterestHandler({ waitUntil: () => undefined }).POST(
      postPin({ events: [wireEvent()] }),
    );
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toBe('Pinterest delivery is not configured');
    expect(lines(error).join()).toContain('PINTEREST_ACCESS_TOKEN');
  });
});
