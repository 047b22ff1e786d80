import {
  type EventQueue,
  numberOption,
  type PinterestEvent,
  type PushResult,
  type QueuedEvent,
} from '@pinbridge/core';
import { type Connection, connect, type RedisClient } from './connection.js';
import { type AccountKeys, accountKeys } from './keys.js';
import { ACK, CLAIM, DEAD_LETTER, PUSH, RELEASE } from './scripts.js';

/** Where a {@link redisQueue} keeps one ad account's events, and how much of them. */
export interface RedisQueueOptions {
  /** An ioredis 6 or node-redis 6 client (connected); the queue never closes it. */
  redis: RedisClient;
  /** The ad account whose events this queue holds. Default `PINTEREST_AD_ACCOUNT_ID`. */
  adAccountId?: string;
  /** First part of every key's hash tag: `{prefix:account}:events`. Default `pinbridge`. */
  prefix?: string;
  /**
   * Events stored at most (claimable, leased and delayed); a push past it is refused, its
   * event_ids in `refused` and reported by the client (`evicted`, code `queue_refused`). Nothing
   * is ever trimmed. Default `100_000` (about 100 MB of Redis memory at 1 KB per event).
   */
  maxDepth?: number;
  /** The consumer group. Default `pinbridge`. */
  group?: string;
  /**
   * The consumer name every instance claims under. One fixed name: leases live in their own
   * ZSET, so the group never grows a consumer per pod or per serverless invocation (consumers
   * are never expired by Redis). Default `pinbridge`.
   */
  consumer?: string;
  /** Entries kept in the dead-letter stream, about (older ones are trimmed). Default `10_000`. */
  maxDeadLetters?: number;
}

/** A dead-lettered event: what Pinterest refused, and its words why. */
export interface DeadLetter {
  /** Its id in the dead-letter stream. */
  id: string;
  event_id: string;
  event_name: string;
  payload: string;
  reason: string;
}

/** A {@link redisQueue}: an {@link EventQueue} with its keys and its dead letters. */
export interface RedisQueue extends EventQueue {
  readonly keys: AccountKeys;
  /** Stores events Pinterest rejected one by one, with the reason (the consumer calls it). */
  deadLetter(entries: readonly QueuedEvent[], reason: string): Promise<void>;
  /** The oldest `count` dead letters (default 100). */
  deadLetters(count?: number): Promise<DeadLetter[]>;
}

const STREAM_ID = /^\d+-\d+$/;

// XADD's `*` id is `<ms>-<seq>`, the milliseconds on Redis's clock when it stored the entry (never
// below the stream's last id): the entry's queuedAt, at no cost in memory.
const storedAt = (id: string) => Number(id.slice(0, id.indexOf('-')));

const errorText = (error: unknown) => String((error as Error | undefined)?.message ?? error);

/** A stream entry's fields ([name, value, …]) as an object. */
function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index]] = flat[index + 1];
  return fields;
}

/** A stored event's id and fields (`i`, `n`, `p`), as the events and dead-letter streams hold it. */
const storedEvent = (id: string, fields: Record<string, string>) => ({
  id,
  event_id: fields.i,
  event_name: fields.n,
  payload: fields.p,
});

/**
 * An {@link EventQueue} on a Redis stream, shared by every instance that delivers for one ad
 * account (`durable: true`). At-least-once: an entry leaves the stream only when acked; an
 * instance that crashes mid-batch leaves its entries leased, and they are claimed again when the
 * lease ends. Pinterest deduplicates by event_id, so a second delivery is harmless.
 *
 * - push: XADD, one script for the pushes of one tick, refused past `maxDepth` (never trimmed);
 * - claim: entries whose lease or delay ended (XCLAIM, counting the delivery), then new ones
 *   (XREADGROUP COUNT ≤ max), all in one script;
 * - ack: XACK + XDEL in one script, so the stream's length is the backlog (`depth`: XLEN);
 * - release: a new lease end (now + delayMs) in the leases ZSET;
 * - attempts: the entry's delivery count in the pending list;
 * - queuedAt: the milliseconds of the entry's id, set by XADD on Redis's clock.
 *
 * @example
 * import Redis from 'ioredis';
 * import { createPinterestClient } from '@pinbridge/core';
 * import { redisQueue } from '@pinbridge/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const queue = redisQueue({ redis, adAccountId: '549755885175' });
 * // In request handlers: store only.
 * const producer = createPinterestClient({ accessToken, adAccountId: '549755885175', queue, consume: false });
 * // In one or more workers: deliver.
 * const worker = createPinterestClient({ accessToken, adAccountId: '549755885175', queue });
 */
export function redisQueue(options: RedisQueueOptions): RedisQueue {
  const connection = connect(options.redis);
  const keys = accountKeys(options.prefix ?? 'pinbridge', options.adAccountId);
  return new StreamQueue(connection, keys, {
    maxDepth: numberOption('maxDepth', options.maxDepth, {
      fallback: 100_000,
      min: 1,
      integer: true,
    }),
    maxDeadLetters: numberOption('maxDeadLetters', options.maxDeadLetters, {
      fallback: 10_000,
      min: 1,
      integer: true,
    }),
    group: options.group ?? 'pinbridge',
    consumer: options.consumer ?? 'pinbridge',
  });
}

interface Settings {
  maxDepth: number;
  maxDeadLetters: number;
  group: string;
  consumer: string;
}

/** Pushes of one tick, waiting to leave in one script call. */
interface PendingPush {
  ids: string[];
  args: string[];
  callers: {
    from: number;
    to: number;
    resolve: (result: PushResult) => void;
    reject: (error: unknown) => void;
  }[];
}

// Events per push script at most: one call stays short for Redis, which runs scripts one at a time.
const PUSH_BATCH = 1000;

class StreamQueue implements RedisQueue {
  readonly durable = true;
  #group: Promise<void> | undefined;
  #pending: PendingPush | undefined;

  constructor(
    readonly connection: Connection,
    readonly keys: AccountKeys,
    readonly settings: Settings,
  ) {}

  /**
   * Pushes made in one tick (a handler's burst, many requests at once) share one script call of
   * up to {@link PUSH_BATCH} events: one round trip instead of one each. Each caller resolves
   * only once Redis answered, with the refusals among its own events.
   */
  push(events: readonly PinterestEvent[]): Promise<PushResult> {
    if (events.length === 0) return Promise.resolve({ evicted: [], refused: [] });
    return new Promise((resolve, reject) => {
      let pending = this.#pending;
      if (!pending) {
        const created: PendingPush = {
          ids: [],
          args: [String(this.settings.maxDepth)],
          callers: [],
        };
        pending = created;
        this.#pending = created;
        queueMicrotask(() => {
          if (this.#pending === created) this.#pending = undefined;
          void this.#store(created);
        });
      }
      const from = pending.ids.length;
      for (const event of events) {
        pending.ids.push(event.event_id);
        pending.args.push(event.event_id, event.event_name, JSON.stringify(event));
      }
      pending.callers.push({ from, to: pending.ids.length, resolve, reject });
      // Full: it leaves at the end of this tick all the same; later pushes start another.
      if (pending.ids.length >= PUSH_BATCH) this.#pending = undefined;
    });
  }

  async #store({ ids, args, callers }: PendingPush): Promise<void> {
    let stored: number;
    try {
      stored = Number(await this.connection.script(PUSH, [this.keys.events], args));
    } catch (error) {
      for (const caller of callers) caller.reject(error);
      return;
    }
    // The script stores a prefix: what is past `stored` was refused, caller by caller.
    for (const { from, to, resolve } of callers) {
      resolve({ evicted: [], refused: ids.slice(Math.max(from, stored), to) });
    }
  }

  async claim(max: number, leaseMs: number): Promise<QueuedEvent[]> {
    if (max < 1) return [];
    const { group, consumer } = this.settings;
    const args = [group, consumer, Math.floor(max), Math.ceil(leaseMs)];
    const reply = (await this.#withGroup(() =>
      this.connection.script(CLAIM, [this.keys.events, this.keys.leases], args),
    )) as [string, string[], number][];
    return reply.map(([id, flat, attempts]) => ({
      ...storedEvent(id, fieldsOf(flat)),
      attempts: Number(attempts),
      queuedAt: storedAt(id),
    }));
  }

  async ack(ids: readonly string[]): Promise<void> {
    const valid = ids.filter((id) => STREAM_ID.test(id));
    if (valid.length === 0) return;
    await this.#withGroup(() =>
      this.connection.script(
        ACK,
        [this.keys.events, this.keys.leases],
        [this.settings.group, ...valid],
      ),
    );
  }

  async release(ids: readonly string[], delayMs: number): Promise<void> {
    const valid = ids.filter((id) => STREAM_ID.test(id));
    if (valid.length === 0) return;
    await this.connection.script(
      RELEASE,
      [this.keys.leases],
      [Math.max(0, Math.ceil(delayMs)), ...valid],
    );
  }

  async depth(): Promise<number> {
    return Number(await this.connection.command(['XLEN', this.keys.events]));
  }

  async deadLetter(entries: readonly QueuedEvent[], reason: string): Promise<void> {
    if (entries.length === 0) return;
    const args = [String(this.settings.maxDeadLetters), reason];
    for (const entry of entries) args.push(entry.event_id, entry.event_name, entry.payload);
    await this.connection.script(DEAD_LETTER, [this.keys.dead], args);
  }

  async deadLetters(count = 100): Promise<DeadLetter[]> {
    const reply = (await this.connection.command([
      'XRANGE',
      this.keys.dead,
      '-',
      '+',
      'COUNT',
      count,
    ])) as [string, string[]][];
    return reply.map(([id, flat]) => {
      const fields = fieldsOf(flat);
      return { ...storedEvent(id, fields), reason: fields.reason };
    });
  }

  /**
   * Creates the group once per queue (from the stream's start: events pushed before any
   * consumer existed are delivered too). Every instance does this at start-up, so BUSYGROUP,
   * "it exists already", is success. A NOGROUP later (the key was deleted) creates it again.
   */
  async #withGroup<T>(run: () => Promise<T>): Promise<T> {
    await this.#ensureGroup();
    try {
      return await run();
    } catch (error) {
      if (!errorText(error).includes('NOGROUP')) throw error;
      this.#group = undefined;
      await this.#ensureGroup();
      return run();
    }
  }

  #ensureGroup(): Promise<void> {
    this.#group ??= this.connection
      .command(['XGROUP', 'CREATE', this.keys.events, this.settings.group, '0', 'MKSTREAM'])
      .then(
        () => undefined,
        (error) => {
          if (errorText(error).startsWith('BUSYGROUP')) return;
          this.#group = undefined;
          throw error;
        },
      );
    return this.#group;
  }
}
