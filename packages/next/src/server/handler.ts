import { createPinHandler, type PinHandlerOptions, type WaitUntil } from '@pinbridge/core/server';
import { withDefaultConsent } from './default-consent.js';
import { nextAfter } from './next-after.js';
import { NEXT_PROXY_HINT } from './proxy-hint.js';

/** Options of {@link createPinterestHandler}: core's handler options, plus your own `waitUntil`. */
export interface PinterestHandlerOptions extends PinHandlerOptions {
  /** Your platform's waitUntil; used instead of Next's `after()`. */
  waitUntil?: WaitUntil;
}

/**
 * The App Router endpoint for the browser hook's events (`app/api/pin/route.ts`): core's
 * `createPinHandler` with Next's `after()` carrying the queueing past the response, so the
 * visitor never waits on Pinterest. Consent defaults to what `withPinterest(config, { consent,
 * requireConsent })` configured. Do not set `runtime = 'edge'` on the route: Next 16 deprecates
 * it and the Node runtime hashes faster. A refused request gets a 4xx JSON
 * `{ error: { code, message, path } }` (see `BodyError`); only a server without Pinterest
 * credentials answers 500 (under `next dev` its message names the missing variable). Under
 * `next dev` it also says, once, when page views arrive without the cookies the proxy sets
 * (`missingVisitHint`: where proxy.ts or middleware.ts belongs).
 *
 * @example
 * // app/api/pin/route.ts
 * import { createPinterestHandler } from '@pinbridge/next/server';
 * import { auth } from '@/auth';
 *
 * export const { POST } = createPinterestHandler({
 *   getUser: async () => {
 *     const session = await auth();
 *     return session?.user ? { email: session.user.email, id: session.user.id } : null;
 *   },
 * });
 */
export function createPinterestHandler(options: PinterestHandlerOptions = {}): {
  POST: (request: Request) => Promise<Response>;
} {
  const { waitUntil = nextAfter, ...rest } = options;
  const handle = createPinHandler(
    withDefaultConsent({ missingVisitHint: NEXT_PROXY_HINT, ...rest }),
  );
  return {
    POST(request) {
      return handle(request, { waitUntil });
    },
  };
}
