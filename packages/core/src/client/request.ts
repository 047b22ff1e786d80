import type { Logger, PinterestEvent } from '../types.js';
import { parseRetryAfter, type RetryPolicy, retryDelay, sleep } from './backoff.js';
import type { Closing } from './closing.js';
import type { TokenBucket } from './token-bucket.js';

/** What every request of one client shares. */
export interface Transport {
  url: string;
  accessToken: string;
  partnerName?: string;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: typeof fetch;
  limiter?: TokenBucket;
  /** Aborted when `close()` gives up: stops waits, retries and requests in flight. */
  closing: Closing;
  debug?: Logger;
}

/** How one request ended, after any retries. Messages are already free of the token. */
export type Outcome =
  | {
      kind: 'response';
      status: number;
      body: unknown;
      code?: number;
      message: string;
      requestId?: string;
      retryAfterMs?: number;
    }
  | { kind: 'network' | 'timeout'; message: string }
  | { kind: 'closed' };

/**
 * Removes the token from text that came from elsewhere (a server's message, a socket error).
 *
 * @example
 * redact('bad token pina_x', 'pina_x'); // 'bad token [redacted]'
 */
export function redact(text: string, token: string): string {
  return text.split(token).join('[redacted]');
}

/**
 * Whether a later attempt may succeed: 408, 429, 5xx, timeouts and network errors.
 *
 * @example
 * isTransient({ kind: 'timeout', message: 'no response within 10000 ms' }); // true
 */
export const isTransient = (outcome: Outcome): boolean =>
  outcome.kind === 'network' ||
  outcome.kind === 'timeout' ||
  (outcome.kind === 'response' &&
    (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500));

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and puts the useful part (ECONNRESET, "other side closed") in cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function attempt(
  transport: Transport,
  body: string,
  count: number,
  attemptNumber: number,
): Promise<Outcome> {
  const { accessToken, debug, closing, timeoutMs } = transport;
  await transport.limiter?.take(closing);
  if (closing.closed) return { kind: 'closed' };
  // One signal for "timed out" or "client closed", built by hand: AbortSignal.any and
  // AbortSignal.timeout are missing from some edge runtimes.
  const controller = new AbortController();
  const abort = () => controller.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, timeoutMs);
  const cancel = closing.onClose(abort);
  try {
    // Called unbound: some runtimes reject a native fetch invoked as a method of another object.
    const { fetch } = transport;
    const response = await fetch(transport.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body,
      signal: controller.signal,
    });
    const parsed = parseBody(await response.text());
    const requestId = response.headers.get('x-pinterest-rid') ?? undefined;
    const { status } = response;
    debug?.('pinbridge: POST events', { count, status, requestId, attempt: attemptNumber });
    const fields =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const message = typeof fields.message === 'string' ? fields.message : `HTTP ${status}`;
    return {
      kind: 'response',
      status,
      body: parsed,
      code: typeof fields.code === 'number' ? fields.code : undefined,
      message: redact(message, accessToken),
      requestId,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (closing.closed) return { kind: 'closed' };
    const kind = timedOut ? 'timeout' : 'network';
    debug?.('pinbridge: POST events', { count, status: kind, attempt: attemptNumber });
    const message = timedOut ? `no response within ${timeoutMs} ms` : describe(error);
    return { kind, message: redact(message, accessToken) };
  } finally {
    clearTimeout(timer);
    cancel();
  }
}

/**
 * Posts `{ data: events }`, retrying 408, 429, 5xx, timeouts and network errors with the same
 * body (so every event_id stays the same) until `retry.retries` run out. `retriedBefore` counts
 * the retries earlier rounds of these events spent, so that backoff resumes where it stopped
 * instead of hammering an endpoint that is down.
 *
 * @example
 * const outcome = await postEvents(transport, events);
 */
export async function postEvents(
  transport: Transport,
  events: readonly PinterestEvent[],
  retriedBefore = 0,
): Promise<Outcome> {
  const { partnerName, retry } = transport;
  const data = partnerName
    ? events.map((event) => ({ ...event, partner_name: event.partner_name ?? partnerName }))
    : events;
  const body = JSON.stringify({ data });
  let retries = 0;
  while (true) {
    const outcome = await attempt(transport, body, events.length, retries + 1);
    if (!isTransient(outcome) || retries >= retry.retries) return outcome;
    const retryAfterMs = outcome.kind === 'response' ? outcome.retryAfterMs : undefined;
    await sleep(retryDelay(retriedBefore + retries, retryAfterMs, retry), transport.closing);
    retries += 1;
  }
}
