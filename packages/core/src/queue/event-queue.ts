import type { PinterestEvent } from '../types.js';

/**
 * One stored event as a consumer claims it. The event is kept serialized: the queue measures it
 * in bytes, a Redis stream stores it as it is, and a batch body is the payloads joined.
 */
export interface QueuedEvent {
  /** The queue's own id of this entry; `ack` and `release` take these, not event_ids. */
  id: string;
  event_id: string;
  event_name: string;
  /** The event as JSON, exactly the object Pinterest receives in `data`. */
  payload: string;
  /** Times the entry was claimed before this claim (0 on the first): delivery attempts so far. */
  attempts: number;
  /**
   * When the event was stored, in ms since the epoch, if the queue keeps it: the start of the
   * delivery latency the OpenTelemetry metrics record.
   */
  queuedAt?: number;
}

/** What a `push` could not store: nothing is lost silently. */
export interface PushResult {
  /** Ids of events pushed out of a full queue to make room (the oldest go first). */
  evicted: string[];
  /** Ids of events the queue refused to store (it is full and does not evict). */
  refused: string[];
}

/**
 * Where events wait between the request that built them and the consumer that delivers them.
 * `memoryQueue()` is the default; `@pinbridge/redis` shares one queue between instances. Every
 * implementation passes the same contract suite.
 *
 * Semantics: at-least-once. A claimed entry is leased for `leaseMs`; it is removed by `ack`, made
 * claimable again by `release` (after `delayMs`), or claimable again by anyone when the lease
 * expires (its consumer crashed). Entries are claimed oldest first.
 *
 * @example
 * const queue: EventQueue = memoryQueue({ maxQueue: 10_000, maxQueueBytes: 16 * 1024 * 1024 });
 * await queue.push(events);
 * const batch = await queue.claim(1000, 30_000);
 * await queue.ack(batch.map((entry) => entry.id));
 */
export interface EventQueue {
  /**
   * Whether entries outlive the process (Redis). `close()` reports what a non-durable queue still
   * holds as `dead`; a durable one keeps it for the next consumer.
   */
  readonly durable: boolean;
  /** Stores `events`; resolves once they are stored (or reported as evicted or refused). */
  push(events: readonly PinterestEvent[]): Promise<PushResult>;
  /** Leases up to `max` claimable entries, oldest first, for `leaseMs`. */
  claim(max: number, leaseMs: number): Promise<QueuedEvent[]>;
  /** Removes delivered (or permanently failed) entries. Unknown ids are ignored. */
  ack(ids: readonly string[]): Promise<void>;
  /** Ends the lease of entries and makes them claimable again after `delayMs`. Unknown ids are ignored. */
  release(ids: readonly string[], delayMs: number): Promise<void>;
  /** Entries stored and not acked: claimable, leased or delayed. */
  depth(): Promise<number>;
  /**
   * Optional: keeps entries Pinterest answered `failed` for (one by one, or a refused request),
   * with Pinterest's reason, so they can be inspected or replayed. The consumer calls it before
   * it acks them; a queue without it only reports them.
   */
  deadLetter?(entries: readonly QueuedEvent[], reason: string): Promise<void>;
}
