import type { EventQueue, PushResult } from '../queue/event-queue.js';
import type { ReportOptions } from '../reporter.js';
import type { PinterestEvent } from '../types.js';
import type { RequestLimiter } from './limiter.js';

/**
 * How a {@link PinterestClient} reaches Pinterest, how hard it tries and where events wait. What
 * becomes of every event is told by the report stream (`onReport`, `debug`; source `client`).
 *
 * @example
 * const config: ClientConfig = { accessToken: 'pina_…', adAccountId: '549755885175', test: true };
 */
export interface ClientConfig extends ReportOptions {
  /** Conversion access token, sent as `Authorization: Bearer …`; never logged or reported. */
  accessToken: string;
  /** Ad account id: 1 to 18 digits. */
  adAccountId: string;
  /** Adds `?test=true`: Pinterest validates the events and records nothing. Default `false`. */
  test?: boolean;
  /** API base, with or without a trailing slash. Default `https://api.pinterest.com/v5`. */
  apiUrl?: string;
  /** Set as `partner_name`, when an event is queued or sent, on events that carry none. */
  partnerName?: string;
  /** Time limit of one HTTP attempt. Default `10_000` ms. */
  timeoutMs?: number;
  /** Events per request (and per claim from the queue), 1 to 1,000 (Pinterest's maximum). Default `1000`. */
  maxBatchSize?: number;
  /** How long the consumer waits for a full batch before posting a partial one. Default `1000` ms. */
  flushIntervalMs?: number;
  /**
   * Transient failures (408, 429, 5xx, timeouts, network errors; never 400, 401, 403 or 422)
   * release the events back to the queue, to be tried again after exponential backoff with full
   * jitter (`minDelayMs`·2^attempt, capped by `maxDelayMs`), until `maxAttempts`; then they are
   * reported `dead`. Without `maxAttempts`, queued events are tried while Pinterest would still
   * accept them (7 days), and `send()` makes at most 6 attempts, as a caller is waiting.
   * A Retry-After is obeyed exactly, never cut to `maxDelayMs` (see `maxRetryAfterMs`).
   * `false`: one attempt. Defaults `{ minDelayMs: 250, maxDelayMs: 30_000 }`.
   */
  retry?: { minDelayMs?: number; maxDelayMs?: number; maxAttempts?: number } | false;
  /**
   * The longest Retry-After the client waits out. Whatever its length, nothing is posted before
   * it passes (a 429 is per ad account). Up to this, the consumer waits and retries, and `flush()`
   * and `close()` wait with it; a longer one releases the events for the full Retry-After, and
   * `flush()`/`close()` do not wait for them (`send()` gives them up as `dead`). Default `60_000` ms.
   */
  maxRetryAfterMs?: number;
  /** Token bucket shared by every request. Default `{ requestsPerSecond: 100, burst: 200 }`. */
  rateLimit?: { requestsPerSecond?: number; burst?: number } | false;
  /**
   * When requests may start, instead of the `rateLimit` bucket: give one shared by every
   * instance (`redisLimiter` of `@pinbridge/redis`), so an ad account's limit is spent once.
   */
  limiter?: RequestLimiter;
  /**
   * Where events wait between `enqueue()` and delivery. Default: a {@link memoryQueue} bounded
   * by `maxQueue` and `maxQueueBytes`; give a shared, durable one (`@pinbridge/redis`) to spread
   * delivery over instances.
   */
  queue?: EventQueue;
  /** The default queue's bound by count; each event evicted is reported. Default `10_000`. */
  maxQueue?: number;
  /** The default queue's bound by bytes of event JSON. Default 16 MiB. */
  maxQueueBytes?: number;
  /**
   * Whether this client delivers what is queued. `false`: producer-only, for request handlers
   * (serverless functions) that push into a shared queue which a worker's client drains.
   * Default `true`.
   */
  consume?: boolean;
  /**
   * What to do when the queue's `push` fails (Redis unreachable or out of memory). `'memory'`:
   * the events go to an in-memory queue that this client delivers itself, even a producer-only
   * one, under an in-process `rateLimit` (the shared limiter lives where the push just failed);
   * they are reported (`error`, code `queue_fallback`, with their ids) and lost only if the
   * process dies before it delivers them. That queue is bounded by the default `maxQueue` and
   * `maxQueueBytes`; `flush()` and `close()` deliver it too. Default: none, the events are
   * reported `evicted` (code `queue_error`) and returned as `refused`.
   */
  fallback?: 'memory';
  /**
   * Called once per event Pinterest answered for: its verdict (`processed`, possibly with a
   * warning, or `failed` with Pinterest's message), also when Pinterest refused the whole
   * request (400, 401, 403). Events Pinterest never answered for are in the report stream
   * (`evicted`, `dead`). Default: none.
   */
  onResult?: (result: EventResult) => void;
  /** The fetch to use (tests, proxies, instrumentation). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * The outcome of one event, in Pinterest's words where Pinterest gave them.
 *
 * @example
 * { event_id: 'ord-1', event_name: 'checkout', status: 'processed' }
 */
export interface EventResult {
  event_id: string;
  event_name: string;
  status: 'processed' | 'failed';
  error_message?: string;
  warning_message?: string;
}

/**
 * What a `send()` call delivered, one result per event in order.
 *
 * @example
 * const { processed, failed, results } = await client.send(events);
 */
export interface SendResult {
  processed: number;
  failed: number;
  results: EventResult[];
}

/**
 * What a `flush()` or `close()` call saw happen: events Pinterest processed, events that ended
 * without being delivered (Pinterest's failures, and `dead`), and those left in the queue.
 *
 * @example
 * const { processed, failed, pending } = await client.flush({ timeoutMs: 2000 });
 */
export interface FlushResult {
  processed: number;
  failed: number;
  /** Left in the queue: delayed by a long Retry-After, leased elsewhere, or not reached in time. */
  pending: number;
}

/**
 * Delivers events to Pinterest's Conversions API through a queue, without losing any silently.
 *
 * @example
 * const client = createPinterestClient({ accessToken, adAccountId, onError: console.warn });
 * await client.enqueue(event);
 * await client.close();
 */
export interface PinterestClient {
  /** Posts now, bypassing the queue, and waits for Pinterest's verdicts (scripts, tests, demos). */
  send(events: PinterestEvent | readonly PinterestEvent[]): Promise<SendResult>;
  /**
   * Pushes into the queue; resolves once stored, never rejects. What happens next is told by the
   * report stream, `onResult` and `onError`, keyed by event_id.
   */
  enqueue(events: PinterestEvent | readonly PinterestEvent[]): Promise<PushResult>;
  /**
   * Delivers everything claimable now, without waiting for a full batch, and the retries it
   * waits out on the way; resolves when nothing claimable is left, or at `timeoutMs`.
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /**
   * Flushes within `timeoutMs` (default `5000`), then reports every event it could not deliver
   * (`dead`, code `closed`, count and ids; a durable queue keeps them instead), stops its timers
   * and refuses later events (reported `dead`). Calling it again returns the same promise.
   * `flush: false` claims nothing more: only the batches in flight may finish within `timeoutMs`
   * (a worker stopping on a shared queue, whose backlog is the next worker's). Default `true`.
   */
  close(options?: { timeoutMs?: number; flush?: boolean }): Promise<FlushResult>;
  /** Where the events wait. */
  readonly queue: EventQueue;
}
