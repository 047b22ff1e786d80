import type { PinterestEvent } from '../types.js';
import type { EventResult } from './types.js';

/** One event on its way, with the promise its caller holds. */
export interface Ticket {
  readonly event: PinterestEvent;
  readonly result: Promise<EventResult>;
  /** Settles the ticket; `false` when it already was (the first outcome wins). */
  settle(result: EventResult): boolean;
}

/**
 * A ticket whose promise resolves exactly once and never rejects.
 *
 * @example
 * const ticket = createTicket(event);
 * ticket.settle({ event_id: event.event_id, event_name: event.event_name, status: 'processed' });
 */
export function createTicket(event: PinterestEvent): Ticket {
  let resolve!: (result: EventResult) => void;
  let settled = false;
  const result = new Promise<EventResult>((done) => {
    resolve = done;
  });
  return {
    event,
    result,
    settle(outcome) {
      if (settled) return false;
      settled = true;
      resolve(outcome);
      return true;
    },
  };
}

/**
 * A FIFO holding at most `capacity` items: pushing onto a full queue evicts the oldest, so
 * memory stays bounded however long Pinterest is unreachable. Removal moves a head index instead
 * of shifting the array, so a full queue under load costs O(1) per push.
 *
 * @example
 * const queue = new BoundedQueue<Ticket>(10_000);
 * const evicted = queue.push(ticket); // the oldest ticket, or undefined
 */
export class BoundedQueue<T> {
  #items: T[] = [];
  #head = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Appends `item`; returns the item evicted to make room, if any. */
  push(item: T): T | undefined {
    this.#items.push(item);
    return this.size > this.capacity ? this.take(1)[0] : undefined;
  }

  /** Removes and returns up to `count` of the oldest items. */
  take(count: number): T[] {
    const taken = this.#items.slice(this.#head, this.#head + count);
    this.#head += taken.length;
    if (this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return taken;
  }

  /** The items, oldest first, without removing them. */
  peek(): T[] {
    return this.#items.slice(this.#head);
  }
}
