import { afterEach, describe, expect, it } from 'vitest';
import type { EventQueue, QueuedEvent } from '../src/queue/event-queue.js';
import type { PinterestEvent } from '../src/types.js';

/** How the suite gets a queue to test. */
export interface QueueFactory {
  /** A fresh, empty queue. */
  create(): EventQueue | Promise<EventQueue>;
  /** A fresh, empty queue holding at most `maxQueue` events; omit when the queue has no bound. */
  bounded?(limits: { maxQueue: number }): EventQueue | Promise<EventQueue>;
  /** Called after each test with the queue it used (close connections, delete keys). */
  dispose?(queue: EventQueue): void | Promise<void>;
}

// Real time, no fake timers: a Redis server cannot be made to honour them. Leases and delays are
// tens of milliseconds; the waits are several times longer, so a loaded machine cannot flake.
const SHORT_MS = 40;
const WAIT_MS = 150;
const LONG_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function event(id: string, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: 1_700_000_000,
    event_id: id,
    user_data: { em: ['a'.repeat(64)] },
    custom_data: { currency: 'USD', value: '12.50' },
    ...overrides,
  };
}

const events = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => event(`${prefix}-${index}`));

const eventIds = (claimed: readonly QueuedEvent[]) => claimed.map((entry) => entry.event_id);
const ids = (claimed: readonly QueuedEvent[]) => claimed.map((entry) => entry.id);

/**
 * The behaviour every {@link EventQueue} promises, as one suite: run it against each
 * implementation (memoryQueue here; `@pinbridge/redis` against a real redis-server), so that
 * queues cannot drift apart.
 *
 * @example
 * describeEventQueue('memoryQueue', { create: () => memoryQueue(), bounded: (l) => memoryQueue(l) });
 */
export function describeEventQueue(name: string, factory: QueueFactory): void {
  describe(`EventQueue contract: ${name}`, () => {
    const made: EventQueue[] = [];
    const create = async () => {
      const queue = await factory.create();
      made.push(queue);
      return queue;
    };

    afterEach(async () => {
      for (const queue of made.splice(0)) await factory.dispose?.(queue);
    });

    it('says whether it is durable', async () => {
      expect(typeof (await create()).durable).toBe('boolean');
    });

    it('stores what is pushed and hands it out as the JSON Pinterest receives', async () => {
      const queue = await create();
      const stored = event('payload-1', {
        partner_name: 'ss-pinbridge',
        custom_data: { currency: 'EUR', value: '9.90', search_string: 'crème brûlée 東京 🍰' },
      });
      expect(await queue.push([stored])).toEqual({ evicted: [], refused: [] });
      expect(await queue.depth()).toBe(1);
      const [claimed] = await queue.claim(10, LONG_MS);
      expect(claimed).toMatchObject({ event_id: 'payload-1', event_name: 'checkout', attempts: 0 });
      expect(typeof claimed.id).toBe('string');
      expect(JSON.parse(claimed.payload)).toEqual(stored);
    });

    it('claims oldest first across pushes, at most `max` at a time', async () => {
      const queue = await create();
      await queue.push(events('a', 3));
      await queue.push(events('b', 2));
      expect(eventIds(await queue.claim(2, LONG_MS))).toEqual(['a-0', 'a-1']);
      expect(eventIds(await queue.claim(10, LONG_MS))).toEqual(['a-2', 'b-0', 'b-1']);
      expect(await queue.claim(10, LONG_MS)).toEqual([]);
    });

    it('gives an empty queue, an empty push and a zero claim nothing to do', async () => {
      const queue = await create();
      expect(await queue.claim(10, LONG_MS)).toEqual([]);
      expect(await queue.push([])).toEqual({ evicted: [], refused: [] });
      await queue.push(events('z', 1));
      expect(await queue.claim(0, LONG_MS)).toEqual([]);
      expect(await queue.depth()).toBe(1);
    });

    it('never leases an entry twice while its lease runs', async () => {
      const queue = await create();
      await queue.push(events('lease', 4));
      const first = await queue.claim(2, LONG_MS);
      const second = await queue.claim(10, LONG_MS);
      expect(eventIds(second)).toEqual(['lease-2', 'lease-3']);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
      expect(await queue.claim(10, LONG_MS)).toEqual([]);
    });

    it('hands concurrent claimers disjoint entries that add up to everything', async () => {
      const queue = await create();
      await queue.push(events('c', 50));
      const claims = await Promise.all(Array.from({ length: 6 }, () => queue.claim(10, LONG_MS)));
      const all = claims.flatMap(eventIds);
      expect(all).toHaveLength(50);
      expect(new Set(all)).toEqual(new Set(events('c', 50).map((e) => e.event_id)));
    });

    it('removes acked entries; unknown and repeated ids are ignored', async () => {
      const queue = await create();
      await queue.push(events('ack', 3));
      const claimed = await queue.claim(2, LONG_MS);
      await queue.ack([...ids(claimed), 'no-such-id', '']);
      expect(await queue.depth()).toBe(1);
      await queue.ack(ids(claimed));
      expect(await queue.depth()).toBe(1);
      expect(eventIds(await queue.claim(10, LONG_MS))).toEqual(['ack-2']);
    });

    it('makes a released entry claimable again, counting the attempt, before newer ones', async () => {
      const queue = await create();
      await queue.push(events('r', 3));
      const claimed = await queue.claim(2, LONG_MS);
      await queue.release([claimed[1].id, claimed[0].id, 'no-such-id'], 0);
      const again = await queue.claim(10, LONG_MS);
      expect(again.map((entry) => [entry.event_id, entry.attempts])).toEqual([
        ['r-0', 1],
        ['r-1', 1],
        ['r-2', 0],
      ]);
      expect(again[0].id).toBe(claimed[0].id);
      expect(again[0].payload).toBe(claimed[0].payload);
    });

    it('stamps each entry with the time of its push (queuedAt), claimed later and again', async () => {
      const queue = await create();
      const before = Date.now();
      await queue.push(events('t', 2));
      const after = Date.now();
      // Claimed well after the push: queuedAt is when the event was stored, not when handed out.
      await sleep(SHORT_MS);
      const claimed = await queue.claim(2, LONG_MS);
      // Within the push's window on the wall clock; a queue that counts on a monotonic clock from
      // an epoch read once (memoryQueue) may round it by one millisecond either way.
      for (const { queuedAt } of claimed) {
        expect(queuedAt).toBeGreaterThanOrEqual(before - 1);
        expect(queuedAt).toBeLessThanOrEqual(after + 1);
      }
      await queue.release([claimed[0].id], 0);
      const [again] = await queue.claim(1, LONG_MS);
      expect(again).toMatchObject({ id: claimed[0].id, queuedAt: claimed[0].queuedAt });
    });

    it('keeps a released entry back for delayMs, then hands it out again', async () => {
      const queue = await create();
      await queue.push(events('d', 2));
      const [delayed] = await queue.claim(1, LONG_MS);
      await queue.release([delayed.id], SHORT_MS);
      expect(eventIds(await queue.claim(10, LONG_MS))).toEqual(['d-1']);
      expect(await queue.claim(10, LONG_MS)).toEqual([]);
      expect(await queue.depth()).toBe(2);
      await sleep(WAIT_MS);
      const [again] = await queue.claim(10, LONG_MS);
      expect(again).toMatchObject({ event_id: 'd-0', attempts: 1 });
    });

    it('lets an expired lease be claimed again (its consumer crashed)', async () => {
      const queue = await create();
      await queue.push(events('x', 1));
      const [leased] = await queue.claim(1, SHORT_MS);
      expect(await queue.claim(1, LONG_MS)).toEqual([]);
      await sleep(WAIT_MS);
      const [again] = await queue.claim(1, LONG_MS);
      expect(again).toMatchObject({ id: leased.id, event_id: 'x-0', attempts: 1 });
      await queue.ack([again.id]);
      expect(await queue.depth()).toBe(0);
    });

    it('hands out again, when a lease expires, only what was neither acked nor released', async () => {
      const queue = await create();
      await queue.push(events('p', 4));
      const claimed = await queue.claim(4, SHORT_MS);
      await queue.ack([claimed[0].id]);
      await queue.release([claimed[1].id], LONG_MS);
      await sleep(WAIT_MS);
      const again = await queue.claim(10, LONG_MS);
      expect(again.map((entry) => [entry.event_id, entry.attempts])).toEqual([
        ['p-2', 1],
        ['p-3', 1],
      ]);
      expect(await queue.depth()).toBe(3);
    });

    it('counts claimable, leased and delayed entries in depth, until they are acked', async () => {
      const queue = await create();
      await queue.push(events('n', 3));
      const [leased, delayed] = await queue.claim(2, LONG_MS);
      await queue.release([delayed.id], LONG_MS);
      expect(await queue.depth()).toBe(3);
      await queue.ack([leased.id, delayed.id]);
      expect(await queue.depth()).toBe(1);
    });

    it('keeps every attempt of an entry released many times', async () => {
      const queue = await create();
      await queue.push(events('m', 1));
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const [claimed] = await queue.claim(1, LONG_MS);
        expect(claimed.attempts).toBe(attempt);
        await queue.release([claimed.id], 0);
      }
    });

    it('stores the same event_id pushed twice as two entries', async () => {
      const queue = await create();
      await queue.push([event('twice')]);
      await queue.push([event('twice')]);
      const claimed = await queue.claim(10, LONG_MS);
      expect(eventIds(claimed)).toEqual(['twice', 'twice']);
      expect(new Set(ids(claimed)).size).toBe(2);
    });

    if (factory.bounded) {
      const bounded = factory.bounded;

      it('accounts for every event pushed past its bound: stored, evicted or refused', async () => {
        const queue = await bounded({ maxQueue: 3 });
        made.push(queue);
        const first = await queue.push(events('b', 2));
        const second = await queue.push(events('c', 3));
        expect(first).toEqual({ evicted: [], refused: [] });
        for (const id of [...second.evicted, ...second.refused]) expect(typeof id).toBe('string');
        expect(await queue.depth()).toBe(3);
        const stored = eventIds(await queue.claim(10, LONG_MS));
        const accounted = [...stored, ...second.evicted, ...second.refused];
        expect([...accounted].sort()).toEqual(['b-0', 'b-1', 'c-0', 'c-1', 'c-2']);
        if (second.evicted.length > 0) {
          // A queue that evicts drops the oldest: what is left is the newest.
          expect(second.evicted).toEqual(['b-0', 'b-1']);
          expect(stored).toEqual(['c-0', 'c-1', 'c-2']);
        } else {
          // A queue that does not evict refuses what does not fit.
          expect(second.refused).toEqual(['c-1', 'c-2']);
        }
      });
    }
  });
}
