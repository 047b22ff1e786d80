import type { PinterestClient } from '../client/types.js';
import type { OnReport, ReportSource } from '../report.js';
import type { PinterestEvent } from '../types.js';
import { errorName } from './errors.js';

/** Keeps a serverless invocation alive until `task` settles (Vercel, Cloudflare, Netlify, Next's `after`...). */
export type WaitUntil = (task: Promise<unknown>) => void;

interface RequestContext {
  get?: () => { waitUntil?: WaitUntil } | undefined;
}

// Next (and platforms that support `after`) publish the current request's waitUntil here; Vercel
// also publishes its own. Reading the symbols avoids a dependency on @vercel/functions.
const CONTEXT_SYMBOLS = [
  Symbol.for('@next/request-context'),
  Symbol.for('@vercel/request-context'),
];

/**
 * The waitUntil of the platform's current request context, when there is one.
 *
 * @example
 * const waitUntil = context.waitUntil ?? platformWaitUntil();
 */
export function platformWaitUntil(): WaitUntil | undefined {
  const scope = globalThis as unknown as Record<symbol, RequestContext | undefined>;
  for (const symbol of CONTEXT_SYMBOLS) {
    const waitUntil = scope[symbol]?.get?.()?.waitUntil;
    if (typeof waitUntil === 'function') return waitUntil;
  }
  return undefined;
}

// Serverless platforms that freeze (or throttle) an instance once its response is sent, so a
// consumer's timers do not run until the next request: delivery must happen within this one.
const FREEZING_PLATFORMS = [
  'VERCEL',
  'AWS_LAMBDA_FUNCTION_NAME',
  'NETLIFY',
  'K_SERVICE', // Google Cloud Run and Cloud Functions (CPU throttled after the response)
  'FUNCTIONS_WORKER_RUNTIME', // Azure Functions
];

/**
 * Whether this process runs where instances freeze after the response (Vercel, AWS Lambda,
 * Netlify, Cloud Run, Azure Functions), read from their environment variables.
 */
export function freezesAfterResponse(): boolean {
  const env = globalThis.process?.env;
  return !!env && FREEZING_PLATFORMS.some((name) => !!env[name]);
}

/** How a request's events reach the queue, and whether the request also delivers them. */
export interface DeliveryOptions {
  /**
   * After queueing, also `flush()` the client within `maxFlushMs`, inside the request's
   * waitUntil: where the instance freezes after the response, a consumer would otherwise not
   * deliver until the next request. Default: on where the platform freezes (Vercel, AWS Lambda,
   * Netlify, Cloud Run, Azure Functions, detected from their environment), else off. A
   * producer-only client (`consume: false`) posts nothing either way.
   */
  flushAfterResponse?: boolean;
  /** Deadline of that flush. Default `2000` ms; undelivered events stay queued. */
  maxFlushMs?: number;
}

/** The default deadline of the flush a request runs on a freezing platform. */
export const DEFAULT_MAX_FLUSH_MS = 2000;

/**
 * Queues `events` on the client, and flushes it within `maxFlushMs` when `flush` says so. Never
 * rejects, so it can be handed to waitUntil as is: a queue that throws is reported (`error`,
 * with the ids); evictions and refusals are the client's to report.
 *
 * @example
 * waitUntil(deliver(client, events, { flush: false, maxFlushMs: 2000 }, report, 'handler'));
 */
export async function deliver(
  client: PinterestClient,
  events: readonly PinterestEvent[],
  options: { flush: boolean; maxFlushMs: number },
  report: OnReport,
  source: ReportSource,
): Promise<void> {
  try {
    await client.enqueue(events);
  } catch (error) {
    const event_ids = events.map((event) => event.event_id);
    const message = `enqueue threw ${errorName(error)}; the events were not queued`;
    report({
      stage: 'error',
      source,
      code: 'enqueue_failed',
      message,
      count: event_ids.length,
      event_ids,
    });
    return;
  }
  if (options.flush) await flushWithin(client, options.maxFlushMs, report, source);
}

/**
 * Flushes the client within `maxFlushMs`. Never rejects: a flush that throws is reported
 * (`error`, `flush_failed`), since what it held stays queued for the consumer.
 *
 * @example
 * waitUntil(flushWithin(client, 2000, report, 'server'));
 */
export async function flushWithin(
  client: PinterestClient,
  maxFlushMs: number,
  report: OnReport,
  source: ReportSource,
): Promise<void> {
  try {
    await client.flush({ timeoutMs: maxFlushMs });
  } catch (error) {
    const message = `flush threw ${errorName(error)}; the events stay queued`;
    report({ stage: 'error', source, code: 'flush_failed', message, count: 0, event_ids: [] });
  }
}

/**
 * Hands `task` past the response: to `waitUntil` (the adapter's or yours), else the platform's
 * request context (also when `waitUntil` throws, which is reported: Next's `after` does outside a
 * request scope). Only when nothing can carry it does it return the task for the caller to
 * await, so the caller answers late rather than losing events.
 *
 * @example
 * const unheld = afterResponse(delivery, context.waitUntil, report, 'handler');
 * if (unheld) await unheld;
 */
export function afterResponse(
  task: Promise<void>,
  waitUntil: WaitUntil | undefined,
  report: OnReport,
  source: ReportSource,
): Promise<void> | undefined {
  if (waitUntil) {
    try {
      waitUntil(task);
      return undefined;
    } catch (error) {
      const message = `waitUntil threw ${errorName(error)}; the platform's context or this request carries the delivery`;
      report({
        stage: 'error',
        source,
        code: 'wait_until_failed',
        message,
        count: 0,
        event_ids: [],
      });
    }
  }
  const platform = platformWaitUntil();
  if (!platform) return task;
  platform(task);
  return undefined;
}
