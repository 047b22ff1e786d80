import { PinbridgeError } from '@pinbridge/core';
import { documentRequestOf, toNodeHandler } from '@pinbridge/core/node';
import {
  assertVisitOptions,
  createPinHandler,
  type GetUser,
  type PinHandlerOptions,
  pinterestVisit,
  platformWaitUntil,
  type VisitOptions,
  withPeerIp,
} from '@pinbridge/core/server';
import type { Request as ExpressRequest, RequestHandler, Response } from 'express';
import { MISSING_VISIT_HINT } from './missing-visit-hint.js';

/** Options of {@link pinterest.handler}: core's handler options, with Express's own IP and user. */
export interface PinterestHandlerOptions extends Omit<PinHandlerOptions, 'getUser' | 'trustProxy'> {
  /** The signed-in user (e.g. from `req.session` or `req.user`); wins over the browser's values. */
  getUser?: GetUser<[req: ExpressRequest, res: Response]>;
}

/** Options of {@link pinterest.cookies}: core's visit options (consent, page_visit from the server). */
export type PinterestCookieOptions = VisitOptions;

/** Options of {@link pinterest}: the handler's, the cookies' and the endpoint's path. */
export type PinterestOptions = PinterestHandlerOptions &
  PinterestCookieOptions & {
    /** Where the browser hook posts. Default `'/api/pin'`. */
    path?: string;
  };

// The visitor's address is `req.ip`, which Express resolves under its `trust proxy` setting: the
// socket's peer while it is off (a visitor cannot choose it), the address your proxies forwarded
// once you set it. It is handed to core as the peer, after any `trustedIpHeaders`. A second hop
// count of pinbridge's own would count your proxies twice, so `trustProxy` is refused.
function assertNoTrustProxy(options: object): void {
  if ('trustProxy' in options && options.trustProxy !== undefined) {
    throw new PinbridgeError(
      "set Express's `app.set('trust proxy', n)` instead: req.ip is the visitor's address",
      'trustProxy',
      'invalid_config',
    );
  }
}

// A parser's `req.body` is what it read from the stream. Express 4's parsers (body-parser 1) also
// set `req.body = {}` on each request they skip, its stream unread: that one is no body, and the
// handler reads the stream itself, as on Express 5, whose parsers leave `req.body` unset.
function dropUnparsedBody(req: ExpressRequest): void {
  if (req.body !== undefined && !req.readableEnded) req.body = undefined;
}

/**
 * The `/api/pin` endpoint alone, for `app.post(path, …)`: core's handler through `toNodeHandler`,
 * which streams the body under `maxBodyBytes`, or checks a `req.body` that `express.json()` or
 * `express.text()` already parsed. The IP is `req.ip` (see Express's `trust proxy`). It answers
 * 202 at once and queues after the response. Throws a PinbridgeError (`invalid_config`) for a
 * nonsensical option.
 *
 * @example
 * app.post('/api/pin', pinterest.handler({ getUser: (req) => req.user }));
 */
function handler(options: PinterestHandlerOptions = {}): RequestHandler {
  assertNoTrustProxy(options);
  const { getUser, ...rest } = options;
  const pinHandler = createPinHandler({
    ...rest,
    missingVisitHint: rest.missingVisitHint ?? MISSING_VISIT_HINT,
  });
  const listener = toNodeHandler<ExpressRequest, Response>(pinHandler, {
    context: (req, res) => ({ ip: req.ip, getUser: getUser && (() => getUser(req, res)) }),
  });
  return (req, res, next) => {
    dropUnparsedBody(req);
    return listener(req, res).catch(next);
  };
}

/**
 * The visit cookies alone: on document navigations (a GET for HTML; not assets, fetches or
 * prefetches) and when consent allows, `_epik` from `?epik=`, a `_pb_bid` browser id and the page
 * view's `_pb_pv` (core's `pinterestVisit`), also written into `req.headers.cookie` for the rest
 * of this request; a visitor who refused consent has the ids they carry deleted. Mount it before
 * your pages (and before `cookie-parser`, so it sees them).
 *
 * @example
 * app.use(pinterest.cookies({ requireConsent: true }));
 */
function cookies(options: PinterestCookieOptions = {}): RequestHandler {
  assertVisitOptions(options);
  return (req, res, next) => {
    const request = documentRequestOf(req, req.originalUrl);
    if (!request) return next();
    // A page_visit sent from here takes the handler's address: req.ip as the peer.
    const visit = pinterestVisit(request, withPeerIp(options, req.ip));
    if (!visit) return next();
    res.append('set-cookie', visit.setCookies);
    req.headers.cookie = visit.cookieHeader;
    if ('delivery' in visit && visit.delivery) platformWaitUntil()?.(visit.delivery);
    next();
  };
}

/**
 * pinbridge for Express 4 and 5, as one middleware: the visit cookies on document navigations
 * (see {@link pinterest.cookies}) and `POST options.path` (default `/api/pin`, see
 * {@link pinterest.handler}), with or without `express.json()` / `express.text()` before it. The
 * visitor's IP is `req.ip`: set Express's `trust proxy` when proxies of yours forward it.
 *
 * @example
 * import express from 'express';
 * import { pinterest } from '@pinbridge/express';
 *
 * const app = express();
 * app.set('trust proxy', 1); // behind one nginx / load balancer
 * app.use(pinterest({ getUser: (req) => req.user }));
 */
export function pinterest(options: PinterestOptions = {}): RequestHandler {
  const path = options.path ?? '/api/pin';
  const post = handler(options);
  const visit = cookies(options);
  return (req, res, next) =>
    req.method === 'POST' && req.path === path ? post(req, res, next) : visit(req, res, next);
}

pinterest.cookies = cookies;
pinterest.handler = handler;
