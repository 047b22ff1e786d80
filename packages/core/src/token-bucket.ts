/** A bucket's refill rate and capacity. */
export interface BucketRate {
  /** Tokens added per second. */
  perSecond: number;
  /** Tokens the bucket holds at most: requests that may go at once. */
  burst: number;
}

/** A bucket's state; a plain object, so a limiter can keep thousands of them (one per IP). */
export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in milliseconds. */
  updatedAt: number;
}

/**
 * Takes one token from `bucket`, refilled up to `nowMs`. Returns 0 when a token was there, else
 * the milliseconds until one will be. A refusing caller (the inbound limiter answering 429) takes
 * nothing then; a waiting one (`reserve`, an outbound limiter that sleeps its turn) takes its
 * token anyway, so the balance goes negative and waiters are served in order instead of waking
 * up together to race for one token. Pure and synchronous: the caller owns the clock and the
 * waiting.
 *
 * @example
 * const bucket = { tokens: 30, updatedAt: Date.now() };
 * const waitMs = takeToken(bucket, { perSecond: 2, burst: 30 }, Date.now());
 * if (waitMs > 0) return tooManyRequests(Math.ceil(waitMs / 1000));
 */
export function takeToken(
  bucket: Bucket,
  rate: BucketRate,
  nowMs: number,
  reserve = false,
): number {
  const elapsed = Math.max(0, nowMs - bucket.updatedAt) / 1000;
  bucket.tokens = Math.min(rate.burst, bucket.tokens + elapsed * rate.perSecond);
  bucket.updatedAt = nowMs;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  const waitMs = ((1 - bucket.tokens) / rate.perSecond) * 1000;
  if (reserve) bucket.tokens -= 1;
  return waitMs;
}
