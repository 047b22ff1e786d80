import type { Logger } from '@pinbridge/core';
import { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
import { botMatcher } from './bots.js';
import { DEFAULT_SHAPE_LIMITS, type ShapeLimits } from './check-shape.js';
import { debugLogger } from './debug.js';
import type { PinterestPipelineOptions } from './options.js';
import { DEFAULT_MAX_EVENTS } from './parse-body.js';
import { createRateLimiter } from './rate-limit.js';
import type { Refusal } from './refusal.js';
import { type OnReport, reporter } from './report.js';

/** The options, resolved once per handler: the limiter's buckets must outlive each request. */
export interface PipelineSettings<Req> {
  options: PinterestPipelineOptions<Req>;
  report: OnReport;
  debug: Logger;
  maxBodyBytes: number;
  shapeLimits: ShapeLimits;
  limit: (ip: string | undefined) => Refusal | undefined;
  isBot: (userAgent: string | undefined) => boolean;
}

/**
 * Resolves defaults and builds the stateful parts (rate limiter, bot matcher) of a pipeline.
 * Throws a TypeError for a nonsensical limit, at startup rather than on the first request.
 *
 * @example
 * const settings = resolveSettings({ rateLimit: { requestsPerMinute: 60 } });
 */
export function resolveSettings<Req>(
  options: PinterestPipelineOptions<Req>,
): PipelineSettings<Req> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new TypeError('pinbridge: maxBodyBytes must be a positive integer');
  }
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  return {
    options,
    report: reporter(options.onError),
    debug: debugLogger(options.debug),
    maxBodyBytes,
    // The events array may hold `maxEvents`, even when that is above the generic array cap.
    shapeLimits: {
      ...DEFAULT_SHAPE_LIMITS,
      maxArrayItems: Math.max(DEFAULT_SHAPE_LIMITS.maxArrayItems, maxEvents),
    },
    limit: createRateLimiter(options.rateLimit),
    isBot: botMatcher(options.botUserAgents),
  };
}
