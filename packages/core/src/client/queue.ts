import type { PinterestEvent } from '../types.js';
import type { EventResult } from './types.js';

/** One event on its way, with the promise its caller holds. */
export interface Ticket {
  readonly event: PinterestEvent;
  readonly result: Promise<EventResult>;
  /** Whether the ticket has its outcome. */
  readonly settled: boolean;
  /** Times the event went back to the queue after a request's retries ran out. */
  requeues: number;
  /** Settles the ticket; `false` when it already was (the first outcome wins). */
  settle(result: EventResult): boolean;
}

// A class, not an object literal with a getter and a closure: a queue holds up to `maxQueue`
// tickets, and the literal weighed about three times as much per ticket (bench/memory.mjs).
class PendingTicket implements Ticket {
  readonly result: Promise<EventResult>;
  requeues = 0;
  #resolve!: (result: EventResult) => void;
  #settled = false;

  constructor(readonly event: PinterestEvent) {
    this.result = new Promise<EventResult>((resolve) => {
      this.#resolve = resolve;
    });
  }

  get settled(): boolean {
    return this.#settled;
  }

  settle(outcome: EventResult): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#resolve(outcome);
    return true;
  }
}

/**
 * A ticket whose promise resolves exactly once and never rejects.
 *
 * @example
 * const ticket = createTicket(event);
 * ticket.settle({ event_id: event.event_id, event_name: event.event_name, status: 'processed' });
 */
export function createTicket(event: PinterestEvent): Ticket {
  return new PendingTicket(event);
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

  /**
   * Puts `items` (oldest first, older than anything queued) back in front, as many as there is
   * room for; returns the oldest ones that did not fit, so "drop the oldest" still holds.
   */
  unshift(items: readonly T[]): T[] {
    const room = Math.max(0, Math.min(items.length, this.capacity - this.size));
    const kept = items.slice(items.length - room);
    this.#items = [...kept, ...this.#items.slice(this.#head)];
    this.#head = 0;
    return items.slice(0, items.length - room);
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
