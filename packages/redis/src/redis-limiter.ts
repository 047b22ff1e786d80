import { numberOption, type RequestLimiter, sleep } from '@pinbridge/core';
import { connect, type RedisClient } from './connection.js';
import { accountKeys } from './keys.js';
import { PAUSE, TAKE } from './scripts.js';

/** One ad account's request limit, kept in Redis and shared by every instance. */
export interface RedisLimiterOptions {
  /** An ioredis 6 or node-redis 6 client (connected); the limiter never closes it. */
  redis: RedisClient;
  /** The ad account whose requests this limits. Default `PINTEREST_AD_ACCOUNT_ID`. */
  adAccountId?: string;
  /** As in {@link redisQueue}: the keys' hash tag is `{prefix:account}`. Default `pinbridge`. */
  prefix?: string;
  /**
   * Requests per second across every instance. Default `80` (4,800 a minute): with the burst,
   * at most 4,900 in any minute, under Pinterest's 5,000 per ad account.
   */
  requestsPerSecond?: number;
  /** Requests that may start at once after a quiet spell. Default `100`. */
  burst?: number;
}

/**
 * A {@link RequestLimiter} in Redis: GCRA (one timestamp per ad account, in a Lua script on the
 * server's clock) at `requestsPerSecond` with `burst`, and a pause that a 429's Retry-After sets
 * for every instance at once. Give it to each client that delivers for the account
 * (`createPinterestClient({ limiter })`). An instance learns of another's pause at its next
 * request; its own it knows at once.
 *
 * @example
 * import Redis from 'ioredis';
 * import { redisLimiter, redisQueue } from '@pinbridge/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const client = createPinterestClient({
 *   accessToken, adAccountId: '549755885175',
 *   queue: redisQueue({ redis, adAccountId: '549755885175' }),
 *   limiter: redisLimiter({ redis, adAccountId: '549755885175' }),
 * });
 */
export function redisLimiter(options: RedisLimiterOptions): RequestLimiter {
  const connection = connect(options.redis);
  const keys = accountKeys(options.prefix ?? 'pinbridge', options.adAccountId);
  const perSecond = numberOption('requestsPerSecond', options.requestsPerSecond, {
    fallback: 80,
    min: 0.01,
  });
  const burst = numberOption('burst', options.burst, { fallback: 100, min: 1, integer: true });
  const intervalMs = 1000 / perSecond;
  const toleranceMs = (burst - 1) * intervalMs;
  // This instance's view of the pause: pausedFor() is synchronous, Redis is not.
  let resumeAt = Number.NEGATIVE_INFINITY;
  const now = () => performance.now();
  const pausedFor = () => resumeAt - now();
  const learn = (pausedMs: number) => {
    if (pausedMs > 0) resumeAt = Math.max(resumeAt, now() + pausedMs);
  };
  return {
    async take(closing, maxPauseMs = Number.POSITIVE_INFINITY) {
      while (!closing?.closed) {
        // This instance's own pause first: its PAUSE script may still be on its way.
        const own = pausedFor();
        if (own > maxPauseMs) return own;
        if (own > 0) {
          await sleep(own, closing);
          continue;
        }
        const reply = (await connection.script(
          TAKE,
          [keys.rate, keys.pause],
          [intervalMs, toleranceMs],
        )) as [number, number];
        const [waitMs, pausedMs] = reply.map(Number);
        if (waitMs <= 0) return 0;
        learn(pausedMs);
        if (pausedMs > maxPauseMs) return pausedMs;
        await sleep(waitMs, closing);
      }
      return 0;
    },
    pause(ms) {
      learn(ms);
      // The local pause holds this instance meanwhile; should Redis fail, the others learn of
      // the 429 from their own.
      connection.script(PAUSE, [keys.pause], [Math.ceil(ms)]).catch(() => {});
    },
    pausedFor,
  };
}
