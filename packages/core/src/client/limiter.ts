import { type Bucket, type BucketRate, takeToken } from '../token-bucket.js';
import { sleep } from './backoff.js';
import type { Closing } from './closing.js';

/** When a client's requests may start: its rate limit, and Pinterest's Retry-After. */
export interface RequestLimiter {
  /**
   * Resolves with 0 once a request may start (at once while tokens remain and nothing is
   * paused), or at once when the client closes. When a pause longer than `maxPauseMs` is in
   * force, resolves with what is left of it instead of waiting that long.
   */
  take(closing?: Closing, maxPauseMs?: number): Promise<number>;
  /** Holds every request of the client for `ms`: a 429 is per ad account. Never shortens a pause. */
  pause(ms: number): void;
  /** Milliseconds left of the pause (0 or less: none). */
  pausedFor(): number;
}

/**
 * The limiter every request of one client shares: a token bucket (`burst` requests at once, then
 * `requestsPerSecond` on average; `false`: none) and a pause that Retry-After sets. A waiter
 * re-checks the pause when it wakes, so a Retry-After that arrives while it waits for a token
 * still holds it: nothing is posted before the pause ends, to the millisecond.
 *
 * @example
 * const limiter = createLimiter({ requestsPerSecond: 100, burst: 200 });
 * limiter.pause(1000); // Retry-After: 1
 * await limiter.take(); // one second later
 */
export function createLimiter(
  rate: { requestsPerSecond: number; burst: number } | false,
  now: () => number = () => performance.now(),
): RequestLimiter {
  const bucketRate: BucketRate | undefined = rate
    ? { perSecond: rate.requestsPerSecond, burst: rate.burst }
    : undefined;
  const bucket: Bucket | undefined = rate ? { tokens: rate.burst, updatedAt: now() } : undefined;
  let resumeAt = Number.NEGATIVE_INFINITY;
  const pausedFor = () => resumeAt - now();
  return {
    async take(closing, maxPauseMs = Number.POSITIVE_INFINITY) {
      if (pausedFor() > maxPauseMs) return pausedFor();
      if (bucket && bucketRate) {
        const wait = takeToken(bucket, bucketRate, now(), true);
        if (wait > 0) await sleep(wait, closing);
      }
      while (!closing?.closed) {
        const left = pausedFor();
        if (left <= 0) return 0;
        if (left > maxPauseMs) return left;
        await sleep(left, closing);
      }
      return 0;
    },
    pause(ms) {
      resumeAt = Math.max(resumeAt, now() + ms);
    },
    pausedFor,
  };
}
