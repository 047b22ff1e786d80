import type { IncomingMessage } from 'node:http';
import { PinbridgeError } from '@pinbridge/core';
import { documentRequestOf, toNodeHandler } from '@pinbridge/core/node';
import {
  assertVisitOptions,
  createPinHandler,
  type GetUser,
  type HandlerContext,
  type PinHandlerOptions,
  pinterestVisit,
  platformWaitUntil,
  type VisitOptions,
  type WaitUntil,
  withPeerIp,
} from '@pinbridge/core/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MISSING_VISIT_HINT } from './missing-visit-hint.js';

/** Options of the {@link pinterest} plugin: core's handler and visit options, Fastify's IP and user. */
export interface PinterestPluginOptions
  extends Omit<PinHandlerOptions, 'getUser' | 'trustProxy' | 'consent'>,
    VisitOptions {
  /** Where the browser hook posts. Default `'/api/pin'`. */
  path?: string;
  /** The signed-in user (e.g. from `request.session` or `request.user`); wins over the browser's values. */
  getUser?: GetUser<[request: FastifyRequest, reply: FastifyReply]>;
  /** Your platform's waitUntil (e.g. from @vercel/functions); tried before the platform's request context. */
  waitUntil?: WaitUntil;
}

/**
 * pinbridge for Fastify 5: `POST options.path` (default `/api/pin`) served by core's handler,
 * and the visit cookies (`_epik`, `_pb_bid`, `_pb_pv`) set on every document navigation of the
 * app in an `onRequest` hook. The route has its own body handling: no parser reads its body, so
 * core streams it under `maxBodyBytes` (413 while streaming) and answers any other type with its
 * own 415, whatever JSON parser the app has. The visitor's IP is `request.ip`, resolved under
 * Fastify's `trustProxy` server option (pinbridge's own `trustProxy` is refused: it would count
 * your proxies twice). The plugin is not encapsulated, like those wrapped by fastify-plugin.
 *
 * @example
 * import Fastify from 'fastify';
 * import { pinterest } from '@pinbridge/fastify';
 *
 * const app = Fastify({ trustProxy: 1 }); // behind one nginx / load balancer
 * await app.register(pinterest, { getUser: (request) => request.user });
 */
export async function pinterest(
  app: FastifyInstance,
  options: PinterestPluginOptions = {},
): Promise<void> {
  if ((options as { trustProxy?: unknown }).trustProxy !== undefined) {
    throw new PinbridgeError(
      'set Fastify({ trustProxy }) instead: request.ip is the visitor’s address',
      'trustProxy',
      'invalid_config',
    );
  }
  const { path = '/api/pin', getUser, waitUntil, ...rest } = options;
  assertVisitOptions(rest);
  // toNodeHandler sees the raw request; the Fastify request's context is looked up by it.
  const contexts = new WeakMap<IncomingMessage, HandlerContext>();
  const pinHandler = createPinHandler({
    ...rest,
    missingVisitHint: rest.missingVisitHint ?? MISSING_VISIT_HINT,
  });
  const listener = toNodeHandler(pinHandler, {
    context: (req) => contexts.get(req) ?? {},
  });

  app.addHook('onRequest', async (request, reply) => {
    const document = documentRequestOf(request.raw);
    if (!document) return;
    // A page_visit sent from here takes the handler's address: request.ip as the peer.
    const visit = pinterestVisit(document, withPeerIp(rest, request.ip));
    if (!visit) return;
    reply.header('set-cookie', visit.setCookies);
    request.headers.cookie = visit.cookieHeader;
    if ('delivery' in visit && visit.delivery) (waitUntil ?? platformWaitUntil())?.(visit.delivery);
  });

  // Encapsulated: the parser below applies to this route alone.
  await app.register(async (route) => {
    route.removeAllContentTypeParsers();
    route.addContentTypeParser('*', (_request, _payload, done) => done(null));
    route.post(path, async (request, reply) => {
      reply.hijack();
      contexts.set(request.raw, {
        ip: request.ip,
        waitUntil,
        getUser: getUser && (() => getUser(request, reply)),
      });
      await listener(request.raw, reply.raw);
    });
  });
}

// What fastify-plugin sets: the plugin's hooks and route belong to the app that registers it.
Object.assign(pinterest, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@pinbridge/fastify',
  [Symbol.for('plugin-meta')]: { name: '@pinbridge/fastify', fastify: '5.x' },
});
