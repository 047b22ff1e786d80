import { record } from '../client/records.js';
import type { PinterestClient } from '../client/types.js';
import { PinbridgeError } from '../error.js';
import type { PinbridgeReport, ReportStage } from '../report.js';
import { createReporter, type ReportOptions } from '../reporter.js';
import type { ConsentCookie } from '../wire/consent.js';
import {
  COOKIE_NAMES,
  ONE_YEAR_SECONDS,
  PAGE_VIEW_MAX_AGE_SECONDS,
  pageViewCookie,
} from '../wire/cookies.js';
import { assertTrustProxy, type ClientIpOptions, clientIpOf } from './client-ip.js';
import {
  DEFAULT_MAX_FLUSH_MS,
  type DeliveryOptions,
  deliver,
  freezesAfterResponse,
} from './delivery.js';
import { errorName } from './errors.js';
import { toPinterestEvent, trustedUserData } from './events.js';
import type { IncomingRequest } from './pin-request.js';
import {
  assertGpcOption,
  consentStateOf,
  type GpcOption,
  notSentMessage,
  privacyVerdict,
} from './policy.js';
import { carriedVisitorIds, deleteCookie, forgottenMessage } from './revocation.js';
import { resolveClient } from './shared-client.js';
import {
  browserIdOf,
  clickIdOfUrl,
  isHttps,
  parseCookies,
  readVisitor,
  setCookie,
  validClickId,
} from './visitor.js';

// Background requests of the App Router. Next 16 strips the Flight headers (`rsc`,
// `next-router-prefetch`) from the request a proxy sees, so `sec-fetch-dest` does the real
// work there; the header checks still matter for Next 13-15 middleware.
const BACKGROUND_HEADERS: [name: string, value?: string][] = [
  ['rsc'],
  ['next-router-prefetch'],
  ['next-router-state-tree'],
  ['x-nextjs-data'],
  ['purpose', 'prefetch'],
  ['sec-purpose', 'prefetch'],
];

// The last path segment ends in an extension: a static file, an image, a source map...
const FILE_EXTENSION = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * Whether `request` loads a page into a browser tab: a GET whose `sec-fetch-dest` is `document`
 * (or absent, for old browsers and tools), that no router prefetch or RSC fetch made, outside
 * `/_next/` and not for a file. Only these mint a page view (next-intl's `syncCookie` makes the
 * same call for its locale cookie). A transport's own request ({@link IncomingRequest}) will do:
 * the node bridge decides on node:http's headers before it builds any Web object.
 *
 * @example
 * if (isDocumentRequest(request)) response.headers.append('set-cookie', …);
 */
export function isDocumentRequest(
  request: Pick<IncomingRequest, 'method' | 'url' | 'headers'>,
  pathname = pathOf(request.url),
): boolean {
  if (request.method !== 'GET') return false;
  const { headers } = request;
  const destination = headers.get('sec-fetch-dest');
  if (destination && destination !== 'document') return false;
  for (const [name, value] of BACKGROUND_HEADERS) {
    const actual = headers.get(name);
    if (actual !== null && (value === undefined || actual.toLowerCase().includes(value))) {
      return false;
    }
  }
  return !pathname.includes('/_next/') && !FILE_EXTENSION.test(pathname);
}

// The path of an absolute URL without parsing all of it (this runs on every document request).
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

/** How the proxy sends the page_visit event itself. */
export interface PageVisitOptions extends ClientIpOptions, ReportOptions, DeliveryOptions {
  /** Default: the process-wide client from PINTEREST_* env variables. */
  client?: PinterestClient;
  /**
   * A visitor whose browser sends `Sec-GPC: 1`, as for the handler: `'ldp'` flags the
   * page_visit for Limited Data Processing (with the state and country of the platform's geo
   * headers, when in the US), `'drop'` does not send it, `'ignore'` does neither. Default `'ldp'`.
   */
  gpc?: GpcOption;
}

/**
 * Options of {@link pinterestVisit}. Its report options receive what the visit itself decides (a
 * refused visitor's ids deleted); those of `sendPageVisit`, the page_visit's course.
 */
export interface VisitOptions extends ReportOptions {
  /** Set no cookie until the consent cookie grants it. Default `false` (`denied` always stops them). */
  requireConsent?: boolean;
  /**
   * How consent is read, as for the handler: a cookie and its values (configuring one makes
   * consent required unless `requireConsent: false`), or a synchronous function of the request
   * that decides alone. Default `{ cookie: '_pb_consent', granted: ['granted'], denied: ['denied'] }`.
   */
  consent?: ConsentCookie | ((request: Request) => boolean);
  /**
   * Send the page_visit Conversions API event from the server (its `_pb_pv` cookie then reads
   * `<id>.s`, telling the browser not to post it). `true` uses the process-wide client. Default
   * `false`: the browser's tag component posts it to your /api/pin handler.
   */
  sendPageVisit?: boolean | PageVisitOptions;
}

/** What an adapter writes for one document request: cookies set or deleted, and the render's Cookie header. */
interface VisitCookies {
  /** Whether the cookies get the Secure attribute (https, directly or behind a proxy). */
  secure: boolean;
  /** The cookies to set, as name, value and max-age (0 deletes the cookie). */
  cookies: [name: string, value: string, maxAge: number][];
  /** The same cookies as Set-Cookie header values, for a response the adapter writes. */
  setCookies: string[];
  /** The request's Cookie header with the new values in place (deleted ones removed), for code later in this request (the render). */
  cookieHeader: string;
}

/**
 * A visitor who refused consent, forgotten: `cookies` and `setCookies` delete the ids the request
 * still carried, and `cookieHeader` is the request's without them.
 */
export interface PinterestRevocation extends VisitCookies {
  revoked: true;
}

/** The ids of one document request, and what the adapter writes and hands on. */
export interface PinterestVisit extends VisitCookies {
  revoked: false;
  /** `_pb_bid`: kept when the browser has a valid one, else minted. */
  browserId: string;
  /** `_pb_pv`: fresh for every document request. */
  pageViewId: string;
  /** From the `epik` parameter (then written to `_epik`) or the `_epik` cookie. */
  clickId?: string;
  /** Whether `epik` arrived on this request (and `_epik` is written). */
  clickIdFromUrl: boolean;
  /** Whether the browser had no valid browser id (and `_pb_bid` is written). */
  browserIdMinted: boolean;
  /** Whether the server sends the page_visit itself (the cookie then reads `<id>.s`). */
  sentByServer: boolean;
  /** With `sendPageVisit`: the page_visit's queueing, for the adapter's waitUntil. It never rejects. */
  delivery?: Promise<void>;
}

/**
 * The request's Cookie header with `cookies` set: an old value of one of them removed (the first
 * value of a name wins for every reader), the new ones appended, a deleted one (max-age 0) left
 * out. `present` is the header parsed.
 */
function withCookies(
  header: string | null,
  present: ReadonlyMap<string, string>,
  cookies: readonly [string, string, number][],
): string {
  const added = cookies
    .filter(([, , maxAge]) => maxAge > 0)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
  // The usual case (a returning visitor's stale `_pb_pv` expired long ago): nothing to remove.
  if (!cookies.some(([name]) => present.has(name))) return header ? `${header}; ${added}` : added;
  const names = new Set(cookies.map(([name]) => name));
  const kept = (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair && !names.has(pair.slice(0, pair.indexOf('=')).trim()));
  return (added ? [...kept, added] : kept).join('; ');
}

/**
 * Throws the PinbridgeError (`invalid_config`) that {@link pinterestVisit} would throw on every
 * document request for these options: an adapter that takes them once (a proxy, a middleware,
 * a plugin) calls it when it is created, so a mistake stops the server's start, not its pages.
 *
 * @example
 * export function cookies(options: VisitOptions) {
 *   assertVisitOptions(options);
 *   return (request: Request) => pinterestVisit(request, options);
 * }
 */
export function assertVisitOptions(options: VisitOptions): void {
  const pageVisit = options.sendPageVisit;
  if (typeof pageVisit !== 'object') return;
  assertGpcOption(pageVisit.gpc, 'sendPageVisit.gpc');
  assertTrustProxy(pageVisit.trustProxy, 'sendPageVisit.trustProxy');
}

/**
 * What a proxy or middleware does on each request, as data: for a document navigation with
 * consent, the cookies that keep Pinterest's first-party ids (`epik` copied into `_epik`, a
 * `_pb_bid` browser id kept or minted, the page view's fresh event_id in `_pb_pv`), as
 * Set-Cookie values and as the Cookie header to forward to the render, and, with
 * `sendPageVisit`, the server's page_visit delivery (reported with `source: 'proxy'`) for the
 * adapter's waitUntil. A visitor who refused consent (a `denied` value, or your function's no)
 * and still carries ids gets a {@link PinterestRevocation} instead: the same fields, deleting
 * them (reported as `skipped`, reason `consent`). `undefined` for any other request (prefetch,
 * RSC, asset, consent pending): set nothing then. Ids live in cookies only, never in HTML, so
 * cached pages stay shareable. Web APIs only, synchronous: it runs in Edge middleware. Throws a
 * PinbridgeError (`invalid_config`) for a `sendPageVisit.gpc` that is none of its values.
 *
 * @example
 * const visit = pinterestVisit(request, { requireConsent: true });
 * if (visit) for (const cookie of visit.setCookies) response.headers.append('set-cookie', cookie);
 */
export function pinterestVisit(
  request: Request,
  options: VisitOptions = {},
): PinterestVisit | PinterestRevocation | undefined {
  const url = request.url;
  const pageVisit = options.sendPageVisit;
  assertVisitOptions(options);
  if (!isDocumentRequest(request)) return undefined;
  const header = request.headers.get('cookie');
  const cookies = parseCookies(header);
  const consent = consentStateOf(request, cookies, options);
  if (consent === 'refused') return forget(request, header, cookies, options);
  if (consent === 'pending') return undefined;
  const epik = clickIdOfUrl(url) ?? undefined;
  const existingId = browserIdOf(cookies);
  const browserId = existingId ?? crypto.randomUUID();
  const pageViewId = crypto.randomUUID();
  const sentByServer = Boolean(options.sendPageVisit);
  const secure = isHttps(request);
  const written: [string, string, number][] = [];
  if (epik) written.push([COOKIE_NAMES.clickId, epik, ONE_YEAR_SECONDS]);
  if (!existingId) written.push([COOKIE_NAMES.browserId, browserId, ONE_YEAR_SECONDS]);
  written.push([
    COOKIE_NAMES.pageView,
    pageViewCookie(pageViewId, sentByServer),
    PAGE_VIEW_MAX_AGE_SECONDS,
  ]);
  const visit: PinterestVisit = {
    revoked: false,
    browserId,
    pageViewId,
    clickId: epik ?? validClickId(cookies.get(COOKIE_NAMES.clickId)),
    clickIdFromUrl: Boolean(epik),
    browserIdMinted: !existingId,
    sentByServer,
    secure,
    cookies: written,
    setCookies: written.map(([name, value, maxAge]) => setCookie(name, value, maxAge, secure)),
    cookieHeader: withCookies(header, cookies, written),
  };
  if (pageVisit)
    visit.delivery = sendPageVisit(request, visit, pageVisit === true ? {} : pageVisit);
  return visit;
}

/** The revocation of a refused visitor, reported; `undefined` when they carry no id to delete. */
function forget(
  request: Request,
  header: string | null,
  cookies: ReadonlyMap<string, string>,
  options: VisitOptions,
): PinterestRevocation | undefined {
  const names = carriedVisitorIds(cookies);
  if (names.length === 0) return undefined;
  const secure = isHttps(request);
  const deleted = names.map((name): [string, string, number] => [name, '', 0]);
  const details = { source: 'proxy', reason: 'consent' } as const;
  createReporter(options)(record('skipped', [], forgottenMessage(names), details));
  return {
    revoked: true,
    secure,
    cookies: deleted,
    setCookies: names.map((name) => deleteCookie(name, secure)),
    cookieHeader: withCookies(header, cookies, deleted),
  };
}

/** The server copy of the visit's page_visit (id `visit.pageViewId`), queued. Never rejects. */
async function sendPageVisit(
  request: Request,
  visit: PinterestVisit,
  options: PageVisitOptions,
): Promise<void> {
  const report = createReporter(options);
  const event_ids = [visit.pageViewId];
  const tell = (stage: ReportStage, message: string, extra?: Partial<PinbridgeReport>) =>
    report(record(stage, event_ids, message, { source: 'proxy', ...extra }));
  const failed = (code: string, message: string) => tell('error', message, { code });
  let client: PinterestClient;
  try {
    client = resolveClient(options.client);
  } catch (error) {
    const reason = error instanceof PinbridgeError ? error.message : errorName(error);
    return failed('not_configured', `page_visit not sent: ${reason}`);
  }
  try {
    // Without `ldp` states nothing here awaits: only Global Privacy Control decides.
    const verdict = await privacyVerdict(request, { gpc: options.gpc });
    if (!verdict.send) {
      // The cookie still reads `.s`: the browser's post of it would be dropped alike.
      const message = notSentMessage(verdict.reason);
      tell('skipped', message, { reason: verdict.reason });
      return;
    }
    const { ldp } = verdict;
    const visitor = {
      ...readVisitor(request, clientIpOf(request, options)),
      browserId: visit.browserId,
      clickId: visit.clickId,
    };
    const event = await toPinterestEvent(
      { name: 'page_visit', event_id: visit.pageViewId, time: Date.now(), url: request.url },
      { visitor, trusted: trustedUserData([], visit.browserId, ldp), ldp },
      (dropped) => tell('value_dropped', `${dropped.field} left out`, dropped),
    );
    const message = ldp ? 'page_visit built (LDP)' : 'page_visit built';
    tell('built', message);
    const flush = options.flushAfterResponse ?? freezesAfterResponse();
    const maxFlushMs = options.maxFlushMs ?? DEFAULT_MAX_FLUSH_MS;
    await deliver(client, [event], { flush, maxFlushMs }, report, 'proxy');
  } catch (error) {
    // An event core refuses (no IP and no user agent) is refused: nothing to retry.
    const message =
      error instanceof PinbridgeError ? error.message : `${errorName(error)} while building`;
    tell('refused', message, { code: 'invalid_event' });
  }
}
