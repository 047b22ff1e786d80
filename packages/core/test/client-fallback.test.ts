// `fallback: 'memory'`: what a client does when its queue's push fails. The same against a real
// redis-server stopped mid-run is in packages/redis/test/fallback.test.ts.
import { describe, expect, it } from 'vitest';
import { createPinterestClient } from '../src/client/create-client.js';
import type { RequestLimiter } from '../src/client/limiter.js';
import type { ClientConfig } from '../src/client/types.js';
import type { PinbridgeError } from '../src/error.js';
import type { EventQueue } from '../src/queue/event-queue.js';
import { memoryQueue } from '../src/queue/memory-queue.js';
import type { PinbridgeReport } from '../src/report.js';
import type { PinterestEvent } from '../src/types.js';

const event = (id: string): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000) - 60,
  event_id: id,
  user_data: { em: ['a'.repeat(64)] },
});

/** A fetch that answers every event processed and records the event_ids posted. */
function pinterest() {
  const posted: string[][] = [];
  const fetch = async (_input: string | URL | Request, init?: RequestInit) => {
    const data = JSON.parse(String(init?.body)).data as PinterestEvent[];
    posted.push(data.map((sent) => sent.event_id));
    const events = data.map(() => ({
      status: 'processed',
      error_message: '',
      warning_message: '',
    }));
    return Response.json({ num_events_received: data.length, events });
  };
  return { fetch: fetch as typeof globalThis.fetch, posted };
}

/** A shared queue whose Redis is gone: every call rejects, as redisQueue's do then. */
function unreachable(): EventQueue {
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  return { durable: true, push: down, claim: down, ack: down, release: down, depth: down };
}

/** A shared limiter on the same Redis: it cannot say when a request may start. */
const limiterDown: RequestLimiter = {
  take: () => Promise.reject(new Error('connect ECONNREFUSED')),
  pause: () => {},
  pausedFor: () => 0,
};

function producer(queue: EventQueue, config: Partial<ClientConfig> = {}) {
  const reports: PinbridgeReport[] = [];
  const api = pinterest();
  const client = createPinterestClient({
    accessToken: 'pina_fallback_token',
    adAccountId: '549755885175',
    apiUrl: 'https://pinterest.test/v5',
    queue,
    consume: false,
    fallback: 'memory',
    limiter: limiterDown,
    fetch: api.fetch,
    flushIntervalMs: 60_000,
    onReport: (report) => reports.push(report),
    ...config,
  });
  return { client, reports, posted: api.posted };
}

describe("fallback: 'memory'", () => {
  it('delivers from this process what the queue did not take, reported by id, though the client only produces', async () => {
    const { client, reports, posted } = producer(unreachable());
    expect(await client.enqueue([event('a'), event('b')])).toEqual({ evicted: [], refused: [] });
    expect(await client.enqueue(event('c'))).toEqual({ evicted: [], refused: [] });
    const fellBack = reports.filter((report) => report.code === 'queue_fallback');
    expect(fellBack).toEqual([
      expect.objectContaining({ stage: 'error', event_ids: ['a', 'b'], count: 2 }),
      expect.objectContaining({ stage: 'error', event_ids: ['c'], count: 1 }),
    ]);
    expect(fellBack[0].message).toBe(
      'queue push failed: Error; delivering from this process (fallback: memory)',
    );
    expect(reports.filter((report) => report.stage === 'evicted')).toEqual([]);
    // The flush of the shared queue fails (its depth is unknown), but only once the fallback
    // delivered: a waitUntil holding the flush keeps the invocation alive until then.
    await expect(client.flush({ timeoutMs: 2000 })).rejects.toThrow('ECONNREFUSED');
    expect(posted.flat().sort()).toEqual(['a', 'b', 'c']);
    const processed = reports.filter((report) => report.stage === 'processed');
    expect(processed.flatMap((report) => report.event_ids).sort()).toEqual(['a', 'b', 'c']);
  });

  it('uses the queue again as soon as it takes pushes, and sums both in flush()', async () => {
    let down = true;
    const shared = memoryQueue();
    const flaky: EventQueue = {
      durable: true,
      push: (events) => (down ? Promise.reject(new Error('LOADING')) : shared.push(events)),
      claim: (max, leaseMs) => shared.claim(max, leaseMs),
      ack: (ids) => shared.ack(ids),
      release: (ids, delayMs) => shared.release(ids, delayMs),
      depth: () => shared.depth(),
    };
    const { client, reports, posted } = producer(flaky);
    await client.enqueue(event('during'));
    down = false;
    await client.enqueue(event('after'));
    expect(reports.filter((report) => report.code === 'queue_fallback')).toHaveLength(1);
    expect(await client.flush({ timeoutMs: 2000 })).toEqual({
      processed: 1,
      failed: 0,
      pending: 1,
    });
    expect(posted).toEqual([['during']]);
    expect(await shared.depth()).toBe(1);
  });

  it('on close, delivers what fell back, or reports it dead when it cannot', async () => {
    const delivered = producer(unreachable());
    await delivered.client.enqueue(event('x'));
    await expect(delivered.client.close({ timeoutMs: 1000 })).rejects.toThrow('ECONNREFUSED');
    expect(delivered.posted).toEqual([['x']]);

    const hanging = producer(unreachable(), {
      fetch: (_input, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    });
    await hanging.client.enqueue(event('y'));
    await expect(hanging.client.close({ timeoutMs: 100 })).rejects.toThrow('ECONNREFUSED');
    const dead = hanging.reports.filter((report) => report.stage === 'dead');
    expect(dead.flatMap((report) => report.event_ids)).toEqual(['y']);
  });

  it('without it, the events are reported evicted and returned refused, delivered by nobody', async () => {
    const { client, reports, posted } = producer(unreachable(), { fallback: undefined });
    expect(await client.enqueue(event('lost'))).toEqual({ evicted: [], refused: ['lost'] });
    expect(reports).toEqual([
      expect.objectContaining({ stage: 'evicted', code: 'queue_error', event_ids: ['lost'] }),
    ]);
    await expect(client.flush({ timeoutMs: 100 })).rejects.toThrow('ECONNREFUSED');
    expect(posted).toEqual([]);
  });

  it('refuses any other value, naming the option', () => {
    expect(() => producer(unreachable(), { fallback: 'disk' as 'memory' })).toThrow(
      expect.objectContaining({ code: 'invalid_config', path: 'fallback' }) as PinbridgeError,
    );
  });
});
