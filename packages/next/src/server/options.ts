import type { EventName, PinterestClient } from '@pinbridge/core';
import type { BotUserAgents } from './bots.js';
import type { ConsentOption } from './consent-gate.js';
import type { DebugOption } from './debug.js';
import type { LdpOptions } from './ldp.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { OnReport } from './report.js';

/**
 * Options shared by the App Router handler and the Pages Router API route. `Req` is the request
 * your callbacks receive: `Request` (App Router) or `NextApiRequest` (Pages Router).
 */
export interface PinterestPipelineOptions<Req = Request> {
  /** The client to deliver with. Default: one per process from PINTEREST_* env variables. */
  client?: PinterestClient;
  /**
   * Send only for visitors who granted consent. Default `false` (an explicit refusal always stops
   * the events), or `true` when `consent` names a cookie.
   */
  requireConsent?: boolean;
  /**
   * How the server reads consent, whatever the browser claims: the cookie and its values, or a
   * function that decides alone. Default `{ cookie: '_pb_consent', granted: ['granted'], denied: ['denied'] }`.
   *
   * @example
   * consent: { cookie: 'cookie_consent', granted: ['all', 'marketing'] }
   * consent: (request) => request.headers.get('cookie')?.includes('OptanonConsent=groups=C0004:1') ?? false
   */
  consent?: ConsentOption<Req>;
  /**
   * Limited Data Processing: visitors in these US states get `opt_out_type: 'LDP'` and their
   * hashed state and country on every event. Default: off.
   *
   * @example
   * ldp: { states: ['CA', 'CO', 'CT', 'OR', 'TX'] }
   */
  ldp?: LdpOptions<Req>;
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
   * clamped, not refused. Default `604800` (7 days, Pinterest's limit).
   *
   * @example
   * maxEventAgeSeconds: 24 * 60 * 60
   */
  maxEventAgeSeconds?: number;
  /** Your event names and the Pinterest events they become; replaces core's semantic table. */
  mapping?: Readonly<Record<string, EventName>>;
  /** Receives every dropped or failed event (counts and ids, no PII). Default: console.error. */
  onError?: OnReport;
  /**
   * Logs each request's outcome (refused and why, skipped, clamped, accepted) without values.
   * Default: off.
   *
   * @example
   * debug: process.env.NODE_ENV !== 'production'
   */
  debug?: DebugOption;
}
