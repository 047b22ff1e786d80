import type { PinterestEvent } from '../types.js';
import { isTransient, type Outcome, postEvents, type Transport } from './request.js';
import { eventResult, readEventResults } from './results.js';
import type { DeliveryError, EventResult } from './types.js';

/** A transport that also reports failed requests. */
export interface BatchContext extends Transport {
  report(error: DeliveryError): void;
}

/** Events whose request failed transiently after every retry, left to the caller to retry later. */
export interface Deferred {
  deferred: Omit<DeliveryError, 'event_ids'>;
}

/** What became of one event of a batch: its result, or deferred. */
export type Settlement = EventResult | Deferred;

/** How one batch is delivered. */
export interface BatchOptions {
  /** Return transient failures as {@link Deferred} instead of failing and reporting the events. */
  defer?: boolean;
  /** Retries earlier rounds of these events spent (see {@link postEvents}). */
  retriedBefore?: number;
}

/** Result message of events that `close()` abandoned. */
export const CLOSED_MESSAGE = 'client closed before the event was delivered';

// Requests one batch may spend isolating bad events after a 400. One bad event among 1,000 costs
// about 20; the cap stops a batch in which every event is bad from costing 2n - 1 requests.
const BISECTION_BUDGET = 64;

type Answer = Extract<Outcome, { kind: 'response' }>;

const httpError = (outcome: Answer): Omit<DeliveryError, 'event_ids'> => ({
  kind: 'http',
  status: outcome.status,
  code: outcome.code,
  requestId: outcome.requestId,
  message: `HTTP ${outcome.status}${outcome.code === undefined ? '' : ` (code ${outcome.code})`}: ${outcome.message}`,
});

function failAll(
  context: BatchContext,
  events: readonly PinterestEvent[],
  error: Omit<DeliveryError, 'event_ids'>,
): EventResult[] {
  context.report({ ...error, event_ids: events.map((event) => event.event_id) });
  return events.map((event) => eventResult(event, 'failed', error.message));
}

// A 422 names the failed events in `details` (a ConversionApiResponse); the rest went through.
function readDetails(context: BatchContext, events: readonly PinterestEvent[], outcome: Answer) {
  const error = httpError(outcome);
  const body = outcome.body as { details?: unknown } | undefined;
  const results = readEventResults(body?.details, events, (event) =>
    eventResult(event, 'failed', error.message),
  );
  const failed = results.filter((result) => result.status === 'failed');
  if (failed.length > 0) context.report({ ...error, event_ids: failed.map((r) => r.event_id) });
  return results;
}

async function deliver(
  context: BatchContext,
  events: readonly PinterestEvent[],
  options: BatchOptions,
  budget: { requests: number },
): Promise<Settlement[]> {
  const outcome = await postEvents(context, events, options.retriedBefore);
  if (outcome.kind === 'closed') return events.map((e) => eventResult(e, 'failed', CLOSED_MESSAGE));
  if (options.defer && isTransient(outcome)) {
    const deferred = outcome.kind === 'response' ? httpError(outcome) : outcome;
    return events.map(() => ({ deferred }));
  }
  if (outcome.kind !== 'response') return failAll(context, events, outcome);
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    return readEventResults(outcome.body, events, (event) => eventResult(event, 'processed'));
  }
  if (status === 422) return readDetails(context, events, outcome);
  // A 400 (or 413) rejects the whole request for what may be one event: halve until it is alone.
  if ((status === 400 || status === 413) && events.length > 1 && budget.requests >= 2) {
    budget.requests -= 2;
    const middle = Math.ceil(events.length / 2);
    const halves = await Promise.all([
      deliver(context, events.slice(0, middle), options, budget),
      deliver(context, events.slice(middle), options, budget),
    ]);
    return halves.flat();
  }
  return failAll(context, events, httpError(outcome));
}

/**
 * Delivers one batch (≤ 1,000 events) and returns one settlement per event, in order: per-event
 * status from a 200 or a 422's details, bisection on 400, retries inside {@link postEvents}.
 * Every failed request is reported through `context.report` with the ids of its events;
 * deferred ones (`options.defer`) are not, as they have not failed yet.
 *
 * @example
 * const settlements = await postBatch(context, events, { defer: true });
 */
export function postBatch(
  context: BatchContext,
  events: readonly PinterestEvent[],
  options: BatchOptions = {},
): Promise<Settlement[]> {
  return deliver(context, events, options, { requests: BISECTION_BUDGET });
}
