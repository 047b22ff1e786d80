import type { Closing } from './closing.js';
/** Retry timing; every field is set once the config is resolved. */
export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxDelayMs, minDelayMs·2^n))`
 * for the n-th retry (0-based). Full jitter spreads the retries of many servers hit by one outage.
 *
 * @example
 * backoffDelay(2, { retries: 5, minDelayMs: 250, maxDelayMs: 30_000 }); // 0 ≤ ms < 1000
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  // The exponent is capped: requeued events keep counting retries, and 0 · 2^1024 would be NaN.
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (fractions accepted) or an
 * HTTP-date. `undefined` when absent or unreadable, so the caller falls back to backoff.
 *
 * @example
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // HTTP-dates name the day and month; without this, Date.parse would read "-3" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry `retry` (0-based): the server's Retry-After when given, else backoff;
 * either way at most `maxDelayMs`, because a daily-quota 429 could otherwise park events for hours.
 *
 * @example
 * retryDelay(0, 1500, policy); // 1500
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return backoffDelay(retry, policy, random);
}

/**
 * Resolves after `ms`, or at once when the client closes, never rejecting.
 *
 * @example
 * await sleep(250, closing);
 */
export function sleep(ms: number, closing?: Closing): Promise<void> {
  return new Promise((resolve) => {
    if (closing?.closed) return resolve();
    const done = () => {
      clearTimeout(timer);
      cancel?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const cancel = closing?.onClose(done);
  });
}
