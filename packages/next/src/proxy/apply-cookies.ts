import type { ReportOptions } from '@pinbridge/core';
import {
  type PinterestRevocation,
  type PinterestVisit,
  pinterestVisit,
  platformWaitUntil,
  type VisitOptions,
} from '@pinbridge/core/server';
import type { ConsentCookie } from '@pinbridge/core/wire';
import type { NextFetchEvent, NextRequest, NextResponse } from 'next/server.js';
import { withDefaultConsent } from '../server/default-consent.js';
import { nextAfter } from '../server/next-after.js';

/**
 * Options of `applyPinterestCookies` (and of the cookies `pinterestProxy` sets). The report
 * options receive the ids deleted for a visitor who refused consent (`skipped`, reason `consent`).
 */
export interface PinterestCookieOptions extends ReportOptions {
  /**
   * Set no cookie until the consent cookie grants it. Default: what `withPinterest(config,
   * { requireConsent })` configured, else `false` (`denied` always stops them).
   */
  requireConsent?: boolean;
  /**
   * How consent is read, as for the handler: a cookie and its values (configuring one makes
   * consent required unless `requireConsent: false`), or a synchronous function of the request
   * that decides alone. Default: what `withPinterest(config, { consent })` configured, else
   * `{ cookie: '_pb_consent', granted: ['granted'], denied: ['denied'] }`.
   */
  consent?: ConsentCookie | ((request: NextRequest) => boolean);
}

/**
 * The visit of a Next request (see core's `pinterestVisit`). Next hands the proxy a NextRequest,
 * and core passes the request it is given on, so a consent function receives that NextRequest.
 */
export function visitOf(
  request: NextRequest,
  options: PinterestCookieOptions & Pick<VisitOptions, 'sendPageVisit'>,
): PinterestVisit | PinterestRevocation | undefined {
  return pinterestVisit(request, options as VisitOptions);
}

/**
 * Copies the visit's cookies onto the request, so that code running later in this same request
 * (a `response` function of yours, server components) reads them as if the browser had sent them,
 * and a deleted one as if it never had.
 */
export function mirrorOnRequest(
  request: NextRequest,
  visit: PinterestVisit | PinterestRevocation,
): void {
  for (const [name, value, maxAge] of visit.cookies) {
    if (maxAge > 0) request.cookies.set(name, value);
    else request.cookies.delete(name);
  }
}

/**
 * Writes the visit's cookies on a response of yours through `response.cookies`, which keeps them
 * when your code sets more cookies afterwards (it re-serializes every Set-Cookie header); a
 * deletion is the same cookie, empty, with max-age 0. Next also merges cookies set on a response
 * into the same request's `cookies()`.
 */
export function writeVisitCookies(
  response: NextResponse,
  visit: PinterestVisit | PinterestRevocation,
): void {
  for (const [name, value, maxAge] of visit.cookies) {
    response.cookies.set(name, value, {
      path: '/',
      maxAge,
      sameSite: 'lax',
      secure: visit.secure,
      httpOnly: false,
    });
  }
}

/**
 * Hands the server's page_visit past the response: `event.waitUntil` in proxy/middleware, else
 * Next's `after()` (which throws outside a request scope), else the platform's request context.
 * With none of them it still runs, unheld; it never rejects.
 */
export function carryPageVisit(
  visit: PinterestVisit | PinterestRevocation,
  event: NextFetchEvent | undefined,
): void {
  const delivery = visit.revoked ? undefined : visit.delivery;
  if (!delivery) return;
  if (event) {
    event.waitUntil(delivery);
    return;
  }
  try {
    if (nextAfter) {
      nextAfter(delivery);
      return;
    }
  } catch {
    // Outside a request scope: fall through.
  }
  platformWaitUntil()?.(delivery);
}

/**
 * Applies pinbridge's cookies to a response of your own proxy, for document navigations only and
 * when consent allows: `_epik` from the `epik` parameter, `_pb_bid` when missing, a fresh
 * `_pb_pv`; for a visitor who refused consent, the deletions of those they still carry. Returns
 * the visit's ids, the revocation (`revoked: true`), or `undefined` when nothing was written.
 *
 * @example
 * // proxy.ts
 * import { NextResponse, type NextRequest } from 'next/server';
 * import { applyPinterestCookies } from '@pinbridge/next/proxy';
 *
 * export default async function proxy(request: NextRequest) {
 *   const response = await updateSession(request); // your own logic
 *   applyPinterestCookies(request, response);
 *   return response;
 * }
 */
export function applyPinterestCookies(
  request: NextRequest,
  response: NextResponse,
  options: PinterestCookieOptions = {},
): PinterestVisit | PinterestRevocation | undefined {
  const visit = visitOf(request, withDefaultConsent(options));
  if (!visit) return undefined;
  mirrorOnRequest(request, visit);
  writeVisitCookies(response, visit);
  return visit;
}
