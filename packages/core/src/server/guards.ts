import { numberOption } from '../client/config.js';
import { PinbridgeError } from '../error.js';
import { type Bucket, type BucketRate, takeToken } from '../token-bucket.js';
import { type Refusal, refuse } from './errors.js';
import type { HeaderReader, IncomingRequest } from './pin-request.js';

/** Sec-Fetch-Site values a browser sends for a request the page's own origin made (or the user typed). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

// A site sees few distinct Origin values: their hosts are remembered instead of parsed per post.
const originHosts = new Map<string, string | undefined>();
const MAX_REMEMBERED_ORIGINS = 64;

function hostOf(origin: string): string | undefined {
  if (originHosts.has(origin)) return originHosts.get(origin);
  let host: string | undefined;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    host = undefined;
  }
  if (originHosts.size >= MAX_REMEMBERED_ORIGINS) originHosts.clear();
  originHosts.set(origin, host);
  return host;
}

// A Request's URL is serialized (lowercase host, no credentials): its host is the text between
// `//` and the path.
function urlHost(url: string): string {
  const start = url.indexOf('//') + 2;
  const end = url.indexOf('/', start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

const firstValue = (headers: HeaderReader, name: string) =>
  headers.get(name)?.split(',')[0]?.trim().toLowerCase() || undefined;

/**
 * Whether `host` is one the request was addressed to: its URL's, the Host header or the first
 * X-Forwarded-Host. Frameworks build `request.url` from their own bind address in some setups
 * (`localhost` behind a proxy), so the headers count too. A browser cannot forge them on a
 * cross-site post: setting them makes the request non-simple, and the preflight gets no CORS grant.
 */
function isOwnHost(host: string, request: IncomingRequest): boolean {
  return (
    host === urlHost(request.url) ||
    host === firstValue(request.headers, 'host') ||
    host === firstValue(request.headers, 'x-forwarded-host')
  );
}

/**
 * A checker of the origin of posts: a 403 for one another site's page made through a visitor's
 * browser. The Origin must name this host (the scheme is not compared: TLS often ends at a
 * proxy, so the request the server sees says http) or one of `allowedOrigins`, and
 * Sec-Fetch-Site, when sent, must be `same-origin` or `none` (or the Origin must be allowed
 * explicitly). A request with neither header passes: servers, curl and browsers from before 2020
 * send none, and they could forge any header anyway; the rate limit is what bounds them.
 *
 * @example
 * const originRefusal = originChecker(['https://www.shop.example']);
 * originRefusal(request); // undefined, or a 403 forbidden_origin
 */
export function originChecker(
  allowedOrigins: readonly string[] = [],
): (request: IncomingRequest) => Refusal | undefined {
  const allowed = new Set(
    allowedOrigins.map((entry, index) => {
      const origin = originOf(entry);
      if (!origin)
        throw new PinbridgeError('must be a URL', `allowedOrigins[${index}]`, 'invalid_config');
      return origin;
    }),
  );
  return (request) => {
    const { headers } = request;
    const origin = headers.get('origin');
    const site = headers.get('sec-fetch-site')?.toLowerCase();
    if (origin === null && (site === undefined || OWN_FETCH_SITES.has(site))) return undefined;
    if (origin !== null && allowed.size > 0) {
      const normalized = originOf(origin);
      if (normalized && allowed.has(normalized)) return undefined;
    }
    if (origin !== null) {
      const host = hostOf(origin);
      if (!host || !isOwnHost(host, request)) {
        return refuse(403, 'forbidden_origin', 'Origin is neither this site nor an allowed origin');
      }
    }
    if (site !== undefined && !OWN_FETCH_SITES.has(site)) {
      return refuse(403, 'forbidden_origin', 'Sec-Fetch-Site says the post came from another site');
    }
    return undefined;
  };
}

/** The token buckets of `/api/pin`: one per IP, and one for the whole instance. */
export interface RateLimitOptions {
  /** Sustained requests per minute and IP. Default `120`: a busy shopper sends one per action. */
  requestsPerMinute?: number;
  /** Requests an IP may send at once before the sustained rate applies. Default `30`. */
  burst?: number;
  /** IPs remembered at most; the least recently seen is forgotten first. Default `10_000`. */
  maxTrackedIps?: number;
  /**
   * Sustained requests per minute this instance accepts from all visitors together. Default
   * `30_000` (500 a second, far above what one instance of a shop serves): the per-IP bucket
   * cannot bound a client that makes up a new address for each request (where the deployment
   * lets it, see `trustProxy`), this one does.
   */
  instanceRequestsPerMinute?: number;
  /** Requests the instance accepts at once before its sustained rate applies. Default `1_000`. */
  instanceBurst?: number;
}

type Limit = keyof RateLimitOptions;

// A count (a burst, a number of IPs) is whole; a rate is at least one a minute, kept per second.
const countOption = (name: Limit, value: number | undefined, fallback: number) =>
  numberOption(`rateLimit.${name}`, value, { fallback, min: 1, integer: true });
const perSecondOf = (name: Limit, value: number | undefined, fallbackPerMinute: number) =>
  numberOption(`rateLimit.${name}`, value, { fallback: fallbackPerMinute, min: 1 }) / 60;

/**
 * A rate limiter kept in memory: a bucket per IP, then one for the whole instance (per process:
 * behind several instances each has its own, so the effective limits multiply; put a shared limit
 * in your proxy or WAF if that matters). Memory is bounded: past `maxTrackedIps` the least
 * recently seen IP is dropped, which at worst hands it a fresh bucket. A request without a known
 * IP meets only the instance's bucket, since one shared per-IP bucket would throttle every visitor
 * at once when the platform names no IP. Throws a PinbridgeError (`invalid_config`) for a
 * nonsensical limit, at startup.
 *
 * @example
 * const limit = createRateLimiter({ requestsPerMinute: 60, burst: 10 });
 * limit('203.0.113.5'); // undefined, or a 429 with Retry-After
 */
export function createRateLimiter(
  options: RateLimitOptions | false | undefined,
): (ip: string | undefined) => Refusal | undefined {
  if (options === false) return () => undefined;
  const rate: BucketRate = {
    perSecond: perSecondOf('requestsPerMinute', options?.requestsPerMinute, 120),
    burst: countOption('burst', options?.burst, 30),
  };
  const maxIps = countOption('maxTrackedIps', options?.maxTrackedIps, 10_000);
  const instanceRate: BucketRate = {
    perSecond: perSecondOf('instanceRequestsPerMinute', options?.instanceRequestsPerMinute, 30_000),
    burst: countOption('instanceBurst', options?.instanceBurst, 1_000),
  };
  const instance: Bucket = { tokens: instanceRate.burst, updatedAt: Date.now() };
  const buckets = new Map<string, Bucket>();
  return (ip) => {
    const now = Date.now();
    if (ip) {
      const bucket = buckets.get(ip) ?? { tokens: rate.burst, updatedAt: now };
      // Re-inserting moves the IP to the end of the Map's order, which makes the first key the LRU.
      buckets.delete(ip);
      buckets.set(ip, bucket);
      if (buckets.size > maxIps) buckets.delete(buckets.keys().next().value as string);
      const waitMs = takeToken(bucket, rate, now);
      if (waitMs > 0) return tooMany(waitMs, 'too many requests');
    }
    // Taken only by requests their IP's bucket let through: one visitor's flood, refused above,
    // costs the others nothing.
    const waitMs = takeToken(instance, instanceRate, now);
    return waitMs > 0 ? tooMany(waitMs, 'too many requests to this server') : undefined;
  };
}

function tooMany(waitMs: number, what: string): Refusal {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return refuse(429, 'rate_limited', `${what}; retry in ${retryAfter} s`, '', {
    'retry-after': String(retryAfter),
  });
}
