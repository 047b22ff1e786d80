import { numberOption } from '../client/config.js';
import type { PinterestClient } from '../client/types.js';
import { createReporter, type ReportOptions } from '../reporter.js';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from './body.js';
import { assertTrustProxy, type ClientIpOptions } from './client-ip.js';
import { DEFAULT_MAX_FLUSH_MS, type DeliveryOptions, freezesAfterResponse } from './delivery.js';
import type { GetUser } from './events.js';
import { createRateLimiter, originChecker, type RateLimitOptions } from './guards.js';
import {
  assertGpcOption,
  type BotUserAgents,
  botMatcher,
  DEFAULT_MAX_EVENT_AGE_SECONDS,
  type PolicyOptions,
} from './policy.js';
import { visitCheckOf } from './visit-check.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_SHAPE_LIMITS } from './wire-check.js';

/** Options of {@link createPinHandler}. */
export interface PinHandlerOptions
  extends PolicyOptions,
    ClientIpOptions,
    DeliveryOptions,
    ReportOptions {
  /** The client to deliver with. Default: one per process from PINTEREST_* env variables. */
  client?: PinterestClient;
  /**
   * The signed-in user, read on the server (session, auth library). Its values win over the
   * identifiers the browser sent. An adapter may pass its own as `context.getUser` (closing over
   * its native request); that one wins. Default: none.
   */
  getUser?: GetUser;
  /** Largest batch one request may carry. Default `25`. */
  maxEvents?: number;
  /**
   * Largest body read, in bytes; past it the read stops and the answer is 413. Default `16384`.
   *
   * @example
   * maxBodyBytes: 32 * 1024
   */
  maxBodyBytes?: number;
  /**
   * Time the body may take to arrive, in ms; past it the read stops and the answer is 408 with
   * `Connection: close`. Default `10000`.
   */
  bodyTimeoutMs?: number;
  /**
   * Origins besides this site's own that may post (the page's origin when `/api/pin` lives on
   * another host). Default: none; other sites' posts get 403.
   *
   * @example
   * allowedOrigins: ['https://www.shop.example']
   */
  allowedOrigins?: readonly string[];
  /**
   * Per-IP token bucket, or `false` to turn it off (a limit in your proxy or WAF instead).
   * Default `{ requestsPerMinute: 120, burst: 30, maxTrackedIps: 10_000 }`; past it, 429 with
   * Retry-After.
   *
   * @example
   * rateLimit: { requestsPerMinute: 60, burst: 10 }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * User agents whose events are answered 202 `skipped: 'bot'` and not forwarded: a RegExp,
   * case-insensitive fragments, or `false`. Default `DEFAULT_BOT_USER_AGENTS`.
   *
   * @example
   * botUserAgents: [...DEFAULT_BOT_USER_AGENTS, 'headlesschrome', 'lighthouse']
   */
  botUserAgents?: BotUserAgents;
  /**
   * Oldest browser-reported event time kept, in seconds; older times (and future ones) are
   * clamped, not refused (reported as `value_dropped` on `event_time`). Default `604800` (7 days,
   * Pinterest's limit).
   *
   * @example
   * maxEventAgeSeconds: 24 * 60 * 60
   */
  maxEventAgeSeconds?: number;
  /**
   * In development, a page view posted without the `_pb_bid` cookie the proxy sets on page loads
   * (the proxy or middleware calling `pinterestVisit` is not running) logs one line per process,
   * ending with this: where the proxy belongs in your framework (an adapter gives its own).
   * `false` turns the check off. See `visitCheckOf` for the exact rule.
   *
   * @example
   * missingVisitHint: 'app.use(pinterest.cookies()) must come before your routes.'
   */
  missingVisitHint?: string | false;
}

function count(value: number | undefined, fallback: number, name: string): number {
  return numberOption(name, value, { fallback, min: 1, integer: true });
}

/**
 * The options resolved once per handler (the limiter's buckets must outlive each request), each
 * checked: a nonsensical one throws a PinbridgeError (`invalid_config`) at startup rather than on
 * the first request.
 *
 * @example
 * const settings = resolveSettings({ rateLimit: { requestsPerMinute: 60 } });
 */
export function resolveSettings(options: PinHandlerOptions) {
  const maxEvents = count(options.maxEvents, DEFAULT_MAX_EVENTS, 'maxEvents');
  assertTrustProxy(options.trustProxy);
  assertGpcOption(options.gpc, 'gpc');
  return {
    options,
    report: createReporter(options),
    body: {
      maxBytes: count(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
      timeoutMs: count(options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS, 'bodyTimeoutMs'),
    },
    maxEvents,
    maxEventAgeSeconds: count(
      options.maxEventAgeSeconds,
      DEFAULT_MAX_EVENT_AGE_SECONDS,
      'maxEventAgeSeconds',
    ),
    // The events array may hold `maxEvents`, even when that is above the generic array cap.
    shapeLimits: {
      ...DEFAULT_SHAPE_LIMITS,
      maxArrayItems: Math.max(DEFAULT_SHAPE_LIMITS.maxArrayItems, maxEvents),
    },
    delivery: {
      flush: options.flushAfterResponse ?? freezesAfterResponse(),
      maxFlushMs: count(options.maxFlushMs, DEFAULT_MAX_FLUSH_MS, 'maxFlushMs'),
    },
    originRefusal: originChecker(options.allowedOrigins),
    limit: createRateLimiter(options.rateLimit),
    isBot: botMatcher(options.botUserAgents),
    visitCheck: visitCheckOf(options, options.missingVisitHint),
  };
}

export type HandlerSettings = ReturnType<typeof resolveSettings>;
