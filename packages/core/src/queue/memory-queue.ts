import { numberOption } from '../client/config.js';
import type { PinterestEvent } from '../types.js';
import { EntryHeap, type HeapItem } from './entry-heap.js';
import type { EventQueue, PushResult, QueuedEvent } from './event-queue.js';
import { toPayload } from './payload.js';

/** Bounds of a {@link memoryQueue}: pushing past either evicts the oldest events. */
export interface MemoryQueueOptions {
  /** Events held at most. Default `10_000`. */
  maxQueue?: number;
  /**
   * Bytes of event JSON held at most. Default 16 MiB: room for `maxQueue`'s 10,000 events of up to
   * 1.6 KB (the handler's typically weigh 0.6 to 0.9 KB), so the count bounds a normal outage.
   */
  maxQueueBytes?: number;
}

const FRESH = 0; // never claimed
const READY = 1; // claimed before, claimable again now
const LEASED = 2;
const DELAYED = 3;

const SUFFIX = '\0';
const SUFFIXED = 4;

// One per stored event, as small as it goes: the JSON string is most of what a queued event costs
// (bench/memory.mjs), and every field here is 8 bytes more per event.
class Entry implements HeapItem {
  /** The state in the low two bits, SUFFIXED in the third, the attempts above: one field, not three. */
  meta = FRESH;
  /** LEASED: when the lease expires; DELAYED: when the entry is claimable again. */
  availableAt = 0;
  heapIndex = -1;
  prev: Entry | undefined = undefined;
  next: Entry | undefined = undefined;

  constructor(
    readonly seq: number,
    /** The event_id, with a suffix when another entry had it first (see `push`). */
    readonly id: string,
    readonly event_name: string,
    readonly payload: string,
    /** When it was pushed, on the queue's clock: whole milliseconds, like `availableAt`. */
    readonly pushedAt: number,
  ) {}

  get state(): number {
    return this.meta & 3;
  }

  set state(state: number) {
    this.meta = (this.meta & ~3) | state;
  }

  get attempts(): number {
    return this.meta >>> 3;
  }

  countAttempt(): void {
    this.meta += 8;
  }

  get event_id(): string {
    return this.meta & SUFFIXED ? this.id.slice(0, this.id.lastIndexOf(SUFFIX)) : this.id;
  }
}

const MAX_SHARED_NAMES = 64;

// What a removed entry's `prev` points at, so that a lease still listing it passes it by.
const REMOVED = new Entry(0, '', '', '', 0);

/** The entries of the claims whose leases end at one millisecond, and how many are still leased. */
interface Lease {
  entries: Entry[];
  leased: number;
}

// An id built by concatenation (nanoid's are) is a rope of parts in V8: about 280 bytes more than
// its characters. A copy through JSON is one flat string, and the rope is garbage.
const flatten = (text: string): string => JSON.parse(JSON.stringify(text));

// Whole milliseconds stay small integers in V8 (no boxed double per entry). Flooring makes an
// entry due up to 1 ms early, never late: a consumer woken by its own timer finds it claimable.
const clock = () => Math.floor(performance.now());
// The clock's zero in ms since the epoch, for the `queuedAt` of claimed entries.
const epoch = Date.now() - clock();

/**
 * The default {@link EventQueue}: events wait in this process's memory (`durable: false`), each
 * stored as the JSON string Pinterest receives, bounded by count and by bytes. Pushing past either
 * bound evicts the oldest events that are not leased (their event_ids in `evicted`); an event
 * larger than `maxQueueBytes` on its own, or one that would only fit by evicting leased entries,
 * is refused. A push, a claim and an ack cost O(1) per event; an entry released for a retry
 * O(log n) more.
 *
 * @example
 * const queue = memoryQueue({ maxQueue: 50_000, maxQueueBytes: 32 * 1024 * 1024 });
 * const client = createPinterestClient({ accessToken, adAccountId, queue });
 */
export function memoryQueue(options: MemoryQueueOptions = {}): EventQueue {
  return new MemoryQueue(
    numberOption('maxQueue', options.maxQueue, { fallback: 10_000, min: 1, integer: true }),
    numberOption('maxQueueBytes', options.maxQueueBytes, {
      fallback: 16 * 1024 * 1024,
      min: 1,
      integer: true,
    }),
  );
}

class MemoryQueue implements EventQueue {
  readonly durable = false;
  readonly #byId = new Map<string, Entry>();
  /** Claimed before and claimable now, oldest first. */
  readonly #ready = new EntryHeap<Entry>((a, b) => a.seq - b.seq);
  /** Released with a delay, by when they become claimable. */
  readonly #delayed = new EntryHeap<Entry>((a, b) => a.availableAt - b.availableAt);
  // Leases are kept per claim, not per entry: a claim and its ack then cost no heap work per
  // event. A lease is dropped once none of its entries is leased any more; its end goes with it.
  readonly #leases = new Map<number, Lease>();
  readonly #leaseEnds: number[] = [];
  // Every entry in push order. Claims from the fresh part go in this order, so every entry before
  // #fresh has been claimed at least once and every entry from it on never has.
  #head: Entry | undefined = undefined;
  #tail: Entry | undefined = undefined;
  #fresh: Entry | undefined = undefined;
  // The oldest entry that may be evicted: everything before it is leased. `null`: none is.
  #evictable: Entry | null | undefined = undefined;
  #bytes = 0;
  #seq = 0;
  // Event names repeat; one string per name instead of one per event.
  readonly #names = new Map<string, string>();

  constructor(
    readonly maxQueue: number,
    readonly maxQueueBytes: number,
  ) {}

  async push(events: readonly PinterestEvent[]): Promise<PushResult> {
    const result: PushResult = { evicted: [], refused: [] };
    const now = clock();
    for (const event of events) {
      const payload = toPayload(event);
      if (!this.#makeRoom(payload.length, result.evicted)) {
        result.refused.push(event.event_id);
        continue;
      }
      const seq = ++this.#seq;
      const eventId = flatten(event.event_id);
      // An entry's id is its event_id while no other entry has it: no second string per entry,
      // and a consumer keeping the ids of what it released costs no new strings either. A
      // duplicate gets the push sequence after a NUL, so ids stay unique.
      const taken = this.#byId.has(eventId);
      const id = taken ? flatten(`${eventId}${SUFFIX}${seq}`) : eventId;
      const entry = new Entry(seq, id, this.#name(event.event_name), payload, now);
      if (taken) entry.meta |= SUFFIXED;
      this.#append(entry);
    }
    return result;
  }

  async claim(max: number, leaseMs: number): Promise<QueuedEvent[]> {
    const now = clock();
    this.#expireLeases(now);
    for (
      let due = this.#delayed.peek();
      due && due.availableAt <= now;
      due = this.#delayed.peek()
    ) {
      this.#delayed.pop();
      due.state = READY;
      this.#ready.push(due);
    }
    const claimed: QueuedEvent[] = [];
    const until = now + leaseMs;
    let lease: Lease | undefined;
    while (claimed.length < max) {
      const entry = this.#ready.pop() ?? this.#fresh;
      if (!entry) break;
      if (entry === this.#fresh) this.#fresh = entry.next;
      claimed.push({
        id: entry.id,
        event_id: entry.event_id,
        event_name: entry.event_name,
        payload: entry.payload,
        attempts: entry.attempts,
        queuedAt: epoch + entry.pushedAt,
      });
      entry.countAttempt();
      entry.state = LEASED;
      entry.availableAt = until;
      lease ??= this.#leaseUntil(until);
      lease.entries.push(entry);
      lease.leased += 1;
    }
    return claimed;
  }

  async ack(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const entry = this.#byId.get(id);
      // A fresh entry's id is known to no one yet: an id that names one is a stale one.
      if (entry && entry.state !== FRESH) this.#remove(entry);
    }
  }

  async release(ids: readonly string[], delayMs: number): Promise<void> {
    const now = clock();
    for (const id of ids) {
      const entry = this.#byId.get(id);
      if (!entry || entry.state === FRESH) continue;
      this.#leave(entry);
      if (delayMs > 0) {
        entry.state = DELAYED;
        entry.availableAt = now + delayMs;
        this.#delayed.push(entry);
      } else {
        entry.state = READY;
        this.#ready.push(entry);
      }
    }
  }

  async depth(): Promise<number> {
    return this.#byId.size;
  }

  #name(name: string): string {
    const shared = this.#names.get(name);
    if (shared !== undefined) return shared;
    // Pinterest has a dozen event names; the cap only guards against a caller inventing more.
    if (this.#names.size < MAX_SHARED_NAMES) this.#names.set(name, name);
    return name;
  }

  #append(entry: Entry): void {
    entry.prev = this.#tail;
    if (this.#tail) this.#tail.next = entry;
    else this.#head = entry;
    this.#tail = entry;
    this.#fresh ??= entry;
    if (this.#evictable === null) this.#evictable = entry;
    this.#byId.set(entry.id, entry);
    this.#bytes += entry.payload.length;
  }

  /** Evicts the oldest entries until `bytes` more fit; false when they cannot. */
  #makeRoom(bytes: number, evicted: string[]): boolean {
    if (bytes > this.maxQueueBytes) return false;
    while (this.#byId.size + 1 > this.maxQueue || this.#bytes + bytes > this.maxQueueBytes) {
      const oldest = this.#oldestEvictable();
      if (!oldest) return false;
      this.#remove(oldest);
      evicted.push(oldest.event_id);
    }
    return true;
  }

  #oldestEvictable(): Entry | undefined {
    // Leased entries are being posted right now: evicting one would report it lost while it may
    // well be delivered. They are skipped, and the cursor makes each skip happen once per lease.
    if (this.#evictable === null) return undefined;
    let entry = this.#evictable ?? this.#head;
    while (entry && entry.state === LEASED) entry = entry.next;
    this.#evictable = entry ?? null;
    return entry;
  }

  /** The lease ending at `until`, made when it is the first claim to end then. */
  #leaseUntil(until: number): Lease {
    let lease = this.#leases.get(until);
    if (!lease) {
      lease = { entries: [], leased: 0 };
      this.#leases.set(until, lease);
      // Claims mostly come with one lease length, so the new end is mostly the last.
      let index = this.#leaseEnds.length;
      while (index > 0 && this.#leaseEnds[index - 1] > until) index -= 1;
      this.#leaseEnds.splice(index, 0, until);
    }
    return lease;
  }

  /** Makes the entries of leases that ended by `now` claimable again: their consumer is gone. */
  #expireLeases(now: number): void {
    while (this.#leaseEnds.length > 0 && this.#leaseEnds[0] <= now) {
      const until = this.#leaseEnds.shift() as number;
      const lease = this.#leases.get(until);
      if (!lease) continue;
      for (const entry of lease.entries) {
        // Acked, released or claimed again since: no longer held by this lease.
        if (entry.state !== LEASED || entry.availableAt !== until || entry.prev === REMOVED) {
          continue;
        }
        this.#leave(entry);
        entry.state = READY;
        this.#ready.push(entry);
      }
      this.#leases.delete(until);
    }
  }

  // Only leases with an entry still leased are kept: a handful, those in flight.
  #dropLease(until: number): void {
    this.#leases.delete(until);
    const index = this.#leaseEnds.indexOf(until);
    if (index >= 0) this.#leaseEnds.splice(index, 1);
  }

  /** Takes an entry out of its lease or heap, before it moves or goes. */
  #leave(entry: Entry): void {
    if (entry.state === READY) this.#ready.remove(entry);
    else if (entry.state === DELAYED) this.#delayed.remove(entry);
    else if (entry.state === LEASED) {
      const lease = this.#leases.get(entry.availableAt);
      if (lease && --lease.leased === 0) this.#dropLease(entry.availableAt);
      // No longer being posted: it may be evicted again, and it is older than the cursor's.
      const cursor = this.#evictable;
      if (cursor === null || (cursor && entry.seq < cursor.seq)) this.#evictable = entry;
    }
  }

  #remove(entry: Entry): void {
    this.#leave(entry);
    const { prev, next } = entry;
    if (prev) prev.next = next;
    else this.#head = next;
    if (next) next.prev = prev;
    else this.#tail = prev;
    if (this.#fresh === entry) this.#fresh = next;
    if (this.#evictable === entry) this.#evictable = next ?? null;
    entry.prev = REMOVED;
    entry.next = undefined;
    this.#byId.delete(entry.id);
    this.#bytes -= entry.payload.length;
  }
}
