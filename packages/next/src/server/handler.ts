import { isHttps } from '../shared/is-https.js';
import { deliverAfter } from './deliver-after.js';
import { nextAfter } from './next-after.js';
import { createPinPipeline, type PinResponse, type PinterestPipelineOptions } from './pipeline.js';
import { readWebBody } from './read-body.js';
import { type ClientIpOptions, clientIpOf } from './request-context.js';
import type { WaitUntil } from './schedule.js';
import type { PinterestUser } from './user.js';

/** Options of {@link createPinterestHandler}. */
export interface PinterestHandlerOptions
  extends PinterestPipelineOptions<Request>,
    ClientIpOptions<Request> {
  /**
   * The signed-in user, read on the server (session, auth library). Its values win over the
   * identifiers the browser sent. Default: none.
   */
  getUser?: (
    request: Request,
  ) => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;
  /** Your platform's waitUntil; tried before Next's `after()` and the platform's request context. */
  waitUntil?: WaitUntil;
}

function toResponse(outcome: PinResponse): Response {
  const response = Response.json(outcome.body, {
    status: outcome.status,
    headers: outcome.headers,
  });
  for (const cookie of outcome.setCookies ?? []) response.headers.append('set-cookie', cookie);
  return response;
}

/**
 * The App Router endpoint for the browser hook's events (`app/api/pin/route.ts`). It answers 202
 * at once and delivers to Pinterest after the response, so the visitor never waits on Pinterest.
 * Do not set `runtime = 'edge'` on the route: Next 16 deprecates it and the Node runtime hashes
 * faster. A refused request gets a 4xx JSON `{ error: { code, message, path } }` (see
 * `BodyError`); only a server without Pinterest credentials answers 500.
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
  const handle = createPinPipeline<Request>(options);
  const { getUser } = options;
  return {
    async POST(request) {
      const outcome = await handle({
        raw: request,
        url: request.url,
        headers: request.headers,
        ip: () => clientIpOf(request, options),
        secure: isHttps(request),
        readBody: (maxBytes) => readWebBody(request, maxBytes),
        getUser: getUser && (() => getUser(request)),
      });
      if (outcome.delivery) {
        await deliverAfter(
          outcome.delivery,
          { waitUntil: options.waitUntil, after: nextAfter },
          options.onError,
        );
      }
      return toResponse(outcome);
    },
  };
}
