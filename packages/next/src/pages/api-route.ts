import { toNodeHandler } from '@pinbridge/core/node';
import {
  createPinHandler,
  type GetUser,
  type PinHandlerOptions,
  type WaitUntil,
} from '@pinbridge/core/server';
import type { NextApiRequest, NextApiResponse } from 'next';
import { withDefaultConsent } from '../server/default-consent.js';
import { NEXT_PROXY_HINT } from '../server/proxy-hint.js';

/** Options of {@link createPinterestApiRoute}. */
export interface PinterestApiRouteOptions extends Omit<PinHandlerOptions, 'getUser'> {
  /** The signed-in user (e.g. from `getServerSession(req, res, authOptions)`); wins over browser values. */
  getUser?: GetUser<[req: NextApiRequest, res: NextApiResponse]>;
  /** Your platform's waitUntil (e.g. from @vercel/functions); tried before the platform's request context. */
  waitUntil?: WaitUntil;
}

/**
 * The Pages Router version of `createPinterestHandler`, for `pages/api/pin.ts`: core's handler
 * through `toNodeHandler`, with the same checks and answers (the Pages Router routes every method
 * to the one function: all but POST get 405 with `Allow: POST`). It answers 202 first, then queues in the
 * same invocation (the Pages Router has no `after()`): through `waitUntil` or the platform's
 * request context when there is one, else before the returned promise settles. Your `consent`,
 * `ldp.getRegion` and `getClientIp` receive the Web `Request`; `getUser` gets `req` and `res`.
 * Turn Next's body parser off, as below: the route then reads the raw stream itself, stops at
 * `maxBodyBytes` while reading, and refuses invalid UTF-8, where Next's parser would read up to
 * 1 MB and decode leniently. With the parser on, the route still works and checks what it parsed.
 * The `next dev` self-checks are the App Router handler's (the proxy not running, the missing
 * variable named in the 500).
 *
 * @example
 * // pages/api/pin.ts
 * import { createPinterestApiRoute } from '@pinbridge/next/pages';
 *
 * export const config = { api: { bodyParser: false } };
 * export default createPinterestApiRoute({ requireConsent: true });
 */
export function createPinterestApiRoute(
  options: PinterestApiRouteOptions = {},
): (req: NextApiRequest, res: NextApiResponse) => Promise<void> {
  const { getUser, waitUntil, ...rest } = options;
  return toNodeHandler<NextApiRequest, NextApiResponse>(
    createPinHandler(withDefaultConsent({ missingVisitHint: NEXT_PROXY_HINT, ...rest })),
    { context: (req, res) => ({ waitUntil, getUser: getUser && (() => getUser(req, res)) }) },
  );
}
