import { errorName } from '../error.js';
import { memoryQueue } from '../queue/memory-queue.js';
import { toPayload } from '../queue/payload.js';
import { createReporter } from '../reporter.js';
import type { PinterestEvent } from '../types.js';
import { createClosing } from './closing.js';
import { resolveConfig } from './config.js';
import { Consumer } from './consumer.js';
import { memoryFallback } from './fallback.js';
import { createLimiter } from './limiter.js';
import type { BatchContext } from './post-batch.js';
import { record } from './records.js';
import { eventResult, summarize } from './results.js';
import { CLOSED, sendNow } from './send-now.js';
import { SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
import type { ClientConfig, FlushResult, PinterestClient } from './types.js';

const list = (events: PinterestEvent | readonly PinterestEvent[]): readonly PinterestEvent[] =>
  Array.isArray(events) ? events : [events as PinterestEvent];

const eventIds = (events: readonly PinterestEvent[]) => events.map((event) => event.event_id);

/**
 * A client for Pinterest's Conversions API on an {@link EventQueue}: `enqueue()` stores and
 * returns, a consumer loop claims batches of up to 1,000, posts them under a rate limit, and acks
 * or releases them (backoff with full jitter; Retry-After obeyed exactly). Every stage of every
 * event is in the report stream (`onReport`, `debug`; problems also to `onError`).
 *
 * @example
 * const client = createPinterestClient({
 *   accessToken: process.env.PINTEREST_ACCESS_TOKEN!,
 *   adAccountId: '549755885175',
 *   onError: (report) => console.warn(report.stage, report.message, report.event_ids),
 * });
 * await client.enqueue(event); // stored; delivered within flushIntervalMs
 * await client.close(); // on shutdown: delivers what it can in 5 s, reports the rest
 */
export function createPinterestClient(config: ClientConfig): PinterestClient {
  const options = resolveConfig(config);
  const { maxBatchSize, timeoutMs, maxRetryAfterMs, partnerName } = options;
  const queue =
    config.queue ?? memoryQueue({ maxQueue: config.maxQueue, maxQueueBytes: config.maxQueueBytes });
  const report = createReporter(config);
  const closing = createClosing();
  const context: BatchContext = {
    url: options.url,
    accessToken: options.accessToken,
    timeoutMs,
    maxRetryAfterMs,
    // Looked up per call, so a fetch patched after creation (instrumentation, tests) is used.
    fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    limiter: config.limiter ?? createLimiter(options.rateLimit),
    closing,
    report,
    answer(results) {
      const { onResult } = config;
      if (!onResult) return;
      for (const result of results) {
        // A throwing callback must not break the delivery of other events.
        try {
          onResult(result);
        } catch (error) {
          const message = `onResult threw ${errorName(error)}`;
          report(record('error', [result.event_id], message, { code: 'callback' }));
        }
      }
    },
  };
  // A lease outlives everything one batch can spend: a Retry-After wait, then a request per
  // bisection level of a 400, each up to timeoutMs. Only a crashed consumer's lease expires.
  const leaseMs = (Math.ceil(Math.log2(maxBatchSize)) + 1) * timeoutMs + maxRetryAfterMs;
  const consumer = options.consume
    ? new Consumer({ ...options, queue, context, leaseMs, abort: () => closing.close() })
    : undefined;
  const stamp = (events: readonly PinterestEvent[]): readonly PinterestEvent[] =>
    partnerName
      ? events.map((event) =>
          event.partner_name === undefined ? { ...event, partner_name: partnerName } : event,
        )
      : events;
  const fallback = options.fallback
    ? memoryFallback(config, report, createPinterestClient)
    : undefined;
  let closed: Promise<FlushResult> | undefined;

  function refuse(ids: string[]) {
    if (ids.length > 0) report(record('dead', ids, `${CLOSED.message}: refused`, CLOSED));
  }

  async function closeOwn(closeTimeoutMs: number, flush: boolean): Promise<FlushResult> {
    if (consumer) return consumer.close(closeTimeoutMs, flush);
    // A producer-only client delivers nothing, so it leaves the queue to the one that does.
    closing.close();
    return { processed: 0, failed: 0, pending: await queue.depth() };
  }

  function closeWithin(closeTimeoutMs: number, flush: boolean): Promise<FlushResult> {
    const own = closeOwn(closeTimeoutMs, flush);
    return fallback
      ? fallback.join(own, (client) => client.close({ timeoutMs: closeTimeoutMs, flush }))
      : own;
  }

  return {
    queue,
    async send(input) {
      const events = list(input);
      if (closed) {
        refuse(eventIds(events));
        return summarize(events.map((event) => eventResult(event, 'failed', CLOSED.message)));
      }
      const outgoing = stamp(events).map((event) => ({
        event_id: event.event_id,
        event_name: event.event_name,
        payload: toPayload(event),
      }));
      return sendNow(context, outgoing, options);
    },
    async enqueue(input) {
      const events = stamp(list(input));
      if (closed) {
        const ids = eventIds(events);
        refuse(ids);
        return { evicted: [], refused: ids };
      }
      if (events.length === 0) return { evicted: [], refused: [] };
      let result: Awaited<ReturnType<typeof queue.push>>;
      try {
        result = await queue.push(events);
      } catch (error) {
        if (fallback) return fallback.take(events, error);
        const ids = eventIds(events);
        const message = `queue push failed: ${errorName(error)}`;
        report(record('evicted', ids, message, { code: 'queue_error' }));
        return { evicted: [], refused: ids };
      }
      const { evicted, refused } = result;
      // The ids of a queued record cost an array per push: built only when someone reads them.
      if (report.routine && events.length > refused.length) {
        const left = new Set(refused);
        const stored = eventIds(events).filter((id) => !left.has(id));
        report(record('queued', stored, 'stored in the queue'));
      }
      if (evicted.length > 0) {
        const message = 'queue full: evicted the oldest events to make room';
        report(record('evicted', evicted, message, { code: 'queue_full' }));
      }
      if (refused.length > 0) {
        const message = 'refused by the queue: larger than its byte bound, or no room';
        report(record('evicted', refused, message, { code: 'queue_refused' }));
      }
      // The queue refuses an event by listing its id once: what is left was stored.
      consumer?.pushed(events.length - refused.length);
      return result;
    },
    flush(flushOptions) {
      const own =
        consumer && !closed
          ? consumer.flush(flushOptions?.timeoutMs)
          : queue.depth().then((pending) => ({ processed: 0, failed: 0, pending }));
      return fallback ? fallback.join(own, (client) => client.flush(flushOptions)) : own;
    },
    close(closeOptions) {
      closed ??= closeWithin(
        closeOptions?.timeoutMs ?? SHUTDOWN_TIMEOUT_MS,
        closeOptions?.flush ?? true,
      );
      return closed;
    },
  };
}
