import { PinbridgeError, type RequestLimiter } from '@pinbridge/core';
import type { RedisClient } from './connection.js';
import { redisLimiter } from './redis-limiter.js';
import { type RedisQueue, redisQueue } from './redis-queue.js';

/** A queue and a shared limit on a connection of pinbridge's own, and how to end it. */
export interface RedisDelivery {
  queue: RedisQueue;
  limiter: RequestLimiter;
  redis: RedisClient;
  /** Closes the connection (QUIT). */
  close(): Promise<void>;
}

/** Where {@link redisFromUrl} keeps its keys. */
export interface RedisFromUrlOptions {
  /** Default `PINTEREST_AD_ACCOUNT_ID`. */
  adAccountId?: string;
  /** Default `pinbridge`. */
  prefix?: string;
}

const missing = (error: unknown) =>
  (error as { code?: string } | undefined)?.code === 'ERR_MODULE_NOT_FOUND';

// Fails a command after one reconnection attempt (about 50 ms) instead of queueing it for as
// long as Redis is away: a producer must learn at once that its events were not stored.
async function connectUrl(url: string): Promise<{ redis: RedisClient; quit(): Promise<void> }> {
  try {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    // Connection errors reach the commands that fail; the event itself would only be logged.
    redis.on('error', () => {});
    return { redis, quit: async () => void (await redis.quit().catch(() => redis.disconnect())) };
  } catch (error) {
    if (!missing(error)) throw error;
  }
  try {
    const { createClient } = await import('redis');
    // The first connection fails with its cause: retried, connect() would wait for Redis
    // forever, and the first event with it. Once connected, it reconnects with a backoff.
    let connected = false;
    const redis = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries, cause) => (connected ? Math.min(retries * 50, 2000) : cause),
      },
    });
    redis.on('error', () => {});
    await redis.connect();
    connected = true;
    return { redis, quit: async () => void (await redis.close().catch(() => redis.destroy())) };
  } catch (error) {
    if (!missing(error)) throw error;
  }
  throw new PinbridgeError(
    'needs a Redis client: npm install ioredis (or redis)',
    'PINBRIDGE_REDIS_URL',
    'missing_dependency',
  );
}

/**
 * A {@link redisQueue} and a {@link redisLimiter} on a new connection to `url`, made with
 * ioredis when it is installed, else node-redis; a PinbridgeError (`missing_dependency`) when
 * neither is. What `PINBRIDGE_REDIS_URL` switches on: Next's shared client, the worker and the
 * flush route all connect through it.
 *
 * @example
 * const { queue, limiter, close } = await redisFromUrl('redis://127.0.0.1:6379');
 */
export async function redisFromUrl(
  url: string,
  options: RedisFromUrlOptions = {},
): Promise<RedisDelivery> {
  const { redis, quit } = await connectUrl(url);
  try {
    return {
      redis,
      queue: redisQueue({ redis, ...options }),
      limiter: redisLimiter({ redis, ...options }),
      close: quit,
    };
  } catch (error) {
    await quit();
    throw error;
  }
}
