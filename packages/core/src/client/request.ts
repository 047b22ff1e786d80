import { requestBody } from '../queue/payload.js';
import type { OnReport } from '../report.js';
import { inSpan } from '../telemetry/api.js';
import { endRequestSpan, startRequestSpan } from '../telemetry/request-span.js';
import { parseRetryAfter } from './backoff.js';
import type { Closing } from './closing.js';
import type { RequestLimiter } from './limiter.js';
import { record } from './records.js';

/** What every request of one client shares. */
export interface Transport {
  url: string;
  accessToken: string;
  timeoutMs: number;
  /** The longest Retry-After a request waits out before it starts. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  limiter: RequestLimiter;
  /** Fired when `close()` gives up: stops waits and requests in flight. */
  closing: Closing;
  report: OnReport;
}

/** An event on its way to Pinterest: a {@link QueuedEvent}, or one `send()` serialized. */
export interface Outgoing {
  event_id: string;
  event_name: string;
  /** The event's JSON, exactly as Pinterest receives it in `data`. */
  payload: string;
}

/** How one request ended. Messages are already free of the token. */
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
  /** Not posted: Pinterest asked the client to wait longer than `maxRetryAfterMs`. */
  | { kind: 'paused'; message: string; retryAfterMs: number }
  | { kind: 'closed' };

/** A failed request as the report stream tells it: never the body, never the token. */
export interface Problem {
  message: string;
  status?: number;
  code?: number;
  requestId?: string;
  /** What Pinterest's Retry-After asked for, when it did. */
  retryAfterMs?: number;
}

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
 * Whether a later attempt may succeed: 408, 429, 5xx, timeouts, network errors, and a request not
 * posted because of a long Retry-After.
 *
 * @example
 * isTransient({ kind: 'timeout', message: 'no response within 10000 ms' }); // true
 */
export const isTransient = (outcome: Outcome): boolean =>
  outcome.kind === 'network' ||
  outcome.kind === 'timeout' ||
  outcome.kind === 'paused' ||
  (outcome.kind === 'response' &&
    (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500));

/**
 * A failed outcome as a {@link Problem}; an HTTP one reads `HTTP 401 (code 2): Authentication failed.`
 *
 * @example
 * problemOf({ kind: 'network', message: 'fetch failed: ECONNREFUSED' }).message;
 */
export function problemOf(outcome: Exclude<Outcome, { kind: 'closed' }>): Problem {
  if (outcome.kind !== 'response') {
    const { message } = outcome;
    return outcome.kind === 'paused'
      ? { message, retryAfterMs: outcome.retryAfterMs }
      : { message };
  }
  const { status, code, requestId, retryAfterMs } = outcome;
  const coded = code === undefined ? '' : ` (code ${code})`;
  return {
    message: `HTTP ${status}${coded}: ${outcome.message}`,
    status,
    code,
    requestId,
    retryAfterMs,
  };
}

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

/**
 * Posts `entries` once as `{ data: [...] }`, after the rate limit and any Retry-After pause, and
 * reports it (`sent`, with the attempt, the status and Pinterest's request id). A Retry-After on
 * a transient answer pauses every request of the client for that long. With a tracer provider
 * registered, the request is a span (see `startRequestSpan`).
 *
 * @example
 * const outcome = await postOnce(transport, entries, 1);
 */
export async function postOnce(
  transport: Transport,
  entries: readonly Outgoing[],
  attempt: number,
): Promise<Outcome> {
  const { closing, limiter } = transport;
  const paused = await limiter.take(closing, transport.maxRetryAfterMs);
  if (closing.closed) return { kind: 'closed' };
  if (paused > 0) {
    const message = `not posted: Pinterest asked to wait ${Math.ceil(paused)} ms (Retry-After), longer than maxRetryAfterMs`;
    return { kind: 'paused', message, retryAfterMs: paused };
  }
  const span = startRequestSpan(transport.url, entries.length, attempt);
  if (!span) return post(transport, entries, attempt);
  const outcome = await inSpan(span, () => post(transport, entries, attempt));
  endRequestSpan(span, outcome);
  return outcome;
}

/** The request itself: one POST, its answer read, reported `sent`. */
async function post(
  transport: Transport,
  entries: readonly Outgoing[],
  attempt: number,
): Promise<Outcome> {
  const { accessToken, closing, timeoutMs, limiter } = transport;
  const ids = entries.map((entry) => entry.event_id);
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
      body: requestBody(entries),
      signal: controller.signal,
    });
    const parsed = parseBody(await response.text());
    const requestId = response.headers.get('x-pinterest-rid') ?? undefined;
    const { status } = response;
    const fields =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const message = typeof fields.message === 'string' ? fields.message : `HTTP ${status}`;
    const outcome: Outcome = {
      kind: 'response',
      status,
      body: parsed,
      code: typeof fields.code === 'number' ? fields.code : undefined,
      message: redact(message, accessToken),
      requestId,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
    transport.report(record('sent', ids, `HTTP ${status}`, { status, requestId, attempt }));
    if (outcome.retryAfterMs !== undefined && isTransient(outcome)) {
      limiter.pause(outcome.retryAfterMs);
    }
    return outcome;
  } catch (error) {
    if (closing.closed) return { kind: 'closed' };
    const kind = timedOut ? 'timeout' : 'network';
    const message = redact(
      timedOut ? `no response within ${timeoutMs} ms` : describe(error),
      accessToken,
    );
    transport.report(record('sent', ids, message, { attempt }));
    return { kind, message };
  } finally {
    clearTimeout(timer);
    cancel();
  }
}
