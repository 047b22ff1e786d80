import type { Logger, PinterestEvent } from '../types.js';

/**
 * How a {@link PinterestClient} reaches Pinterest and how hard it tries.
 *
 * @example
 * const config: ClientConfig = { accessToken: 'pina_…', adAccountId: '549755885175', test: true };
 */
export interface ClientConfig {
  /** Conversion access token, sent as `Authorization: Bearer …`; never logged or reported. */
  accessToken: string;
  /** Ad account id: 1 to 18 digits. */
  adAccountId: string;
  /** Adds `?test=true`: Pinterest validates the events and records nothing. Default `false`. */
  test?: boolean;
  /** API base, with or without a trailing slash. Default `https://api.pinterest.com/v5`. */
  apiUrl?: string;
  /** Set as `partner_name` on events that carry none. Default: not set. */
  partnerName?: string;
  /** Time limit of one HTTP attempt, and the default deadline of `close()`. Default `10_000` ms. */
  timeoutMs?: number;
  /** Events per request, 1 to 1,000 (Pinterest's maximum). Default `1000`. */
  maxBatchSize?: number;
  /** How long `enqueue()` waits for more events before posting a partial batch. Default `1000` ms. */
  flushIntervalMs?: number;
  /**
   * Retries of 429, 5xx, timeouts and network errors (never 400, 401, 403 or 422), with
   * exponential backoff and full jitter; Retry-After is honoured up to `maxDelayMs`.
   * When the retries of an `enqueue()`d batch run out, its events go back to the front of the
   * queue while `maxQueue` has room and are tried again, backoff resuming where it stopped:
   * at-least-once delivery while the process lives, through outages of any length. `send()`
   * fails them instead. Defaults `{ retries: 5, minDelayMs: 250, maxDelayMs: 30_000 }`;
   * `false` (or `retries: 0`) disables retries and requeueing.
   */
  retry?: { retries?: number; minDelayMs?: number; maxDelayMs?: number } | false;
  /** Token bucket shared by every request. Default `{ requestsPerSecond: 100, burst: 200 }`. */
  rateLimit?: { requestsPerSecond?: number; burst?: number } | false;
  /**
   * Events `enqueue()` holds, requeued ones included, before dropping the oldest; each drop is
   * reported through `onError` (kind `overflow`). Batches in flight (at most 4) come on top.
   * Default `10_000`.
   */
  maxQueue?: number;
  /** Called once per event with its outcome. Default: none. */
  onResult?: (result: EventResult) => void;
  /**
   * Called once per failed request, dropped event or event abandoned by `close()`, with the ids
   * of the events concerned. A batch requeued after its retries has not failed: it is not
   * reported here (`debug` logs it). Default: none.
   */
  onError?: (error: DeliveryError) => void;
  /** The fetch to use (tests, proxies, instrumentation). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Receives one line per HTTP attempt (count, status, request id, attempt) and per requeue. Default: none. */
  debug?: Logger;
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
 * A request that failed or events that were never sent. Never contains the token or payloads.
 *
 * @example
 * { kind: 'http', status: 401, code: 2, message: 'Authentication failed.', event_ids: ['a', 'b'] }
 */
export interface DeliveryError {
  kind: 'http' | 'network' | 'timeout' | 'overflow' | 'closed';
  message: string;
  /** HTTP status, for `kind: 'http'`. */
  status?: number;
  /** Pinterest's error code from the response body (2, 29, 4196, 953, 8...). */
  code?: number;
  /** Pinterest's request id (`x-pinterest-rid`), for support tickets. */
  requestId?: string;
  event_ids: string[];
}

/**
 * What a `send()`, `flush()` or `close()` call delivered, one result per event in order.
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
 * Delivers events to Pinterest's Conversions API without losing any silently.
 *
 * @example
 * const client = createPinterestClient({ accessToken, adAccountId });
 * void client.enqueue(event);
 * await client.close();
 */
export interface PinterestClient {
  /** Posts now, in requests of at most `maxBatchSize` events. */
  send(events: PinterestEvent | PinterestEvent[]): Promise<SendResult>;
  /** Adds to the next batch; resolves (never rejects) with the event's outcome. */
  enqueue(event: PinterestEvent): Promise<EventResult>;
  /**
   * Posts everything queued and waits until every event queued or in flight has its outcome;
   * through an outage, requeued events keep it waiting: `close({ timeoutMs })` bounds the wait.
   */
  flush(): Promise<SendResult>;
  /** Flushes within `timeoutMs` (default: the config's), then refuses new events. */
  close(options?: { timeoutMs?: number }): Promise<SendResult>;
  /** Events queued or in flight. */
  readonly pending: number;
}
