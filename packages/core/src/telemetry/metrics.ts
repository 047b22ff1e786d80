import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { EventResult } from '../client/types.js';
import type { QueuedEvent } from '../queue/event-queue.js';
import type { PinbridgeReport, ReportStage } from '../report.js';
import { liveMeter } from './api.js';

/** Metric names, as the README's OpenTelemetry section lists them. */
export const METRICS = {
  events: 'pinbridge.events',
  batchSize: 'pinbridge.batch.size',
  deliveryDuration: 'pinbridge.delivery.duration',
} as const;

/** What became of events, as the `pinbridge.events` counter tells it (`pinbridge.outcome`). */
export type EventOutcome = 'accepted' | 'delivered' | 'failed' | 'dropped' | 'skipped' | 'refused';

/**
 * The report stages that end (or start) an event's course, and the outcome each counts as:
 * `queued` is accepted for delivery, `processed` delivered, `failed` refused by Pinterest,
 * `evicted` and `dead` dropped without Pinterest's verdict, `skipped` skipped, and `refused`
 * refused by pinbridge's checks. The other stages (received, built, sent, retried, …) are steps
 * on the way and would count an event twice.
 */
export const OUTCOME_OF: Partial<Record<ReportStage, EventOutcome>> = {
  queued: 'accepted',
  processed: 'delivered',
  failed: 'failed',
  evicted: 'dropped',
  dead: 'dropped',
  skipped: 'skipped',
  refused: 'refused',
};

interface Instruments {
  meter: Meter;
  events: Counter;
  batchSize: Histogram;
  deliveryDuration: Histogram;
}

let instruments: Instruments | undefined;

// Instruments are made once per meter: a provider registered later gets its own.
function live(): Instruments | undefined {
  const meter = liveMeter();
  if (!meter) return undefined;
  if (instruments?.meter !== meter) {
    instruments = {
      meter,
      events: meter.createCounter(METRICS.events, {
        description: 'Events by outcome: accepted, delivered, failed, dropped, skipped, refused',
        unit: '{event}',
      }),
      batchSize: meter.createHistogram(METRICS.batchSize, {
        description: 'Events per request to Pinterest',
        unit: '{event}',
        advice: { explicitBucketBoundaries: [1, 5, 10, 25, 50, 100, 250, 500, 1000] },
      }),
      deliveryDuration: meter.createHistogram(METRICS.deliveryDuration, {
        description: "Time from an event's queueing to Pinterest's verdict on it",
        unit: 's',
        // From one flush interval (1 s by default) to retries through an outage.
        advice: { explicitBucketBoundaries: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600] },
      }),
    };
  }
  return instruments;
}

/**
 * Whether a meter provider is registered: reporters then build the routine records the metrics
 * are counted from, which they otherwise skip when nobody reads them.
 *
 * @example
 * if (report.routine) report(record('queued', ids, 'stored in the queue'));
 */
export const metricsLive = (): boolean => liveMeter() !== undefined;

/**
 * Counts one record of the report stream: events by outcome (see {@link OUTCOME_OF}), with
 * `pinbridge.source`, and `pinbridge.reason` (a skip's reason, a drop's or a refusal's code);
 * a `sent` record is one request, its count the batch size. Nothing without a meter provider.
 *
 * @example
 * recordReport({ stage: 'processed', source: 'client', event_ids: ['a1'], count: 1, message: 'processed' });
 */
export function recordReport(report: PinbridgeReport): void {
  const recorder = live();
  if (!recorder) return;
  const { stage, count } = report;
  if (stage === 'sent') {
    recorder.batchSize.record(count);
    return;
  }
  const outcome = OUTCOME_OF[stage];
  if (outcome === undefined || count === 0) return;
  const attributes: Attributes = {
    'pinbridge.outcome': outcome,
    'pinbridge.source': report.source,
  };
  const reason = report.reason ?? report.code;
  // Pinterest's failures carry its free-text message, not a code: left out, to bound cardinality.
  if (reason !== undefined && outcome !== 'failed') attributes['pinbridge.reason'] = String(reason);
  recorder.events.add(count, attributes);
}

const DELIVERED: Attributes = { 'pinbridge.outcome': 'delivered' };
const FAILED: Attributes = { 'pinbridge.outcome': 'failed' };

/**
 * Records the delivery latency of the events Pinterest answered for, in seconds from their
 * queueing (`queuedAt`, when their queue keeps it) to the verdict, by outcome.
 *
 * @example
 * recordDeliveryLatency(answered, results);
 */
export function recordDeliveryLatency(
  entries: readonly QueuedEvent[],
  results: readonly EventResult[],
): void {
  const recorder = live();
  if (!recorder) return;
  const now = Date.now();
  for (let index = 0; index < entries.length; index += 1) {
    const { queuedAt } = entries[index];
    if (queuedAt === undefined) continue;
    const outcome = results[index].status === 'processed' ? DELIVERED : FAILED;
    recorder.deliveryDuration.record(Math.max(0, now - queuedAt) / 1000, outcome);
  }
}
