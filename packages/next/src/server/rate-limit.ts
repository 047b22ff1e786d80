import { type Refusal, refuse } from './refusal.js';

/** The per-IP token bucket of `/api/pin`. */
export interface RateLimitOptions {
  /** Sustained requests per minute and IP. Default `120`: a busy shopper sends one per action. */
  requestsPerMinute?: number;
  /** Requests an IP may send at once before the sustained rate applies. Default `30`. */
  burst?: number;
  /** IPs remembered at most; the least recently seen is forgotten first. Default `10_000`. */
  maxTrackedIps?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!(Number.isFinite(result) && result > 0)) {
    throw new TypeError(`pinbridge: rateLimit.${name} must be a positive number`);
  }
  return result;
}

/**
 * A per-IP token bucket kept in memory (per process: behind several instances each has its own,
 * so the effective limit multiplies; put a shared limit in your proxy or WAF if that matters).
 * Memory is bounded: past `maxTrackedIps` the least recently seen IP is dropped, which at worst
 * hands it a fresh bucket. A request without a known IP is not limited, since one shared bucket
 * would throttle every visitor at once when the platform sets no IP header.
 *
 * @example
 * const limit = createRateLimiter({ requestsPerMinute: 60, burst: 10 });
 * const refusal = limit('203.0.113.5'); // undefined, or a 429 with Retry-After
 */
export function createRateLimiter(
  options: RateLimitOptions | false | undefined,
): (ip: string | undefined) => Refusal | undefined {
  if (options === false) return () => undefined;
  const perSecond = positive(options?.requestsPerMinute, 120, 'requestsPerMinute') / 60;
  const burst = positive(options?.burst, 30, 'burst');
  const maxIps = positive(options?.maxTrackedIps, 10_000, 'maxTrackedIps');
  const buckets = new Map<string, Bucket>();
  return (ip) => {
    if (!ip) return undefined;
    const now = Date.now();
    const bucket = buckets.get(ip) ?? { tokens: burst, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
    bucket.updatedAt = now;
    // Re-inserting moves the IP to the end of the Map's order, which makes the first key the LRU.
    buckets.delete(ip);
    buckets.set(ip, bucket);
    if (buckets.size > maxIps) buckets.delete(buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    return refuse(429, 'rate_limited', `too many requests; retry in ${retryAfter} s`, '', {
      'retry-after': String(retryAfter),
    });
  };
}
