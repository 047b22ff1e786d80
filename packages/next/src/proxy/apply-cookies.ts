import type { NextRequest, NextResponse } from 'next/server.js';
import { COOKIE_NAMES, ONE_YEAR_SECONDS, PAGE_VIEW_MAX_AGE_SECONDS } from '../shared/cookies.js';
import {
  type PinterestCookieOptions,
  type PinterestVisit,
  pageViewCookieValue,
  planVisit,
} from './visit.js';

function visitCookies(visit: PinterestVisit): [name: string, value: string, maxAge: number][] {
  const cookies: [string, string, number][] = [];
  if (visit.clickIdFromUrl && visit.clickId) {
    cookies.push([COOKIE_NAMES.clickId, visit.clickId, ONE_YEAR_SECONDS]);
  }
  if (visit.browserIdMinted)
    cookies.push([COOKIE_NAMES.browserId, visit.browserId, ONE_YEAR_SECONDS]);
  cookies.push([COOKIE_NAMES.pageView, pageViewCookieValue(visit), PAGE_VIEW_MAX_AGE_SECONDS]);
  return cookies;
}

/**
 * Copies the visit's cookies onto the request, so that code running later in this same request
 * (server components, route handlers) reads them as if the browser had sent them.
 */
export function mirrorOnRequest(request: NextRequest, visit: PinterestVisit): void {
  for (const [name, value] of visitCookies(visit)) request.cookies.set(name, value);
}

/**
 * Writes the visit's cookies on the response: first-party, path `/`, SameSite=Lax, Secure on
 * https, readable by JavaScript (the Pinterest Tag reads `_epik`, the tag component `_pb_pv`).
 * Next also merges cookies set on a response into the same request's `cookies()`.
 */
export function writeVisitCookies(response: NextResponse, visit: PinterestVisit): void {
  for (const [name, value, maxAge] of visitCookies(visit)) {
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
 * The visit's cookies as Set-Cookie header values, for a response pinbridge creates itself:
 * handing them to `NextResponse.next({ headers })` parses them once, where `cookies.set` would
 * re-serialize every Set-Cookie header on each call (a third of the proxy's time).
 */
export function visitSetCookieHeaders(visit: PinterestVisit): Headers {
  const headers = new Headers();
  const secure = visit.secure ? '; Secure' : '';
  for (const [name, value, maxAge] of visitCookies(visit)) {
    headers.append(
      'set-cookie',
      `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`,
    );
  }
  return headers;
}

/**
 * Applies pinbridge's cookies to a response of your own proxy, for document navigations only and
 * when consent allows: `_epik` from the `epik` parameter, `_pb_bid` when missing, a fresh
 * `_pb_pv`. Returns the visit's ids, or `undefined` when nothing was written.
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
): PinterestVisit | undefined {
  const visit = planVisit(request, options, false);
  if (!visit) return undefined;
  mirrorOnRequest(request, visit);
  writeVisitCookies(response, visit);
  return visit;
}
