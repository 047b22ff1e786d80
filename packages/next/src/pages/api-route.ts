import type { NextApiRequest, NextApiResponse } from 'next';
import { type PinterestPipelineOptions, processPinRequest } from '../server/pipeline.js';
import { decodeJson } from '../server/read-body.js';
import { type ClientIpOptions, ipFromHeaders } from '../server/request-context.js';
import { runAfterResponse, type WaitUntil } from '../server/schedule.js';
import type { PinterestUser } from '../server/user.js';

/** Options of {@link createPinterestApiRoute}. */
export interface PinterestApiRouteOptions
  extends PinterestPipelineOptions,
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

/**
 * The Pages Router version of `createPinterestHandler`, for `pages/api/pin.ts`. It answers 202
 * first, then delivers in the same invocation (the Pages Router has no `after()`): through
 * `waitUntil` or the platform's request context when there is one, else by awaiting. Keep Next's
 * default body parser on; text/plain bodies from sendBeacon are parsed here.
 *
 * @example
 * // pages/api/pin.ts
 * import { createPinterestApiRoute } from '@pinbridge/next/pages';
 *
 * export default createPinterestApiRoute({ requireConsent: true });
 */
export function createPinterestApiRoute(
  options: PinterestApiRouteOptions = {},
): (req: NextApiRequest, res: NextApiResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return void res
        .status(405)
        .json({ error: { code: 'method_not_allowed', message: 'use POST', path: '' } });
    }
    const body = typeof req.body === 'string' ? decodeJson(req.body) : { value: req.body };
    if ('error' in body) return void res.status(body.status).json({ error: body.error });
    const headers = toHeaders(req);
    const { getUser } = options;
    const outcome = await processPinRequest(
      {
        headers,
        body: body.value,
        ip: clientIp(req, headers, options),
        secure: headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https',
        getUser: getUser && (() => getUser(req, res)),
      },
      options,
    );
    if (outcome.setCookies?.length) res.setHeader('Set-Cookie', outcome.setCookies);
    res.status(outcome.status).json(outcome.body);
    if (outcome.delivery)
      await runAfterResponse(outcome.delivery, { waitUntil: options.waitUntil });
  };
}
