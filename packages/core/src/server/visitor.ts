import { COOKIE_NAMES, MAX_CLICK_ID_LENGTH, ONE_YEAR_SECONDS } from '../wire/cookies.js';
import { EVENT_ID } from '../wire/event.js';

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
export interface ClientIpOptions {
  /**
   * Headers read in order; the first value of a comma-separated list wins. Without one of them,
   * the transport's peer address (`context.ip`, from adapters with a socket) is used. Default above.
   */
  trustedIpHeaders?: readonly string[];
  /** Your own resolver; replaces the header lookup and the peer address entirely. */
  getClientIp?: (request: Request) => string | null | undefined;
}

/**
 * The visitor's IP: your `getClientIp`, else the first trusted header, else the peer address
 * the transport saw (no proxy in front: the socket's peer is the visitor).
 *
 * @example
 * clientIpOf(request, { trustedIpHeaders: ['cf-connecting-ip'] }, '192.0.2.1');
 */
export function clientIpOf(
  request: Request,
  options: ClientIpOptions,
  peerIp?: string,
): string | undefined {
  if (options.getClientIp) return options.getClientIp(request) || undefined;
  for (const name of options.trustedIpHeaders ?? DEFAULT_TRUSTED_IP_HEADERS) {
    const first = request.headers.get(name)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return peerIp || undefined;
}

/** The cookies of a `Cookie` request header (first value wins, values URI-decoded when valid). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 1) continue;
    const name = pair.slice(0, separator).trim();
    if (!name || cookies.has(name)) continue;
    const value = pair.slice(separator + 1).trim();
    cookies.set(name, value.includes('%') ? safeDecode(value) : value);
  }
  return cookies;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Whether the visitor's connection is https, directly or as reported by the proxy in front. */
export function isHttps(request: Request): boolean {
  if (request.url.startsWith('https:')) return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** A click id as pinbridge keeps it: trimmed and bounded (see MAX_CLICK_ID_LENGTH). */
export const boundClickId = (value: string | null | undefined): string | undefined =>
  value?.trim().slice(0, MAX_CLICK_ID_LENGTH) || undefined;

/** The `epik` parameter of a page URL, or `undefined`. */
export function clickIdOfUrl(url: string | undefined): string | undefined {
  // Most URLs carry none: skip the parse.
  if (!url?.includes('epik=')) return undefined;
  try {
    return boundClickId(new URL(url).searchParams.get('epik'));
  } catch {
    return undefined;
  }
}

/** The `_pb_bid` cookie when it follows the id rule; anything else is minted anew. */
export function browserIdOf(cookies: ReadonlyMap<string, string>): string | undefined {
  const id = cookies.get(COOKIE_NAMES.browserId);
  return id && EVENT_ID.test(id) ? id : undefined;
}

/**
 * One Set-Cookie header value of pinbridge's: first-party, `Path=/`, `SameSite=Lax`, `Secure` on
 * https, and readable by JavaScript (the Pinterest Tag reads `_epik`, the tag component `_pb_pv`).
 *
 * @example
 * setCookie('_pb_bid', id, ONE_YEAR_SECONDS, true); // '_pb_bid=…; Path=/; Max-Age=31536000; SameSite=Lax; Secure'
 */
export function setCookie(name: string, value: string, maxAge: number, secure: boolean): string {
  const attributes = `Path=/; Max-Age=${maxAge}; SameSite=Lax${secure ? '; Secure' : ''}`;
  return `${name}=${encodeURIComponent(value)}; ${attributes}`;
}

/** What one request tells about its visitor, before any hashing. */
export interface Visitor {
  ip?: string;
  userAgent?: string;
  /** `_epik` cookie. */
  clickId?: string;
  /** `_pb_bid` cookie, when valid. */
  browserId?: string;
  cookies: ReadonlyMap<string, string>;
  /** Whether cookies set for this visitor get `Secure`. */
  secure: boolean;
}

/**
 * IP, user agent, pinbridge cookies and scheme of one request.
 *
 * @example
 * const visitor = readVisitor(request, clientIpOf(request, options, context.ip));
 */
export function readVisitor(request: Request, ip: string | undefined): Visitor {
  const cookies = parseCookies(request.headers.get('cookie'));
  return {
    ip,
    userAgent: request.headers.get('user-agent') || undefined,
    clickId: boundClickId(cookies.get(COOKIE_NAMES.clickId)),
    browserId: browserIdOf(cookies),
    cookies,
    secure: isHttps(request),
  };
}

/**
 * The visitor with the ids the proxy could not set filled in, and their Set-Cookie headers. The
 * proxy acts on document requests only, and only with consent: when a visitor consents after
 * landing, the landing page's `epik` (in the events' urls) and a browser id exist only here.
 * Keeping them makes every later event carry them too. `visitor` is left as it was.
 *
 * @example
 * const { visitor: known, setCookies } = keepVisitorIds(visitor, events);
 */
export function keepVisitorIds(
  visitor: Visitor,
  events: readonly { url?: string }[],
): { visitor: Visitor; setCookies: string[] } {
  const setCookies: string[] = [];
  const browserId = visitor.browserId ?? crypto.randomUUID();
  if (!visitor.browserId) {
    setCookies.push(setCookie(COOKIE_NAMES.browserId, browserId, ONE_YEAR_SECONDS, visitor.secure));
  }
  let { clickId } = visitor;
  if (!clickId) {
    for (const { url } of events) clickId ??= clickIdOfUrl(url);
    if (clickId) {
      setCookies.push(setCookie(COOKIE_NAMES.clickId, clickId, ONE_YEAR_SECONDS, visitor.secure));
    }
  }
  const { ip, userAgent, cookies, secure } = visitor;
  // Spelled out: on Node 20, `{ ...object, key: value }` takes V8's slow path (microseconds).
  return { visitor: { ip, userAgent, clickId, browserId, cookies, secure }, setCookies };
}
