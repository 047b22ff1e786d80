import type { IncomingMessage } from 'node:http';
import { pinRequestOf } from '@pinbridge/core/node';
import {
  assertVisitOptions,
  createPinHandler,
  type GetUser,
  type PinHandlerOptions,
  pinterestVisit,
  platformWaitUntil,
  toResponse,
  type VisitOptions,
  type WaitUntil,
  withPeerIp,
} from '@pinbridge/core/server';
import type { Context, MiddlewareHandler } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import { MISSING_VISIT_HINT } from './missing-visit-hint.js';

/** Options of {@link pinterest}: core's handler and visit options, Hono's connection info and user. */
export interface PinterestOptions
  extends Omit<PinHandlerOptions, 'getUser' | 'consent'>,
    VisitOptions {
  /** Where the browser hook posts. Default `'/api/pin'`. */
  path?: string;
  /**
   * Your runtime's `getConnInfo` (`@hono/node-server/conninfo`, `hono/bun`, `hono/deno`,
   * `hono/cloudflare-workers`…): the socket's peer is then the visitor's address where no trusted
   * header names one, and `trustProxy` hops count from it. Without it, only headers: the last
   * X-Forwarded-For entry, which a visitor can write unless a proxy of yours does.
   */
  getConnInfo?: GetConnInfo;
  /** The signed-in user, from Hono's context (`c.get('user')`); wins over the browser's values. */
  getUser?: GetUser<[c: Context]>;
}

// On Node, Bun and Deno the process lives on after the response: the delivery runs in it (it
// never rejects, so nothing needs to hold it).
const inProcess: WaitUntil = () => undefined;

/** The invocation's waitUntil: Workers' and Vercel's `c.executionCtx`, else the platform's, else the process. */
function waitUntilOf(c: Context): WaitUntil {
  let context: { waitUntil(task: Promise<unknown>): void } | undefined;
  try {
    context = c.executionCtx;
  } catch {
    // Hono throws when the runtime passed no ExecutionContext (Node, Bun, Deno).
  }
  if (context) return (task) => context.waitUntil(task);
  return platformWaitUntil() ?? inProcess;
}

/**
 * pinbridge for Hono, as one middleware on any runtime: `POST options.path` (default `/api/pin`)
 * answered by core's handler (the body streamed under `maxBodyBytes`: from node:http's request
 * on @hono/node-server, else from `c.req.raw`), and the
 * visit cookies (`_epik`, `_pb_bid`, `_pb_pv`) appended to the response of every document
 * navigation (core's `pinterestVisit`), also set on the request's Cookie header for the render
 * where the runtime lets a request's headers change (Node, Bun). The queueing runs past the
 * response in `c.executionCtx.waitUntil` when there is one, else in the process.
 *
 * @example
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * import { getConnInfo } from '@hono/node-server/conninfo';
 * import { pinterest } from '@pinbridge/hono';
 *
 * const app = new Hono();
 * app.use(pinterest({ getConnInfo }));
 * serve(app);
 */
export function pinterest(options: PinterestOptions = {}): MiddlewareHandler {
  const { path = '/api/pin', getConnInfo, getUser, ...rest } = options;
  assertVisitOptions(rest);
  const handler = createPinHandler({
    ...rest,
    missingVisitHint: rest.missingVisitHint ?? MISSING_VISIT_HINT,
  });
  return async (c, next) => {
    const ip = getConnInfo?.(c).remote.address;
    if (c.req.method === 'POST' && c.req.path === path) {
      // On @hono/node-server the body is read from node:http's request itself: Hono's Request
      // would build a Web Request and stream for it, as much work as the handler's own.
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      const answer = await handler.answer(incoming ? pinRequestOf(incoming) : c.req.raw, {
        ip,
        waitUntil: waitUntilOf(c),
        getUser: getUser && (() => getUser(c)),
      });
      return toResponse(answer);
    }
    const visit =
      c.req.method === 'GET' ? pinterestVisit(c.req.raw, withPeerIp(rest, ip)) : undefined;
    if (visit) {
      try {
        c.req.raw.headers.set('cookie', visit.cookieHeader);
      } catch {
        // Immutable request headers (Workers): the render reads the browser's cookies alone.
      }
      if ('delivery' in visit && visit.delivery) waitUntilOf(c)(visit.delivery);
    }
    await next();
    for (const cookie of visit?.setCookies ?? []) c.header('set-cookie', cookie, { append: true });
  };
}
