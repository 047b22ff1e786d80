import { PinbridgeError } from '../error.js';
import type { RetryPolicy } from './backoff.js';
import type { ClientConfig } from './types.js';
import { eventsUrl } from './url.js';

/** A checked {@link ClientConfig} with every default filled in. */
export interface ResolvedConfig {
  url: string;
  accessToken: string;
  partnerName?: string;
  timeoutMs: number;
  maxBatchSize: number;
  flushIntervalMs: number;
  retry: RetryPolicy;
  maxRetryAfterMs: number;
  rateLimit: { requestsPerSecond: number; burst: number } | false;
  consume: boolean;
  fallback: 'memory' | undefined;
}

/** Pinterest accepts at most this many events per request. */
export const MAX_BATCH_SIZE = 1000;

/** The range {@link numberOption} accepts, and what it returns for an option not set. */
export interface Bounds {
  fallback: number;
  min: number;
  max?: number;
  integer?: boolean;
}

/**
 * A numeric option, checked against `bounds`, or its fallback when not set. The error (a
 * PinbridgeError, `invalid_config`) names the option and the rule, never the value: the one rule
 * of pinbridge's packages, and of queues and limiters of yours.
 *
 * @example
 * numberOption('maxQueue', options.maxQueue, { fallback: 10_000, min: 1, integer: true });
 */
export function numberOption(path: string, value: number | undefined, bounds: Bounds): number {
  const { fallback, min, max = Number.POSITIVE_INFINITY, integer = false } = bounds;
  if (value === undefined) return fallback;
  const valid = typeof value === 'number' && value >= min && value <= max;
  if (!valid || (integer && !Number.isInteger(value))) {
    const range = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `from ${min} to ${max}`;
    throw new PinbridgeError(
      `must be ${integer ? 'an integer' : 'a number'} ${range}`,
      path,
      'invalid_config',
    );
  }
  return value;
}

function rateLimitOption(rate: ClientConfig['rateLimit']): ResolvedConfig['rateLimit'] {
  if (rate === false) return false;
  return {
    requestsPerSecond: numberOption('rateLimit.requestsPerSecond', rate?.requestsPerSecond, {
      fallback: 100,
      min: 0.01,
    }),
    burst: numberOption('rateLimit.burst', rate?.burst, { fallback: 200, min: 1, integer: true }),
  };
}

/**
 * Checks a client config and fills in defaults. Errors name the option, never its value, so a
 * malformed token is not echoed into logs.
 *
 * @example
 * resolveConfig({ accessToken: 'pina_…', adAccountId: '1' }).maxBatchSize; // 1000
 */
export function resolveConfig(config: ClientConfig): ResolvedConfig {
  // A token with whitespace or control characters would make fetch throw an error quoting it.
  if (typeof config.accessToken !== 'string' || !/^[\x21-\x7e]+$/.test(config.accessToken)) {
    throw new PinbridgeError(
      'must be a non-empty token without spaces',
      'accessToken',
      'invalid_config',
    );
  }
  if (config.queue && (config.maxQueue !== undefined || config.maxQueueBytes !== undefined)) {
    // The bounds belong to the queue; silently ignoring them would hide a misconfiguration.
    throw new PinbridgeError(
      'set the bounds on the queue itself when you pass `queue`',
      config.maxQueue === undefined ? 'maxQueueBytes' : 'maxQueue',
      'invalid_config',
    );
  }
  if (config.limiter && config.rateLimit !== undefined) {
    throw new PinbridgeError(
      'set the rate on the limiter itself when you pass `limiter`',
      'rateLimit',
      'invalid_config',
    );
  }
  if (config.fallback !== undefined && config.fallback !== 'memory') {
    throw new PinbridgeError("must be 'memory' or unset", 'fallback', 'invalid_config');
  }
  const retry = config.retry === false ? { maxAttempts: 1 } : (config.retry ?? {});
  const minDelayMs = numberOption('retry.minDelayMs', retry.minDelayMs, { fallback: 250, min: 0 });
  return {
    url: eventsUrl(config),
    accessToken: config.accessToken,
    partnerName: config.partnerName,
    timeoutMs: numberOption('timeoutMs', config.timeoutMs, { fallback: 10_000, min: 1 }),
    maxBatchSize: numberOption('maxBatchSize', config.maxBatchSize, {
      fallback: MAX_BATCH_SIZE,
      min: 1,
      max: MAX_BATCH_SIZE,
      integer: true,
    }),
    flushIntervalMs: numberOption('flushIntervalMs', config.flushIntervalMs, {
      fallback: 1000,
      min: 0,
    }),
    retry: {
      minDelayMs,
      maxDelayMs: numberOption('retry.maxDelayMs', retry.maxDelayMs, {
        fallback: Math.max(30_000, minDelayMs),
        min: minDelayMs,
      }),
      maxAttempts:
        retry.maxAttempts === undefined
          ? undefined
          : numberOption('retry.maxAttempts', retry.maxAttempts, {
              fallback: 1,
              min: 1,
              integer: true,
            }),
    },
    maxRetryAfterMs: numberOption('maxRetryAfterMs', config.maxRetryAfterMs, {
      fallback: 60_000,
      min: 0,
    }),
    rateLimit: rateLimitOption(config.rateLimit),
    consume: config.consume ?? true,
    fallback: config.fallback,
  };
}
