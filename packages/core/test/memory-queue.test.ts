import { describe, expect, it } from 'vitest';
import { PinbridgeError } from '../src/error.js';
import { memoryQueue } from '../src/queue/memory-queue.js';
import { requestBody, toPayload } from '../src/queue/payload.js';
import type { PinterestEvent } from '../src/types.js';
import { describeEventQueue } from './queue-contract.js';

describeEventQueue('memoryQueue', {
  create: () => memoryQueue(),
  bounded: (limits) => memoryQueue(limits),
});

const LONG_MS = 60_000;

function event(id: string, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'page_visit',
    action_source: 'web',
    event_time: 1_700_000_000,
    event_id: id,
    user_data: { em: ['a'.repeat(64)] },
    ...overrides,
  };
}

/** An event whose JSON is exactly `bytes` long, padded through custom_data.search_string. */
function sized(id: string, bytes: number): PinterestEvent {
  const bare = toPayload(event(id, { custom_data: { search_string: '' } })).length;
  return event(id, { custom_data: { search_string: 'x'.repeat(bytes - bare) } });
}

const ids = (count: number, prefix = 'e') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe('memoryQueue: bounds', () => {
  it('is not durable', () => {
    expect(memoryQueue().durable).toBe(false);
  });

  it('evicts the oldest past maxQueue and names them, in order', async () => {
    const queue = memoryQueue({ maxQueue: 3 });
    const results = [];
    for (const id of ids(6)) results.push(await queue.push([event(id)]));
    expect(results.map((result) => result.evicted)).toEqual([[], [], [], ['e0'], ['e1'], ['e2']]);
    expect(await queue.depth()).toBe(3);
    expect((await queue.claim(10, LONG_MS)).map((entry) => entry.event_id)).toEqual([
      'e3',
      'e4',
      'e5',
    ]);
  });

  it('evicts by bytes: as many of the oldest as it takes to fit the new event', async () => {
    const queue = memoryQueue({ maxQueueBytes: 2000 });
    await queue.push([sized('a', 600), sized('b', 600), sized('c', 600)]);
    expect(await queue.push([sized('d', 1000)])).toEqual({ evicted: ['a', 'b'], refused: [] });
    expect(await queue.depth()).toBe(2);
    expect(await queue.push([sized('e', 400)])).toEqual({ evicted: [], refused: [] });
    expect(await queue.push([sized('f', 300)])).toEqual({ evicted: ['c'], refused: [] });
  });

  it('refuses an event larger than maxQueueBytes on its own, keeping what it holds', async () => {
    const queue = memoryQueue({ maxQueueBytes: 1000 });
    await queue.push([sized('small', 400)]);
    expect(await queue.push([sized('huge', 1001), sized('fits', 1000)])).toEqual({
      evicted: ['small'],
      refused: ['huge'],
    });
    expect((await queue.claim(10, LONG_MS)).map((entry) => entry.event_id)).toEqual(['fits']);
  });

  it('counts bytes as UTF-8: non-ASCII characters are stored as \\u escapes', async () => {
    const text = 'crème 東京 🍰';
    const payload = toPayload(event('utf8', { custom_data: { search_string: text } }));
    expect(payload).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(payload).custom_data.search_string).toBe(text);
    const queue = memoryQueue({ maxQueueBytes: payload.length });
    expect(await queue.push([event('utf8', { custom_data: { search_string: text } })])).toEqual({
      evicted: [],
      refused: [],
    });
    expect((await queue.claim(1, LONG_MS))[0].payload).toBe(payload);
  });

  it('never evicts a leased entry: it is being posted; a claimed-before one goes first', async () => {
    const queue = memoryQueue({ maxQueue: 3 });
    await queue.push([event('leased'), event('released'), event('fresh')]);
    const [leased, released] = await queue.claim(2, LONG_MS);
    await queue.release([released.id], LONG_MS);
    expect(await queue.push([event('n1')])).toEqual({ evicted: ['released'], refused: [] });
    expect(await queue.push([event('n2')])).toEqual({ evicted: ['fresh'], refused: [] });
    expect(await queue.push([event('n3')])).toEqual({ evicted: ['n1'], refused: [] });
    await queue.ack([leased.id]);
    expect(await queue.depth()).toBe(2);
  });

  it('refuses what only evicting leased entries would make room for', async () => {
    const queue = memoryQueue({ maxQueue: 2 });
    await queue.push([event('a'), event('b')]);
    const claimed = await queue.claim(2, LONG_MS);
    expect(await queue.push([event('c')])).toEqual({ evicted: [], refused: ['c'] });
    await queue.release([claimed[0].id], 0);
    expect(await queue.push([event('d')])).toEqual({ evicted: ['a'], refused: [] });
  });

  it('keeps its bound while a long outage cycles entries through leases and releases', async () => {
    const queue = memoryQueue({ maxQueue: 100 });
    const evicted: string[] = [];
    for (let round = 0; round < 50; round += 1) {
      const pushed = await queue.push(ids(40, `r${round}-`).map((id) => event(id)));
      evicted.push(...pushed.evicted);
      const claimed = await queue.claim(30, LONG_MS);
      await queue.release(
        claimed.map((entry) => entry.id),
        round % 2 === 0 ? 0 : LONG_MS,
      );
      expect(await queue.depth()).toBeLessThanOrEqual(100);
    }
    expect(evicted).toHaveLength(50 * 40 - 100);
    expect(new Set(evicted).size).toBe(evicted.length);
  });

  it.each([
    [{ maxQueue: 0 }, /maxQueue/],
    [{ maxQueue: 1.5 }, /maxQueue/],
    [{ maxQueueBytes: -1 }, /maxQueueBytes/],
  ])('rejects %j with a PinbridgeError', (options, pattern) => {
    expect(() => memoryQueue(options)).toThrow(PinbridgeError);
    expect(() => memoryQueue(options)).toThrow(pattern);
  });
});

describe('payloads', () => {
  it('joins stored payloads into the request body without parsing them', () => {
    const body = requestBody([
      { payload: toPayload(event('a')) },
      { payload: toPayload(event('b')) },
    ]);
    expect(JSON.parse(body)).toEqual({ data: [event('a'), event('b')] });
    expect(requestBody([])).toBe('{"data":[]}');
  });
});

describe('memoryQueue: ids', () => {
  it('keeps each entry its own id when event_ids repeat or carry a NUL', async () => {
    const queue = memoryQueue();
    await queue.push([event('dup'), event('dup'), event('a\0b'), event('a\0b')]);
    const claimed = await queue.claim(10, LONG_MS);
    expect(claimed.map((entry) => entry.event_id)).toEqual(['dup', 'dup', 'a\0b', 'a\0b']);
    expect(new Set(claimed.map((entry) => entry.id)).size).toBe(4);
    await queue.ack([claimed[1].id, claimed[2].id]);
    expect((await queue.claim(10, LONG_MS)).map((entry) => entry.event_id)).toEqual([]);
    await queue.release([claimed[0].id, claimed[3].id], 0);
    const left = await queue.claim(10, LONG_MS);
    expect(left.map((entry) => [entry.event_id, entry.attempts])).toEqual([
      ['dup', 1],
      ['a\0b', 1],
    ]);
  });

  it('ignores an ack naming an entry nobody has claimed yet (a stale id)', async () => {
    const queue = memoryQueue();
    await queue.push([event('again')]);
    const [first] = await queue.claim(1, LONG_MS);
    await queue.ack([first.id]);
    await queue.push([event('again')]);
    await queue.ack([first.id]);
    expect(await queue.depth()).toBe(1);
  });
});
