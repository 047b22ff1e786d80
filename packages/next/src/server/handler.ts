import { isHttps } from '../shared/is-https.js';
import { nextAfter } from './next-after.js';
import { type PinterestPipelineOptions, processPinRequest } from './pipeline.js';
import { readJsonBody } from './read-body.js';
import { type ClientIpOptions, clientIpOf } from './request-context.js';
import { runAfterResponse, type WaitUntil } from './schedule.js';
import type { PinterestUser } from './user.js';

/** Options of {@link createPinterestHandler}. */
export interface PinterestHandlerOptions
  extends PinterestPipelineOptions,
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

/**
 * The App Router endpoint for the browser hook's events (`app/api/pin/route.ts`). It answers 202
 * at once and delivers to Pinterest after the response, so the visitor never waits on Pinterest.
 * Do not set `runtime = 'edge'` on the route: Next 16 deprecates it and the Node runtime hashes
 * faster.
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
  return {
    async POST(request) {
      const body = await readJsonBody(request);
      if ('error' in body) return Response.json({ error: body.error }, { status: body.status });
      const { getUser } = options;
      const outcome = await processPinRequest(
        {
          headers: request.headers,
          body: body.value,
          ip: clientIpOf(request, options),
          secure: isHttps(request),
          getUser: getUser && (() => getUser(request)),
        },
        options,
      );
      if (outcome.delivery) {
        await runAfterResponse(outcome.delivery, {
          waitUntil: options.waitUntil,
          after: nextAfter,
        });
      }
      const response = Response.json(outcome.body, { status: outcome.status });
      for (const cookie of outcome.setCookies ?? []) response.headers.append('set-cookie', cookie);
      return response;
    },
  };
}
