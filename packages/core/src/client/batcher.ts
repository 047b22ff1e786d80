import { BoundedQueue, type Ticket } from './queue.js';

// Batches in flight at once. Bounding them is what bounds memory: while Pinterest is slow,
// events wait in the queue, where maxQueue applies, instead of piling up in open requests.
const MAX_CONCURRENT_BATCHES = 4;

/** Coalesces queued tickets into batches. */
export interface Batcher {
  /** Queues a ticket and posts a batch once `maxBatchSize` are waiting; returns any evicted one. */
  add(ticket: Ticket): Ticket | undefined;
  /** Puts tickets back in front of the queue as far as there is room; returns those left out. */
  requeue(tickets: Ticket[]): Ticket[];
  /** Posts everything queued now, in batches, without waiting for a full one. */
  drain(): void;
  /** Removes and returns everything queued. */
  takeAll(): Ticket[];
  /** The queued tickets, oldest first. */
  queued(): Ticket[];
  readonly size: number;
}

/**
 * A batcher over a bounded queue: a batch leaves when `maxBatchSize` tickets wait, or
 * `flushIntervalMs` after the oldest one arrived, whichever comes first.
 *
 * @example
 * const batcher = createBatcher({ maxBatchSize: 1000, flushIntervalMs: 1000, maxQueue: 10_000, deliver });
 */
export function createBatcher(options: {
  maxBatchSize: number;
  flushIntervalMs: number;
  maxQueue: number;
  deliver: (tickets: Ticket[]) => Promise<void>;
}): Batcher {
  const { maxBatchSize, flushIntervalMs, deliver } = options;
  const queue = new BoundedQueue<Ticket>(options.maxQueue);
  let active = 0;
  let draining = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function pump() {
    while (
      active < MAX_CONCURRENT_BATCHES &&
      (queue.size >= maxBatchSize || (draining && queue.size > 0))
    ) {
      active += 1;
      void deliver(queue.take(maxBatchSize)).finally(() => {
        active -= 1;
        pump();
      });
    }
    if (queue.size === 0) draining = false;
    if (queue.size === 0 || draining) {
      clearTimeout(timer);
      timer = undefined;
    } else {
      timer ??= setTimeout(() => {
        timer = undefined;
        draining = true;
        pump();
      }, flushIntervalMs);
    }
  }

  return {
    add(ticket) {
      const evicted = queue.push(ticket);
      pump();
      return evicted;
    },
    requeue(tickets) {
      const left = queue.unshift(tickets);
      pump();
      return left;
    },
    drain() {
      draining = true;
      pump();
    },
    takeAll() {
      const tickets = queue.take(queue.size);
      pump();
      return tickets;
    },
    queued: () => queue.peek(),
    get size() {
      return queue.size;
    },
  };
}
