import { errorName } from '../error.js';
import type { PushResult } from '../queue/event-queue.js';
import type { Reporter } from '../reporter.js';
import type { PinterestEvent } from '../types.js';
import { record } from './records.js';
import type { ClientConfig, FlushResult, PinterestClient } from './types.js';

/** Where a client's events go when its queue's push fails, under `fallback: 'memory'`. */
export interface Fallback {
  /** Reports that `events` fell back (`error`, code `queue_fallback`) and queues them in memory. */
  take(events: readonly PinterestEvent[], error: unknown): Promise<PushResult>;
  /**
   * `own` summed with what `run` does on the fallback (a flush, a close), once both settled: a
   * queue that fails must not cut the fallback's delivery short (a serverless invocation ends
   * when its waitUntil promise does). Rejects as `own` does.
   */
  join(
    own: Promise<FlushResult>,
    run: (client: PinterestClient) => Promise<FlushResult>,
  ): Promise<FlushResult>;
}

/**
 * The in-process delivery of `fallback: 'memory'`: a client of its own on a memory queue, made
 * at the first failed push (until Redis fails there is no second queue and no timer), which
 * delivers even when the client it stands in for only produces. It takes the same config, with
 * an in-process limit instead of the shared `limiter`: that one lives where the push failed.
 * `create` is `createPinterestClient`, passed in so that the two modules do not import each other.
 *
 * @example
 * const fallback = memoryFallback(config, report, createPinterestClient);
 * try { await queue.push(events); } catch (error) { await fallback.take(events, error); }
 */
export function memoryFallback(
  config: ClientConfig,
  report: Reporter,
  create: (config: ClientConfig) => PinterestClient,
): Fallback {
  let client: PinterestClient | undefined;
  return {
    take(events, error) {
      const ids = events.map((event) => event.event_id);
      const message = `queue push failed: ${errorName(error)}; delivering from this process (fallback: memory)`;
      report(record('error', ids, message, { code: 'queue_fallback' }));
      client ??= create({
        ...config,
        queue: undefined,
        limiter: undefined,
        consume: true,
        fallback: undefined,
      });
      return client.enqueue(events);
    },
    async join(own, run) {
      if (!client) return own;
      const [mine, theirs] = await Promise.allSettled([own, run(client)]);
      if (mine.status === 'rejected') throw mine.reason;
      if (theirs.status === 'rejected') throw theirs.reason;
      return {
        processed: mine.value.processed + theirs.value.processed,
        failed: mine.value.failed + theirs.value.failed,
        pending: mine.value.pending + theirs.value.pending,
      };
    },
  };
}
