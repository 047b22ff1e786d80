import type { NextApiRequest, NextApiResponse } from 'next';
import { deliverAfter } from '../server/deliver-after.js';
import { createPinPipeline, type PinterestPipelineOptions } from '../server/pipeline.js';
import { type ClientIpOptions, ipFromHeaders } from '../server/request-context.js';
import type { WaitUntil } from '../server/schedule.js';
import type { PinterestUser } from '../server/user.js';
import { pagesBody } from './pages-body.js';

/** Options of {@link createPinterestApiRoute}. */
export interface PinterestApiRouteOptions
  extends PinterestPipelineOptions<NextApiRequest>,
    ClientIpOptions<NextApiRequest> {
  /** The signed-in user (e.g. from `getServerSession(req, res, authOptions)`); wins over browser values. */
  getUser?: (
    req: NextApiRequest,
    res: NextApiResponse,
  ) => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;
  /** Your platform's waitUntil (e.g. from @vercel/functions); tried before the platform's request context. */
  waitUntil?: WaitUntil;
}

function toHeaders(req: NextApiRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value);
  }
  return headers;
}

function clientIp(req: NextApiRequest, headers: Headers, options: PinterestApiRouteOptions) {
  if (options.getClientIp) return options.getClientIp(req) || undefined;
  // Without a trusted header, the socket peer is the visitor (no proxy in front).
  return ipFromHeaders(headers, options.trustedIpHeaders) ?? req.socket?.remoteAddress;
}

const firstValue = (headers: Headers, name: string) => headers.get(name)?.split(',')[0]?.trim();

/**
 * The Pages Router version of `createPinterestHandler`, for `pages/api/pin.ts`, with the same
 * checks and answers. It answers 202 first, then delivers in the same invocation (the Pages
 * Router has no `after()`): through `waitUntil` or the platform's request context when there is
 * one, else by awaiting. Turn Next's body parser off, as below: the route then reads the raw
 * stream itself, stops at `maxBodyBytes` while reading, and refuses invalid UTF-8, where Next's
 * parser would read up to 1 MB and decode leniently. With the parser on, the route still works
 * and checks what it parsed.
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
  const handle = createPinPipeline<NextApiRequest>(options);
  const { getUser } = options;
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return void res
        .status(405)
        .json({ error: { code: 'method_not_allowed', message: 'use POST', path: '' } });
    }
    const headers = toHeaders(req);
    const outcome = await handle({
      raw: req,
      headers,
      ip: () => clientIp(req, headers, options),
      secure: firstValue(headers, 'x-forwarded-proto') === 'https',
      readBody: (maxBytes) => pagesBody(req, maxBytes),
      getUser: getUser && (() => getUser(req, res)),
    });
    for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
    if (outcome.setCookies?.length) res.setHeader('Set-Cookie', outcome.setCookies);
    res.status(outcome.status).json(outcome.body);
    if (outcome.delivery) {
      await deliverAfter(outcome.delivery, { waitUntil: options.waitUntil }, options.onError);
    }
  };
}
