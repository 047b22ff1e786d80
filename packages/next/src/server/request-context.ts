import { COOKIE_NAMES, parseCookies } from '../shared/cookies.js';

/**
 * Headers that carry the visitor's IP, in the order they are trusted. `x-real-ip` is set by
 * Vercel and most reverse proxies; the first hop of `x-forwarded-for` is the client as seen by the
 * first proxy; `cf-connecting-ip` is Cloudflare's. A client can forge any of them when no proxy
 * of yours overwrites them (self-hosted `next start` only fills `x-forwarded-for` when missing),
 * so list only headers your own infrastructure sets.
 */
export const DEFAULT_TRUSTED_IP_HEADERS: readonly string[] = [
  'x-real-ip',
  'x-forwarded-for',
  'cf-connecting-ip',
];

/** How to find the visitor's IP address. */
export interface ClientIpOptions<Req> {
  /** Headers read in order; the first value of a comma-separated list wins. Default above. */
  trustedIpHeaders?: readonly string[];
  /** Your own resolver; replaces the header lookup entirely. */
  getClientIp?: (request: Req) => string | null | undefined;
}

/** What one request tells about its visitor, before any hashing. */
export interface Visitor {
  ip?: string;
  userAgent?: string;
  /** `_epik` cookie. */
  clickId?: string;
  /** `_pb_bid` cookie. */
  browserId?: string;
  cookies: ReadonlyMap<string, string>;
}

/** The first non-empty value among the trusted headers. */
export function ipFromHeaders(
  headers: Headers,
  trusted: readonly string[] = DEFAULT_TRUSTED_IP_HEADERS,
): string | undefined {
  for (const name of trusted) {
    const first = headers.get(name)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return undefined;
}

/** The visitor IP for `request` under `options`. */
export function clientIpOf<Req extends { headers: Headers }>(
  request: Req,
  options: ClientIpOptions<Req>,
): string | undefined {
  if (options.getClientIp) return options.getClientIp(request) || undefined;
  return ipFromHeaders(request.headers, options.trustedIpHeaders);
}

/** IP, user agent and pinbridge cookies of one request. */
export function readVisitor(headers: Headers, ip: string | undefined): Visitor {
  const cookies = parseCookies(headers.get('cookie'));
  return {
    ip,
    userAgent: headers.get('user-agent') || undefined,
    clickId: cookies.get(COOKIE_NAMES.clickId) || undefined,
    browserId: cookies.get(COOKIE_NAMES.browserId) || undefined,
    cookies,
  };
}

/**
 * The click id of an event: the `_epik` cookie, else the `epik` parameter of the page the event
 * happened on (the first page of an ad click, before the proxy's cookie reached the browser).
 */
export function clickIdFor(visitor: Visitor, url: string | undefined): string | undefined {
  if (visitor.clickId) return visitor.clickId;
  if (!url) return undefined;
  try {
    return new URL(url).searchParams.get('epik') || undefined;
  } catch {
    return undefined;
  }
}
