import type { NextRequest } from 'next/server.js';
import { type ConsentCookie, consentFromCookies } from '../shared/consent.js';
import { COOKIE_NAMES, parseCookies, SENT_BY_SERVER_SUFFIX } from '../shared/cookies.js';
import { isHttps } from '../shared/is-https.js';
import { isDocumentRequest } from './is-document-request.js';

/** Options of {@link planVisit} and `applyPinterestCookies`. */
export interface PinterestCookieOptions {
  /** Set no cookie until the `_pb_consent` cookie is `granted`. Default `false` (`denied` always stops them). */
  requireConsent?: boolean;
  /**
   * How consent is read, as for the handler: a cookie and its values (configuring one makes
   * consent required unless `requireConsent: false`), or a synchronous function of the request
   * that decides alone. Default `{ cookie: '_pb_consent', granted: ['granted'], denied: ['denied'] }`.
   */
  consent?: ConsentCookie | ((request: NextRequest) => boolean);
}

function consentOf(
  request: NextRequest,
  cookies: ReadonlyMap<string, string>,
  options: PinterestCookieOptions,
): boolean {
  const { consent } = options;
  if (typeof consent === 'function') return consent(request) === true;
  return consentFromCookies(cookies, { consent, requireConsent: options.requireConsent });
}

/** The ids of one document request, as the proxy writes them into cookies. */
export interface PinterestVisit {
  /** `_pb_bid`: kept when the browser has one, else minted. */
  browserId: string;
  /** `_pb_pv`: fresh for every document request. */
  pageViewId: string;
  /** From the `epik` parameter (then written to `_epik`) or the `_epik` cookie. */
  clickId?: string;
  /** Whether `epik` arrived on this request (and `_epik` must be written). */
  clickIdFromUrl: boolean;
  /** Whether the browser had no valid browser id (and `_pb_bid` must be written). */
  browserIdMinted: boolean;
  /** Whether the proxy sends the page_visit itself (the cookie then reads `<id>.s`). */
  sentByServer: boolean;
  /** Whether the cookies get the Secure attribute (https, directly or behind a proxy). */
  secure: boolean;
}

const ID = /^[A-Za-z0-9_-]{8,64}$/;
// Pinterest's click ids are short base64url strings; the bound keeps a crafted link from making
// every later request of the visitor carry a huge cookie.
const MAX_CLICK_ID_LENGTH = 512;

/**
 * The visit to record for `request`, or `undefined` when it is no document navigation or
 * consent is missing. Pure: it reads the request and mints ids, it writes nothing.
 *
 * @example
 * const visit = planVisit(request, { requireConsent: true }, false);
 */
export function planVisit(
  request: NextRequest,
  options: PinterestCookieOptions,
  sentByServer: boolean,
): PinterestVisit | undefined {
  if (!isDocumentRequest(request)) return undefined;
  const cookies = parseCookies(request.headers.get('cookie'));
  if (!consentOf(request, cookies, options)) return undefined;
  const epik = request.nextUrl.searchParams.get('epik')?.trim().slice(0, MAX_CLICK_ID_LENGTH);
  const existingId = cookies.get(COOKIE_NAMES.browserId);
  const browserIdMinted = !existingId || !ID.test(existingId);
  return {
    browserId: browserIdMinted ? crypto.randomUUID() : (existingId as string),
    pageViewId: crypto.randomUUID(),
    clickId: epik || cookies.get(COOKIE_NAMES.clickId) || undefined,
    clickIdFromUrl: Boolean(epik),
    browserIdMinted,
    sentByServer,
    secure: isHttps(request),
  };
}

/** The `_pb_pv` cookie value of a visit. */
export function pageViewCookieValue(visit: PinterestVisit): string {
  return visit.sentByServer ? `${visit.pageViewId}${SENT_BY_SERVER_SUFFIX}` : visit.pageViewId;
}
