import type { RequestLimiter } from '../client/limiter.js';
import { PinbridgeError } from '../error.js';
import type { EventQueue } from '../queue/event-queue.js';

type Env = Record<string, string | undefined>;

/** What `@pinbridge/redis`'s redisFromUrl gives: core only knows its shape. */
export interface RedisDelivery {
  queue: EventQueue;
  limiter: RequestLimiter;
  close(): Promise<void>;
}

/** `PINBRIDGE_REDIS_URL`, when set: the switch to delivery through Redis. */
export const redisUrlOf = (env: Env): string | undefined =>
  env.PINBRIDGE_REDIS_URL?.trim() || undefined;

/**
 * `PINBRIDGE_REDIS_FALLBACK`: `memory` makes the shared client deliver from this process what
 * Redis did not take (the client's `fallback: 'memory'`); unset, such events are reported and
 * not delivered. Any other value is a PinbridgeError (`invalid_config`), not a silent default.
 *
 * @example
 * redisFallbackOf({ PINBRIDGE_REDIS_FALLBACK: 'memory' }); // 'memory'
 */
export function redisFallbackOf(env: Env): 'memory' | undefined {
  const value = env.PINBRIDGE_REDIS_FALLBACK?.trim();
  if (!value) return undefined;
  if (value === 'memory') return value;
  throw new PinbridgeError(
    "must be 'memory' or unset",
    'PINBRIDGE_REDIS_FALLBACK',
    'invalid_config',
  );
}

// An optional peer, loaded only when PINBRIDGE_REDIS_URL is set: by a name that bundlers do not
// try to resolve at build time, so that apps without it still build.
const load = (
  name: string,
): Promise<{ redisFromUrl(url: string, o: object): Promise<RedisDelivery> }> =>
  import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ name);

/**
 * Connects to `PINBRIDGE_REDIS_URL` through `@pinbridge/redis` (with ioredis or node-redis),
 * for the keys of `PINTEREST_AD_ACCOUNT_ID`. A PinbridgeError (`missing_dependency`) says what
 * to install when a package is missing.
 *
 * @example
 * const { queue, close } = await redisFromEnv(process.env);
 */
export async function redisFromEnv(env: Env): Promise<RedisDelivery> {
  const url = redisUrlOf(env);
  if (!url) {
    throw new PinbridgeError(
      'PINBRIDGE_REDIS_URL is not set',
      'PINBRIDGE_REDIS_URL',
      'missing_config',
    );
  }
  let redis: Awaited<ReturnType<typeof load>>;
  try {
    redis = await load('@pinbridge/redis');
  } catch (error) {
    if ((error as { code?: string } | undefined)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new PinbridgeError(
      'needs @pinbridge/redis and a Redis client: npm install @pinbridge/redis ioredis',
      'PINBRIDGE_REDIS_URL',
      'missing_dependency',
    );
  }
  return redis.redisFromUrl(url, { adAccountId: env.PINTEREST_AD_ACCOUNT_ID?.trim() });
}
