import { backoffDelay, giveUpReason, type RetryPolicy, sleep } from './backoff.js';
import { type BatchContext, partition, postBatch } from './post-batch.js';
import { record } from './records.js';
import type { Outgoing } from './request.js';
import { eventResult, summarize } from './results.js';
import type { EventResult, SendResult } from './types.js';

// A caller waits on send(): without maxAttempts it stops after one attempt and five retries, as
// the client always did, instead of retrying for the 7 days the queue would.
const SEND_MAX_ATTEMPTS = 6;

/** Message and code of what a closing client stopped. */
export const CLOSED = { message: 'client closed before the event was delivered', code: 'closed' };

type Indexed = Outgoing & { index: number };

/** How send() retries. */
export interface SendOptions {
  maxBatchSize: number;
  retry: RetryPolicy;
  maxRetryAfterMs: number;
}

/** Reports events given up without Pinterest's verdict (`dead`) and fills in their results. */
function giveUp(
  context: BatchContext,
  items: readonly Indexed[],
  results: EventResult[],
  message: string,
  details: { code: string; status?: number; requestId?: string; attempt?: number },
) {
  const ids = items.map((item) => item.event_id);
  context.report(record('dead', ids, message, details));
  for (const item of items) results[item.index] = eventResult(item, 'failed', message);
}

async function sendChunk(
  context: BatchContext,
  items: Indexed[],
  results: EventResult[],
  options: SendOptions,
) {
  const maxAttempts = options.retry.maxAttempts ?? SEND_MAX_ATTEMPTS;
  let pending = items;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const settlements = await postBatch(context, pending, attempt);
    const { answered, results: answers, closed, transient } = partition(pending, settlements);
    for (const [index, item] of answered.entries()) results[item.index] = answers[index];
    if (closed.length > 0) giveUp(context, closed, results, CLOSED.message, CLOSED);
    pending = [];
    let backoff = 0;
    for (const [problem, group] of transient) {
      const { retryAfterMs, message, status, code, requestId } = problem;
      if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) {
        const text = `Retry-After of ${retryAfterMs} ms is longer than maxRetryAfterMs; last: ${message}`;
        giveUp(context, group, results, text, { status, requestId, code: 'retry_after', attempt });
        continue;
      }
      // maxAttempts is always set here, so no payload needs reading.
      const reason = giveUpReason(attempt, '', maxAttempts);
      if (reason) {
        const text = `${reason.message}; last: ${message}`;
        giveUp(context, group, results, text, { status, requestId, code: reason.code, attempt });
        continue;
      }
      // A Retry-After needs no sleep here: the limiter holds every request until it has passed.
      const delayMs = retryAfterMs ?? backoffDelay(attempt - 1, options.retry);
      if (retryAfterMs === undefined) backoff = Math.max(backoff, delayMs);
      const ids = group.map((item) => item.event_id);
      context.report(
        record('retried', ids, message, { status, code, requestId, attempt, delayMs }),
      );
      pending.push(...group);
    }
    if (pending.length > 0 && backoff > 0) await sleep(backoff, context.closing);
  }
}

/**
 * Posts `events` now, in requests of at most `maxBatchSize`, outside the queue, retrying
 * transient failures with the same payloads (so every event_id stays the same), and resolves
 * with one result per event, in order. Obeys Retry-After like the consumer: up to
 * `maxRetryAfterMs` it waits; a longer one gives the events up as `dead`.
 *
 * @example
 * const { processed, failed, results } = await sendNow(context, outgoing, options);
 */
export async function sendNow(
  context: BatchContext,
  events: readonly Outgoing[],
  options: SendOptions,
): Promise<SendResult> {
  const results: EventResult[] = new Array(events.length);
  const items = events.map((event, index): Indexed => ({ ...event, index }));
  const chunks: Promise<void>[] = [];
  for (let start = 0; start < items.length; start += options.maxBatchSize) {
    const chunk = items.slice(start, start + options.maxBatchSize);
    chunks.push(sendChunk(context, chunk, results, options));
  }
  await Promise.all(chunks);
  return summarize(results);
}
