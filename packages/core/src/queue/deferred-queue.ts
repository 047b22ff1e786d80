import type { EventQueue } from './event-queue.js';

/**
 * An {@link EventQueue} whose queue is opened on first use, for a client that must exist at
 * once (the process-wide one is created synchronously) while its queue loads a package and
 * connects. Every call waits for the queue; a failed opening is tried again on the next call,
 * and meanwhile each call rejects with its error, which the client reports with the event ids.
 *
 * @example
 * const queue = deferredQueue(() => import('@pinbridge/redis').then((m) => m.redisFromUrl(url)).then((d) => d.queue), true);
 */
export function deferredQueue(open: () => Promise<EventQueue>, durable: boolean): EventQueue {
  let opening: Promise<EventQueue> | undefined;
  const queue = (): Promise<EventQueue> => {
    opening ??= open().catch((error) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    durable,
    push: async (events) => (await queue()).push(events),
    claim: async (max, leaseMs) => (await queue()).claim(max, leaseMs),
    ack: async (ids) => (await queue()).ack(ids),
    release: async (ids, delayMs) => (await queue()).release(ids, delayMs),
    depth: async () => (await queue()).depth(),
    deadLetter: async (entries, reason) => (await queue()).deadLetter?.(entries, reason),
  };
}
