import { sleep } from './backoff.js';
import type { Closing } from './closing.js';

/** A rate limiter shared by every request of one client. */
export interface TokenBucket {
  /** Resolves when a request may start (at once while tokens remain, or when the client closes). */
  take(closing?: Closing): Promise<void>;
}

/**
 * A token bucket: `burst` requests at once, then `requestsPerSecond` on average. Each caller
 * reserves its token on arrival (the balance may go negative), so waiting callers are served in
 * order and never wake up together to race for one token.
 *
 * @example
 * const bucket = createTokenBucket({ requestsPerSecond: 100, burst: 200 });
 * await bucket.take();
 */
export function createTokenBucket(
  options: { requestsPerSecond: number; burst: number },
  now: () => number = () => performance.now(),
): TokenBucket {
  const { requestsPerSecond, burst } = options;
  let tokens = burst;
  let refilledAt = now();
  return {
    take(closing) {
      const time = now();
      tokens = Math.min(burst, tokens + ((time - refilledAt) / 1000) * requestsPerSecond);
      refilledAt = time;
      tokens -= 1;
      if (tokens >= 0) return Promise.resolve();
      return sleep((-tokens / requestsPerSecond) * 1000, closing);
    },
  };
}
