import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestClient } from '../src/client/create-client.js';
import type { ClientConfig, EventResult } from '../src/client/types.js';
import type { PinbridgeReport } from '../src/report.js';
import type { PinterestEvent } from '../src/types.js';

const event = (id: number): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000) - 60,
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

/** A queue-fed client over a fake fetch that records the event ids of each call, plus its reports. */
function setup(handler: Handler, config: Partial<ClientConfig> = {}) {
  const calls: { ids: string[]; at: number }[] = [];
  const reports: PinbridgeReport[] = [];
  const problems: PinbridgeReport[] = [];
  const results: EventResult[] = [];
  const fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
    const ids = JSON.parse(String(init?.body)).data.map((e: PinterestEvent) => e.event_id);
    calls.push({ ids, at: performance.now() });
    return handler(ids, calls.length);
  }) as typeof globalThis.fetch;
  const client = createPinterestClient({
    accessToken: 'pina_TOKEN',
    adAccountId: '1',
    fetch,
    retry: { minDelayMs: 1, maxDelayMs: 2 },
    flushIntervalMs: 1,
    onReport: (report) => reports.push(report),
    onError: (report) => problems.push(report),
    onResult: (result) => results.push(result),
    ...config,
  });
  const stage = (name: PinbridgeReport['stage']) => reports.filter((r) => r.stage === name);
  return { client, calls, reports, problems, results, stage };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createPinterestClient: transient failures release the events to the queue', () => {
  it('retries a queued batch until the endpoint recovers, without reporting a problem', async () => {
    const { client, calls, problems, results, stage } = setup((ids, call) =>
      call <= 5 ? rampedDown() : processed(ids),
    );
    await client.enqueue(events(3));
    await vi.waitFor(() => expect(results).toHaveLength(3));
    expect(results.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(calls).toHaveLength(6);
    for (const call of calls) expect(call.ids).toEqual(['e0', 'e1', 'e2']);
    expect(stage('retried').map((r) => [r.attempt, r.status, r.count])).toEqual([
      [1, 503, 3],
      [2, 503, 3],
      [3, 503, 3],
      [4, 503, 3],
      [5, 503, 3],
    ]);
    expect(problems).toEqual([]);
    expect(await client.queue.depth()).toBe(0);
  });

  it('backs off exponentially with the attempts an event has made', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { client, calls, results, stage } = setup(
      (ids, call) => (call <= 3 ? rampedDown() : processed(ids)),
      { retry: { minDelayMs: 40, maxDelayMs: 10_000 }, flushIntervalMs: 0, rateLimit: false },
    );
    await client.enqueue(event(1));
    await vi.waitFor(() => expect(results).toHaveLength(1), { timeout: 5000 });
    // Half of 40·2^n ms for the n-th retry: the backoff grows with the attempts the queue counts.
    expect(stage('retried').map((r) => r.delayMs)).toEqual([20, 40, 80]);
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index].at);
    expect(gaps.map((gap, index) => gap >= [20, 40, 80][index])).toEqual([true, true, true]);
  });

  it('obeys a Retry-After exactly: nothing is posted before it passes, even other events', async () => {
    const { client, calls, results, stage } = setup(
      (ids, call) =>
        call === 1
          ? Response.json(
              { code: 8, message: 'Rate limited.' },
              {
                status: 429,
                headers: { 'retry-after': '0.4' },
              },
            )
          : processed(ids),
      { retry: { minDelayMs: 1, maxDelayMs: 5 }, maxBatchSize: 1, flushIntervalMs: 0 },
    );
    await client.enqueue(event(1));
    await vi.waitFor(() => expect(stage('retried')).toHaveLength(1));
    expect(stage('retried')[0]).toMatchObject({ status: 429, delayMs: 400 });
    await client.enqueue(event(2));
    await vi.waitFor(() => expect(results).toHaveLength(2), { timeout: 5000 });
    for (const call of calls.slice(1)) expect(call.at - calls[0].at).toBeGreaterThanOrEqual(400);
  });

  it('keeps the bound through an outage: what does not fit is reported with its id', async () => {
    const answers: ((response: Response) => void)[] = [];
    const { client, calls, problems, results } = setup(
      (ids, call) =>
        call <= 4 ? new Promise<Response>((resolve) => answers.push(resolve)) : processed(ids),
      { maxBatchSize: 1, maxQueue: 6, flushIntervalMs: 60_000 },
    );
    // Four batches in flight, the most the consumer posts at once: e0 to e3 are leased.
    for (const id of [0, 1, 2, 3]) await client.enqueue(event(id));
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    // Being posted, e0 to e3 are never evicted: the oldest waiting ones are.
    const pushed = [];
    for (const id of [4, 5, 6, 7]) pushed.push(await client.enqueue(event(id)));
    expect(pushed.map((result) => result.evicted)).toEqual([[], [], ['e4'], ['e5']]);
    expect(await client.queue.depth()).toBe(6);
    expect(problems.map((report) => [report.stage, report.event_ids])).toEqual([
      ['evicted', ['e4']],
      ['evicted', ['e5']],
    ]);
    for (const answer of answers) answer(rampedDown());
    await client.flush();
    expect(results.map((r) => r.event_id).sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e6', 'e7']);
    expect(problems).toHaveLength(2);
  });

  it.each([
    [400, 4196, 'failed'],
    [401, 2, 'dead'],
    [403, 29, 'dead'],
    [422, 953, 'failed'],
  ])('never retries a %i: one request, the event reported', async (status, code, stage) => {
    const { client, calls, problems, reports, results } = setup(() =>
      Response.json({ code, message: 'Rejected.' }, { status }),
    );
    await client.enqueue(event(7));
    await vi.waitFor(() => expect(problems).toHaveLength(1));
    expect(problems[0]).toMatchObject({ stage, status, event_ids: ['e7'] });
    expect(results).toEqual([expect.objectContaining({ event_id: 'e7', status: 'failed' })]);
    expect(calls).toHaveLength(1);
    expect(reports.filter((r) => r.stage === 'retried')).toEqual([]);
    expect(await client.queue.depth()).toBe(0);
  });

  it('gives a queued event up after one attempt when retries are off', async () => {
    const { client, calls, problems } = setup(rampedDown, { retry: false });
    await client.enqueue(event(1));
    await vi.waitFor(() => expect(problems).toHaveLength(1));
    expect(problems[0]).toMatchObject({
      stage: 'dead',
      code: 'max_attempts',
      status: 503,
      event_ids: ['e1'],
    });
    expect(calls).toHaveLength(1);
    expect(await client.queue.depth()).toBe(0);
  });

  it('reports an event still waiting for its retry at the close() deadline once, as dead', async () => {
    const { client, problems, stage } = setup(rampedDown);
    await client.enqueue(event(1));
    await vi.waitFor(() => expect(stage('retried').length).toBeGreaterThan(0));
    const closed = await client.close({ timeoutMs: 30 });
    expect(closed).toEqual({ processed: 0, failed: 1, pending: 0 });
    expect(problems).toEqual([
      expect.objectContaining({ stage: 'dead', code: 'closed', event_ids: ['e1'], count: 1 }),
    ]);
  });

  it('releases for the full Retry-After beyond maxRetryAfterMs; flush() does not wait for it', async () => {
    const { client, calls, results, stage } = setup(
      (ids, call) =>
        call === 1
          ? Response.json(
              { code: 8, message: 'Rate limited.' },
              {
                status: 429,
                headers: { 'retry-after': '0.5' },
              },
            )
          : processed(ids),
      { maxRetryAfterMs: 100 },
    );
    await client.enqueue(event(1));
    expect(await client.flush()).toEqual({ processed: 0, failed: 0, pending: 1 });
    // flush() came back before the Retry-After was over: nothing was posted again yet.
    expect(calls).toHaveLength(1);
    expect(stage('retried')[0]).toMatchObject({ delayMs: 500 });
    await vi.waitFor(() => expect(results).toHaveLength(1), { timeout: 5000 });
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(500);
  });
});
