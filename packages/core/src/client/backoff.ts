import type { Closing } from './closing.js';

/** How the client retries transient failures; every field but `maxAttempts` is set once resolved. */
export interface RetryPolicy {
  minDelayMs: number;
  maxDelayMs: number;
  /** Attempts per event at most; `undefined`: while Pinterest would still accept the event. */
  maxAttempts?: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxDelayMs, minDelayMs·2^n))`
 * for the n-th retry (0-based). Full jitter spreads the retries of many servers hit by one outage.
 *
 * @example
 * backoffDelay(2, { minDelayMs: 250, maxDelayMs: 30_000 }); // 0 ≤ ms < 1000
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  // The exponent is capped: an event retried through a long outage keeps counting, and
  // 0 · 2^1024 would be NaN.
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
 * Resolves after `ms`, or at once when the client closes, never rejecting: the wait of a
 * `RequestLimiter` or queue of yours, which `close()` must not hold.
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

// Pinterest refuses events older than this; retrying them longer would only end in a 422.
const MAX_EVENT_AGE_SECONDS = 7 * 86_400;

/** Why an event is not tried again: the report's `code` and `message`. */
export interface GiveUp {
  code: 'max_attempts' | 'expired';
  message: string;
}

/**
 * Why an event whose `attempt`-th attempt failed transiently is not tried again, or `undefined`
 * when it is: `maxAttempts` reached or, without it, the event older than Pinterest accepts.
 *
 * @example
 * giveUpReason(3, entry.payload, 3); // { code: 'max_attempts', message: 'gave up after 3 attempts' }
 */
export function giveUpReason(
  attempt: number,
  payload: string,
  maxAttempts: number | undefined,
  nowMs = Date.now(),
): GiveUp | undefined {
  if (maxAttempts !== undefined) {
    if (attempt < maxAttempts) return undefined;
    const message = `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`;
    return { code: 'max_attempts', message };
  }
  // Parsed only here, on a failure path: a payload is kept as the string Pinterest receives.
  const { event_time: eventTime } = JSON.parse(payload) as { event_time?: unknown };
  const expired = typeof eventTime === 'number' && eventTime < nowMs / 1000 - MAX_EVENT_AGE_SECONDS;
  return expired
    ? { code: 'expired', message: 'older than the 7 days Pinterest accepts' }
    : undefined;
}
