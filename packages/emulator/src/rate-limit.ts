import type { RateLimit } from './types.js';

/** Whether a request may go through now, or how long until it could. */
export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * Pinterest's per-ad-account request limit as a sliding window: at most `requests` admitted
 * requests in any `perMs` milliseconds, per ad account. Refused requests do not count, so a client
 * that waits the Retry-After it is given gets through.
 *
 * @example
 * const limiter = new RateLimiter({ requests: 5000, perMs: 60_000 });
 * limiter.admit('549755885175', Date.now()); // { admitted: true }
 */
export class RateLimiter {
  // Per ad account, the admission times inside the window, oldest first from `head`.
  private readonly windows = new Map<string, { times: number[]; head: number }>();

  constructor(private readonly limit: RateLimit) {}

  admit(adAccountId: string, nowMs: number): Admission {
    let window = this.windows.get(adAccountId);
    if (!window) {
      window = { times: [], head: 0 };
      this.windows.set(adAccountId, window);
    }
    const { times } = window;
    const start = nowMs - this.limit.perMs;
    while (window.head < times.length && times[window.head] <= start) window.head += 1;
    // Compacting once half is stale keeps each admission O(1) on average.
    if (window.head * 2 >= times.length) {
      times.splice(0, window.head);
      window.head = 0;
    }
    if (times.length - window.head >= this.limit.requests) {
      return { admitted: false, retryAfterMs: times[window.head] - start };
    }
    times.push(nowMs);
    return { admitted: true };
  }
}

/**
 * The Retry-After value for a wait: seconds, with millisecond fractions because a time-scaled
 * window can free a slot in less than a second (the pinbridge client reads fractions).
 *
 * @example
 * retryAfterHeader(1234.2); // '1.235'
 */
export function retryAfterHeader(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs)) / 1000);
}

/** Checks a rate limit given in code. Throws a TypeError naming the bad field. */
export function parseRateLimit(input: RateLimit): RateLimit {
  if (!Number.isInteger(input?.requests) || input.requests < 1) {
    throw new TypeError('rateLimit.requests must be a positive integer');
  }
  if (typeof input.perMs !== 'number' || !(input.perMs > 0 && Number.isFinite(input.perMs))) {
    throw new TypeError('rateLimit.perMs must be a positive number');
  }
  return input;
}
