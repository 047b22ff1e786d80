// The development line of every middleware adapter (Express, Fastify, Hono) when a page view
// reaches /api/pin without the cookies its middleware sets on page loads (core's visit check,
// packages/core/src/server/visit-check.ts), written once and run against each with the adapter's
// own wording: said once per process where the app is mounted the way the wording warns against,
// silent where the middleware ran, in production, and ending with the app's own
// `missingVisitHint` when it gives one. Next's are in packages/next/test/dev-checks.test.ts.
import type { PinHandlerOptions, VisitOptions } from '@pinbridge/core/server';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { randomEventId } from '../../packages/react/src/event-id.js';
import { BROWSER_UA, wireEvent } from './contract.js';
import { fakeClient } from './fake-client.js';
import type { ServedPages } from './visit-contract.js';

/** Core's handler and visit options, as each adapter's own options take them. */
export type VisitCheckOptions = PinHandlerOptions & VisitOptions;

/** An app with pinbridge and a page at `/products/:id`; `/api/pin` is served either way. */
export interface VisitCheckAdapter {
  /** pinbridge mounted as the adapter's README says: its cookies reach the page. */
  serve(options: VisitCheckOptions): Promise<ServedPages>;
  /** pinbridge mounted as the adapter's wording warns against: the page is answered without it. */
  serveMisplaced(options: VisitCheckOptions): Promise<ServedPages>;
}

const LINE_START =
  '[pinbridge] a page view reached the handler without the _pb_bid cookie the proxy sets when ' +
  'a page loads: ';

// The check settles once per process; each test starts as a freshly started dev server would.
const SETTLED = Symbol.for('@pinbridge/core/visit-check');

/** A page_visit as the tag component posts it: its id minted by the browser unless given. */
const pageVisit = (event_id = randomEventId()) =>
  wireEvent({ name: 'page_visit', event_id, props: undefined });

/** Runs the visit-check contract against `adapter`, whose line ends with `hint`. */
export function describeVisitCheckContract(
  name: string,
  adapter: VisitCheckAdapter,
  hint: string,
): void {
  describe(`development visit check: ${name}`, () => {
    let served: ServedPages | undefined;
    let warn: MockInstance<typeof console.warn>;
    const warnings = () => warn.mock.calls.map(([line]) => String(line));

    beforeEach(() => {
      vi.stubEnv('NODE_ENV', 'development');
      delete (globalThis as Record<symbol, unknown>)[SETTLED];
      warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    });
    afterEach(async () => {
      await served?.close();
      served = undefined;
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    });

    async function start(misplaced: boolean, options: VisitCheckOptions = {}) {
      const settings = { client: fakeClient(), debug: false, ...options };
      served = await (misplaced ? adapter.serveMisplaced(settings) : adapter.serve(settings));
      const app = served;
      const page = () =>
        app.request('/products/1', {
          headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER_UA },
        });
      const post = (events: unknown[], cookie?: string) =>
        app.request('/api/pin', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': BROWSER_UA,
            ...(cookie ? { cookie } : {}),
          },
          body: JSON.stringify({ events }),
        });
      return { page, post };
    }

    it('says where the middleware belongs, once per process, when the page was served without it', async () => {
      const { page, post } = await start(true);
      expect((await page()).headers.getSetCookie()).toEqual([]);
      expect((await post([pageVisit()])).status).toBe(202);
      expect(warnings()).toEqual([LINE_START + hint]);
      await post([pageVisit()]);
      expect(warnings()).toHaveLength(1);
    });

    it('is silent when the middleware set its cookies on the page load', async () => {
      const { page, post } = await start(false);
      const pairs = (await page()).headers.getSetCookie().map((line) => line.split(';')[0]);
      const pageView = pairs.find((pair) => pair.startsWith('_pb_pv='));
      expect(pageView).toBeDefined();
      const cookie = pairs.join('; ');
      // A client navigation (its id minted by the browser) with the page load's _pb_bid, then the
      // page load's own page view.
      expect((await post([pageVisit()], cookie)).status).toBe(202);
      await post([pageVisit(decodeURIComponent(pageView?.slice(7) ?? ''))], cookie);
      expect(warn).not.toHaveBeenCalled();
    });

    it("ends with the app's own missingVisitHint", async () => {
      const { post } = await start(true, { missingVisitHint: 'see docs/tracking.md.' });
      await post([pageVisit()]);
      expect(warnings()).toEqual([`${LINE_START}see docs/tracking.md.`]);
    });

    it('is silent in production', async () => {
      vi.stubEnv('NODE_ENV', 'production');
      const { post } = await start(true);
      expect((await post([pageVisit()])).status).toBe(202);
      expect(warn).not.toHaveBeenCalled();
    });
  });
}
