import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestClient } from '../src/client/create-client.js';
import { BoundedQueue } from '../src/client/queue.js';
import type { ClientConfig, DeliveryError, EventResult } from '../src/client/types.js';
import type { PinterestEvent } from '../src/types.js';

const event = (id: number): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: 1_700_000_000,
  event_id: `e${id}`,
  user_data: { em: ['a'.repeat(64)] },
});

const events = (count: number) => Array.from({ length: count }, (_, index) => event(index));

const processed = (ids: string[]) =>
  Response.json({
    num_events_received: ids.length,
    num_events_processed: ids.length,
    events: ids.map(() => ({ status: 'processed', error_message: '', warning_message: '' })),
  });

const rampedDown = () => Response.json({ code: 4197, message: 'Ramped down.' }, { status: 503 });

type Handler = (ids: string[], call: number) => Response | Promise<Response>;

/** A client over a fake fetch that records the event ids of each call, plus what it reports. */
function setup(handler: Handler, config: Partial<ClientConfig> = {}) {
  const calls: { ids: string[]; at: number }[] = [];
  const errors: DeliveryError[] = [];
  const results: EventResult[] = [];
  const requeues: Record<string, unknown>[] = [];
  const fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
    const ids = JSON.parse(String(init?.body)).data.map((e: PinterestEvent) => e.event_id);
    calls.push({ ids, at: Date.now() });
    return handler(ids, calls.length);
  }) as typeof globalThis.fetch;
  const client = createPinterestClient({
    accessToken: 'pina_TOKEN',
    adAccountId: '1',
    fetch,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
    flushIntervalMs: 1,
    onError: (error) => errors.push(error),
    onResult: (result) => results.push(result),
    debug: (message, details) => {
      if (message === 'pinbridge: requeued after retries' && details) requeues.push(details);
    },
    ...config,
  });
  return { client, calls, errors, results, requeues };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('BoundedQueue.unshift', () => {
  it('puts items back in front as far as there is room and returns the oldest left out', () => {
    const queue = new BoundedQueue<number>(4);
    queue.push(10);
    queue.push(11);
    queue.take(1);
    expect(queue.unshift([1, 2, 3, 4])).toEqual([1]);
    expect(queue.peek()).toEqual([2, 3, 4, 11]);
    expect(queue.unshift([0])).toEqual([0]);
    expect(queue.size).toBe(4);
  });
});

describe('createPinterestClient: requeue after the retries run out', () => {
  it('requeues an enqueued batch until the endpoint recovers, without reporting an error', async () => {
    // Retries: 1, so every round is two attempts: five failures span three rounds.
    const { client, calls, errors, results, requeues } = setup((ids, call) =>
      call <= 5 ? rampedDown() : processed(ids),
    );
    const outcomes = await Promise.all(events(3).map((e) => client.enqueue(e)));
    expect(outcomes.map((o) => o.status)).toEqual(['processed', 'processed', 'processed']);
    expect(calls).toHaveLength(6);
    for (const call of calls) expect(call.ids).toEqual(['e0', 'e1', 'e2']);
    expect(requeues).toEqual([
      { count: 3, dropped: 0, requeues: 1, reason: 503 },
      { count: 3, dropped: 0, requeues: 2, reason: 503 },
    ]);
    expect(errors).toEqual([]);
    expect(results).toHaveLength(3);
    expect(client.pending).toBe(0);
  });

  it('resumes the backoff where the last round stopped', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { client, calls } = setup((ids, call) => (call <= 3 ? rampedDown() : processed(ids)), {
      retry: { retries: 1, minDelayMs: 100, maxDelayMs: 10_000 },
      flushIntervalMs: 0,
      rateLimit: false,
    });
    const outcome = client.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toMatchObject({ status: 'processed' });
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index].at);
    // Round 1 waits half of 100 ms; the requeued batch leaves on the next (1 ms) flush timer;
    // round 2 goes on with retry #2 (half of 200 ms) instead of starting over at 50 ms.
    expect(gaps).toEqual([50, 1, 100]);
  });

  it('reports requeued events that no longer fit as overflow, with their ids', async () => {
    let release: (response: Response) => void = () => {};
    const { client, calls, errors, requeues } = setup(
      (ids, call) => {
        if (call === 1) return new Promise<Response>((resolve) => (release = resolve));
        return call === 2 ? rampedDown() : processed(ids);
      },
      { maxBatchSize: 3, maxQueue: 3, flushIntervalMs: 60_000 },
    );
    const first = events(3).map((e) => client.enqueue(e));
    const later = [event(3), event(4)].map((e) => client.enqueue(e));
    expect(client.pending).toBe(5);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    release(rampedDown());
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(requeues).toEqual([{ count: 1, dropped: 2, requeues: 1, reason: 503 }]);
    expect(errors[0]).toMatchObject({ kind: 'overflow', status: 503, event_ids: ['e0', 'e1'] });
    expect(errors[0].message).toMatch(/queue full \(maxQueue 3\): not requeued/);
    await client.flush();
    const statuses = (await Promise.all([...first, ...later])).map((o) => o.status);
    expect(statuses).toEqual(['failed', 'failed', 'processed', 'processed', 'processed']);
  });

  it.each([
    [400, 4196],
    [401, 2],
    [403, 29],
    [422, 953],
  ])('never requeues a %i: one request, every event failed and reported', async (status, code) => {
    const { client, calls, errors, requeues } = setup(() =>
      Response.json({ code, message: 'Rejected.' }, { status }),
    );
    const outcome = await client.enqueue(event(7));
    expect(outcome).toMatchObject({ event_id: 'e7', status: 'failed' });
    expect(calls).toHaveLength(1);
    expect(requeues).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ kind: 'http', status, event_ids: ['e7'] })]);
  });

  it('fails enqueued events after one attempt when retries are off', async () => {
    const { client, calls, errors } = setup(rampedDown, { retry: false });
    expect(await client.enqueue(event(1))).toMatchObject({ status: 'failed' });
    expect(calls).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ status: 503, event_ids: ['e1'] })]);
  });

  it('reports events still requeued at the close() deadline once, as closed', async () => {
    const { client, errors } = setup(rampedDown);
    const outcome = client.enqueue(event(1));
    await vi.waitFor(() => expect(client.pending).toBe(1));
    const closed = await client.close({ timeoutMs: 30 });
    expect(closed).toMatchObject({ processed: 0, failed: 1 });
    expect(await outcome).toMatchObject({ status: 'failed' });
    expect(errors).toEqual([expect.objectContaining({ kind: 'closed', event_ids: ['e1'] })]);
  });
});
