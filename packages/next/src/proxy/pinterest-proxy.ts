import {
  assertVisitOptions,
  type PageVisitOptions,
  type VisitOptions,
} from '@pinbridge/core/server';
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server.js';
import { withDefaultConsent } from '../server/default-consent.js';
import {
  carryPageVisit,
  mirrorOnRequest,
  type PinterestCookieOptions,
  visitOf,
  writeVisitCookies,
} from './apply-cookies.js';
import { nextWithCookies } from './forward-cookies.js';

/** Options of {@link pinterestProxy}. */
export interface PinterestProxyOptions extends PinterestCookieOptions {
  /**
   * Send the page_visit Conversions API event from the proxy itself (its `_pb_pv` cookie then
   * reads `<id>.s`, telling the browser not to post it), reported with `source: 'proxy'`. `true`
   * uses the process-wide client. Default `false`: the browser's tag component posts it to your
   * /api/pin handler.
   */
  sendPageVisit?: boolean | PageVisitOptions;
  /**
   * The response to decorate, for composition with your own proxy logic: a function of the
   * request, or a response made for this request (then create the proxy inside your own proxy
   * function; a response shared between requests would collect everyone's cookies). Default
   * `NextResponse.next()`, with the new cookies forwarded on the request.
   */
  response?: NextResponse | ((request: NextRequest) => NextResponse);
}

/**
 * The proxy (Next 16 `proxy.ts`, Node) or middleware (Next 14.2-15 `middleware.ts`, Edge) that
 * keeps Pinterest's first-party cookies: on each document navigation it copies the `epik` click
 * id into `_epik`, keeps a `_pb_bid` browser id and mints the page view's event_id into `_pb_pv`
 * (core's `pinterestVisit`); a visitor who refused consent has those they still carry deleted.
 * Ids live in cookies only, never in HTML, so cached pages stay shareable. Consent defaults to
 * what `withPinterest(config, { consent, requireConsent })` configured. Web APIs only.
 *
 * Next reads `matcher` only as a literal in your file; paste this one (it skips API routes,
 * Next's assets and files):
 * `export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico|.*\\..*).*)'] };`
 *
 * @example
 * // proxy.ts (or middleware.ts)
 * import { pinterestProxy } from '@pinbridge/next/proxy';
 *
 * export default pinterestProxy({ requireConsent: false });
 * export const config = {
 *   matcher: ['/((?!api|_next/static|_next/image|favicon.ico|.*\\..*).*)'],
 * };
 */
export function pinterestProxy(
  options: PinterestProxyOptions = {},
): (request: NextRequest, event?: NextFetchEvent) => NextResponse {
  const visitOptions = withDefaultConsent(options);
  assertVisitOptions(visitOptions as VisitOptions);
  return (request, event) => {
    const visit = visitOf(request, visitOptions);
    if (!visit) {
      const given =
        typeof options.response === 'function' ? options.response(request) : options.response;
      return given ?? NextResponse.next();
    }
    let response: NextResponse;
    if (options.response) {
      // Mirrored first, so that a `response` function sees the cookies too.
      mirrorOnRequest(request, visit);
      response =
        typeof options.response === 'function' ? options.response(request) : options.response;
      writeVisitCookies(response, visit);
    } else {
      // A response of pinbridge's own: the Set-Cookie values are appended as they are, where
      // `cookies.set` would re-serialize every Set-Cookie header on each call and cookies handed
      // to NextResponse.next({ headers }) would be copied, then parsed (a third of the proxy's
      // time). Nothing reads this response's `cookies` before Next sends it.
      response = nextWithCookies(request.headers, visit.cookieHeader);
      for (const cookie of visit.setCookies) response.headers.append('set-cookie', cookie);
    }
    carryPageVisit(visit, event);
    return response;
  };
}
