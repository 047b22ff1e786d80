import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server.js';
import { mirrorOnRequest, visitSetCookieHeaders, writeVisitCookies } from './apply-cookies.js';
import { type PageVisitOptions, sendPageVisit } from './send-page-visit.js';
import { type PinterestCookieOptions, planVisit } from './visit.js';

/** Options of {@link pinterestProxy}. */
export interface PinterestProxyOptions extends PinterestCookieOptions {
  /**
   * Send the page_visit Conversions API event from the proxy itself (its `_pb_pv` cookie then
   * reads `<id>.s`, telling the browser not to post it). `true` uses the process-wide client.
   * Default `false`: the browser's tag component posts it to your /api/pin handler.
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
 * The proxy (Next 16 `proxy.ts`, Node) or middleware (Next 13.4-15 `middleware.ts`, Edge) that
 * keeps Pinterest's first-party cookies: on each document navigation it copies the `epik` click
 * id into `_epik`, keeps a `_pb_bid` browser id and mints the page view's event_id into `_pb_pv`.
 * Ids live in cookies only, never in HTML, so cached pages stay shareable. Web APIs only.
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
  const pageVisit = options.sendPageVisit === true ? {} : options.sendPageVisit || undefined;
  return (request, event) => {
    const visit = planVisit(request, options, pageVisit !== undefined);
    // Mirror first, so a `response` function sees the cookies too.
    if (visit) mirrorOnRequest(request, visit);
    const given =
      typeof options.response === 'function' ? options.response(request) : options.response;
    if (!visit) return given ?? NextResponse.next();
    let response: NextResponse;
    if (given) {
      response = given;
      writeVisitCookies(response, visit);
    } else {
      response = NextResponse.next({
        request: { headers: request.headers },
        headers: visitSetCookieHeaders(visit),
      });
    }
    if (pageVisit) sendPageVisit(request, visit, pageVisit, event);
    return response;
  };
}
