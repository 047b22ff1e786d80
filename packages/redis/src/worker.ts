import {
  clientFromEnv,
  drain,
  type FlushResult,
  type OnReport,
  PinbridgeError,
} from '@pinbridge/core';
import { redisFromUrl } from './from-url.js';

type Env = Record<string, string | undefined>;

/** What {@link runWorker} reads and how it stops. */
export interface WorkerOptions {
  /** Aborting it stops the worker: in flight finished or released within `graceMs`. */
  signal: AbortSignal;
  /** Default 5,000 ms. */
  graceMs?: number;
  /** Problems in the report stream (failed, retried, dead, queue errors). */
  onError?: OnReport;
  /** Called once the connection is made and delivery has started. */
  onReady?: (keys: { events: string }) => void;
  /** Default `process.env`. */
  env?: Env;
}

/**
 * Drains the Redis stream of `PINTEREST_AD_ACCOUNT_ID` at `PINBRIDGE_REDIS_URL` to Pinterest
 * (PINTEREST_ACCESS_TOKEN, PINTEREST_API_URL, PINTEREST_TEST_MODE, as `clientFromEnv` reads
 * them) under the account's shared limit, until `signal` aborts. Any number may run at once.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGTERM', () => controller.abort());
 * const { processed, pending } = await runWorker({ signal: controller.signal });
 */
export async function runWorker(options: WorkerOptions): Promise<FlushResult> {
  const env = options.env ?? process.env;
  const url = env.PINBRIDGE_REDIS_URL?.trim();
  if (!url) {
    throw new PinbridgeError(
      'PINBRIDGE_REDIS_URL is not set',
      'PINBRIDGE_REDIS_URL',
      'missing_config',
    );
  }
  const delivery = await redisFromUrl(url, { adAccountId: env.PINTEREST_AD_ACCOUNT_ID?.trim() });
  try {
    const client = clientFromEnv(
      { queue: delivery.queue, limiter: delivery.limiter, onError: options.onError },
      env,
    );
    options.onReady?.(delivery.queue.keys);
    return await drain(client, { signal: options.signal, graceMs: options.graceMs });
  } finally {
    await delivery.close();
  }
}
