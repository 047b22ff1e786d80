import type { PinterestEvent } from '../types.js';
import { createBatcher } from './batcher.js';
import { createClosing } from './closing.js';
import { resolveConfig } from './config.js';
import { type BatchContext, CLOSED_MESSAGE, type Deferred, postBatch } from './post-batch.js';
import { createTicket, type Ticket } from './queue.js';
import { eventResult, summarize } from './results.js';
import { createTokenBucket } from './token-bucket.js';
import type { ClientConfig, DeliveryError, PinterestClient, SendResult } from './types.js';

const outcomes = async (tickets: Ticket[]): Promise<SendResult> =>
  summarize(await Promise.all(tickets.map((ticket) => ticket.result)));

/**
 * A client for Pinterest's Conversions API: batching, retries, rate limiting, per-event results.
 *
 * @example
 * const client = createPinterestClient({
 *   accessToken: process.env.PINTEREST_ACCESS_TOKEN!,
 *   adAccountId: '549755885175',
 *   onError: (error) => console.warn(error.kind, error.message, error.event_ids),
 * });
 * const { processed, failed } = await client.send(event);
 */
export function createPinterestClient(config: ClientConfig): PinterestClient {
  const options = resolveConfig(config);
  const { maxBatchSize, rateLimit } = options;
  const closing = createClosing();
  const context: BatchContext = {
    url: options.url,
    accessToken: options.accessToken,
    partnerName: options.partnerName,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    // Looked up per call, so a fetch patched after creation (instrumentation, tests) is used.
    fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    limiter: rateLimit === false ? undefined : createTokenBucket(rateLimit),
    closing,
    debug: config.debug,
    report: (error) => notify(config.onError, error),
  };
  const inFlight = new Set<Ticket>();
  // Queued events are requeued after transient failures unless retries are off altogether.
  const requeue = options.retry.retries > 0;
  const batcher = createBatcher({ ...options, deliver: (tickets) => deliver(tickets, requeue) });
  let closed: Promise<SendResult> | undefined;

  // A throwing callback must not break the delivery of other events.
  function notify<T>(callback: ((value: T) => void) | undefined, value: T) {
    try {
      callback?.(value);
    } catch (error) {
      config.debug?.('pinbridge: callback threw', { error: String(error) });
    }
  }

  function abandon(tickets: Ticket[], error: Omit<DeliveryError, 'event_ids'>) {
    // Tickets that close() already abandoned were reported then; report each event once.
    const open = tickets.filter((ticket) => !ticket.settled);
    if (open.length === 0) return;
    context.report({ ...error, event_ids: open.map((ticket) => ticket.event.event_id) });
    for (const ticket of open) {
      inFlight.delete(ticket);
      const result = eventResult(ticket.event, 'failed', error.message);
      if (ticket.settle(result)) notify(config.onResult, result);
    }
  }

  // At-least-once while the process lives: events whose request ran out of retries on a transient
  // failure go back to the front of the queue, as far as maxQueue allows, and are tried again.
  function postpone(tickets: Ticket[], reason: Deferred['deferred']) {
    const waiting = tickets.filter((ticket) => !ticket.settled);
    for (const ticket of waiting) ticket.requeues += 1;
    const left = batcher.requeue(waiting);
    const requeues = Math.max(0, ...waiting.map((ticket) => ticket.requeues));
    config.debug?.('pinbridge: requeued after retries', {
      count: waiting.length - left.length,
      dropped: left.length,
      requeues,
      reason: reason.status ?? reason.kind,
    });
    const message = `${reason.message}; queue full (maxQueue ${options.maxQueue}): not requeued`;
    abandon(left, { ...reason, kind: 'overflow', message });
  }

  async function deliver(tickets: Ticket[], deferTransient: boolean) {
    for (const ticket of tickets) inFlight.add(ticket);
    try {
      const requeues = Math.max(0, ...tickets.map((ticket) => ticket.requeues));
      const settlements = await postBatch(
        context,
        tickets.map((ticket) => ticket.event),
        { defer: deferTransient, retriedBefore: requeues * options.retry.retries },
      );
      const later: Ticket[] = [];
      let reason: Deferred['deferred'] | undefined;
      for (const [index, ticket] of tickets.entries()) {
        inFlight.delete(ticket);
        const settlement = settlements[index];
        if ('deferred' in settlement) {
          later.push(ticket);
          reason = settlement.deferred;
        } else if (ticket.settle(settlement)) notify(config.onResult, settlement);
      }
      if (reason) postpone(later, reason);
    } catch (error) {
      // postBatch does not throw; this keeps a broken custom fetch from leaving promises pending.
      abandon(tickets, { kind: 'network', message: `delivery failed: ${String(error)}` });
    }
  }

  function flush() {
    const tickets = [...inFlight, ...batcher.queued()];
    batcher.drain();
    return outcomes(tickets);
  }

  function refuse(events: PinterestEvent[]) {
    const tickets = events.map(createTicket);
    abandon(tickets, { kind: 'closed', message: 'client is closed' });
    return tickets;
  }

  async function closeWithin(deadlineMs: number) {
    const flushed = flush();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<true>((resolve) => {
      deadline = setTimeout(resolve, deadlineMs, true);
    });
    const timedOut = await Promise.race([flushed.then(() => false), expired]);
    clearTimeout(deadline);
    if (timedOut) {
      const left = [...inFlight, ...batcher.takeAll()];
      // Stops retries and requests still running: their events are reported here, as closed.
      closing.close();
      const message = `${CLOSED_MESSAGE}: ${left.length} still pending after ${deadlineMs} ms`;
      abandon(left, { kind: 'closed', message });
    }
    return flushed;
  }

  return {
    get pending() {
      return batcher.size + inFlight.size;
    },
    async send(input) {
      const events = Array.isArray(input) ? input : [input];
      if (closed) return outcomes(refuse(events));
      const tickets = events.map(createTicket);
      for (let start = 0; start < tickets.length; start += maxBatchSize) {
        void deliver(tickets.slice(start, start + maxBatchSize), false);
      }
      return outcomes(tickets);
    },
    enqueue(event) {
      if (closed) return refuse([event])[0].result;
      const ticket = createTicket(event);
      const evicted = batcher.add(ticket);
      if (evicted) {
        const message = `queue full (maxQueue ${options.maxQueue}): dropped the oldest event`;
        abandon([evicted], { kind: 'overflow', message });
      }
      return ticket.result;
    },
    flush,
    close(closeOptions) {
      closed ??= closeWithin(closeOptions?.timeoutMs ?? options.timeoutMs);
      return closed;
    },
  };
}
