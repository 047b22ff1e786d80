import { createPinHandler, type PinHandlerOptions, pinterestVisit } from '@pinbridge/core/server';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { randomEventId } from '../../react/src/event-id.js';
import { fakeClient, postPin, wireEvent } from './server-helpers.js';

// The check settles once per process; each test starts from a fresh process's state.
const SETTLED = Symbol.for('@pinbridge/core/visit-check');

/** A page_visit as the tag component posts it, with `event_id` minted by the browser unless given. */
const pageVisit = (event_id = randomEventId()) =>
  wireEvent({ name: 'page_visit', event_id, props: undefined });

/** The Cookie header a browser sends after `pinterestVisit` answered its page load. */
function cookiesAfterLanding(): { cookie: string; pageViewId: string } {
  const visit = pinterestVisit(
    new Request('https://shop.test/products/1', { headers: { 'sec-fetch-dest': 'document' } }),
  );
  if (!visit || visit.revoked) throw new Error('expected a visit');
  const cookie = visit.setCookies.map((line) => line.split(';')[0]).join('; ');
  return { cookie, pageViewId: visit.pageViewId };
}

describe('the development check that the proxy runs', () => {
  let warn: MockInstance<typeof console.warn>;
  const handler = (options: PinHandlerOptions = {}) =>
    createPinHandler({ client: fakeClient(), debug: false, ...options });
  const warnings = () => warn.mock.calls.map(([line]) => String(line));

  beforeEach(() => {
    vi.stubEnv('NODE_ENV', 'development');
    delete (globalThis as Record<symbol, unknown>)[SETTLED];
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('says once per process that a page view came without the cookie the proxy sets', async () => {
    const post = handler();
    expect((await post(postPin({ events: [pageVisit()] }))).status).toBe(202);
    expect(warnings()).toEqual([
      '[pinbridge] a page view reached the handler without the _pb_bid cookie the proxy sets ' +
        'when a page loads: the proxy or middleware calling pinterestVisit() is not running on your pages.',
    ]);
    // A second browser, and another handler of the same process: nothing more.
    await post(postPin({ events: [pageVisit()] }));
    await handler()(postPin({ events: [wireEvent(), pageVisit()] }));
    expect(warnings()).toHaveLength(1);
  });

  it("ends with the adapter's hint", async () => {
    await handler({ missingVisitHint: 'put it in src/proxy.ts.' })(
      postPin({ events: [pageVisit()] }),
    );
    expect(warnings()[0]).toMatch(/when a page loads: put it in src\/proxy\.ts\.$/);
  });

  it('stays silent when the proxy ran: the page view it minted, then client navigations', async () => {
    const { cookie, pageViewId } = cookiesAfterLanding();
    const post = handler();
    await post(postPin({ events: [pageVisit(pageViewId)] }, { cookie }));
    await post(postPin({ events: [pageVisit()] }, { cookie }));
    // The cookies later deleted mid-visit: the proxy was proven, no false alarm.
    await post(postPin({ events: [pageVisit()] }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('stays silent when the proxy sent the page view itself (sendPageVisit): its _pb_bid is there', async () => {
    const { cookie } = cookiesAfterLanding();
    await handler()(postPin({ events: [pageVisit(), wireEvent()] }, { cookie }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('ignores posts without a page view (a tracked click before any page view reached it)', async () => {
    await handler()(postPin({ events: [wireEvent()] }));
    expect(warn).not.toHaveBeenCalled();
    await handler()(postPin({ events: [pageVisit()] }));
    expect(warnings()).toHaveLength(1);
  });

  it.each<[string, PinHandlerOptions]>([
    ['requireConsent', { requireConsent: true }],
    ['a consent cookie', { consent: { cookie: 'cmp', granted: ['all'] } }],
    ['a consent function', { consent: () => true }],
  ])(
    'does not watch where consent is required (%s): the proxy waits for it',
    async (_, options) => {
      const cookie = '_pb_consent=granted; cmp=all';
      await handler(options)(postPin({ events: [pageVisit()] }, { cookie }));
      expect(warn).not.toHaveBeenCalled();
    },
  );

  it('watches a consent cookie made optional again (requireConsent: false)', async () => {
    const options = { consent: { cookie: 'cmp', granted: ['all'] }, requireConsent: false };
    await handler(options)(postPin({ events: [pageVisit()] }));
    expect(warnings()).toHaveLength(1);
  });

  it('is off with missingVisitHint: false, in production and in tests', async () => {
    await handler({ missingVisitHint: false })(postPin({ events: [pageVisit()] }));
    vi.stubEnv('NODE_ENV', 'production');
    await handler()(postPin({ events: [pageVisit()] }));
    vi.stubEnv('NODE_ENV', 'test');
    await handler()(postPin({ events: [pageVisit()] }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing for events it does not send (a crawler, a refusal)', async () => {
    await handler()(postPin({ events: [pageVisit()] }, { 'user-agent': 'Googlebot/2.1' }));
    await handler()(postPin({ events: [pageVisit()] }, { cookie: '_pb_consent=denied' }));
    expect(warn).not.toHaveBeenCalled();
  });
});
