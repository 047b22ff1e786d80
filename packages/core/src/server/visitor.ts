import { COOKIE_NAMES, MAX_CLICK_ID_LENGTH, ONE_YEAR_SECONDS } from '../wire/cookies.js';
import { EVENT_ID } from '../wire/event.js';
import type { IncomingRequest } from './pin-request.js';

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
export function isHttps(request: IncomingRequest): boolean {
  if (request.url.startsWith('https:')) return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

// Pinterest's click ids are base64 or base64url text. Anything else in `_epik` or `epik` (markup,
// quotes, a crafted 8 KB value) is not one: it is left out, never forwarded or written back.
const CLICK_ID = new RegExp(`^[A-Za-z0-9._~+/=-]{1,${MAX_CLICK_ID_LENGTH}}$`);

/**
 * A click id as pinbridge keeps it, from the `_epik` cookie or the `epik` parameter alike:
 * trimmed, at most MAX_CLICK_ID_LENGTH characters of the base64 and base64url alphabets, else
 * `undefined`.
 *
 * @example
 * validClickId(' dj0yJnU9 '); // 'dj0yJnU9'
 * validClickId('<x>"'); // undefined
 */
export function validClickId(value: string | null | undefined): string | undefined {
  const id = value?.trim();
  return id && CLICK_ID.test(id) ? id : undefined;
}

/** The `epik` parameter of a page URL: the click id, `null` when one is there but invalid, else `undefined`. */
export function clickIdOfUrl(url: string | undefined): string | null | undefined {
  // Most URLs carry none: skip the parse.
  if (!url?.includes('epik=')) return undefined;
  let raw: string | null;
  try {
    raw = new URL(url).searchParams.get('epik');
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  return validClickId(raw) ?? null;
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
  /** `_epik` cookie, when valid. */
  clickId?: string;
  /** Whether a click id the request held (`_epik`, or `epik` in an event's URL) was invalid and left out. */
  invalidClickId: boolean;
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
export function readVisitor(request: IncomingRequest, ip: string | undefined): Visitor {
  const cookies = parseCookies(request.headers.get('cookie'));
  const cookieClickId = cookies.get(COOKIE_NAMES.clickId);
  const clickId = validClickId(cookieClickId);
  return {
    ip,
    userAgent: request.headers.get('user-agent') || undefined,
    clickId,
    invalidClickId: cookieClickId !== undefined && !clickId,
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
  let { clickId, invalidClickId } = visitor;
  if (!clickId) {
    for (const { url } of events) {
      const fromUrl = clickIdOfUrl(url);
      if (fromUrl === null) invalidClickId = true;
      else clickId ??= fromUrl;
    }
    if (clickId) {
      setCookies.push(setCookie(COOKIE_NAMES.clickId, clickId, ONE_YEAR_SECONDS, visitor.secure));
    }
  }
  const { ip, userAgent, cookies, secure } = visitor;
  // Spelled out: on Node 20, `{ ...object, key: value }` takes V8's slow path (microseconds).
  return {
    visitor: { ip, userAgent, clickId, invalidClickId, browserId, cookies, secure },
    setCookies,
  };
}
