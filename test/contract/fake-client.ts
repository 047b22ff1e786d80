import type { EventQueue, PinterestClient, PinterestEvent, PushResult } from '@pinbridge/core';

/** A PinterestClient that records what it is given: the handler's side of the client contract. */
export interface FakeClient extends PinterestClient {
  /** Every event pushed by `enqueue`, in order. */
  enqueued: PinterestEvent[];
  /** The options of each `flush()` call. */
  flushes: ({ timeoutMs?: number } | undefined)[];
}

/**
 * A fake client: `enqueue` stores the events and resolves with nothing evicted (or with the ids
 * in `refuse` refused), `flush` and `close` record their calls.
 */
export function fakeClient(options: { refuse?: readonly string[] } = {}): FakeClient {
  const enqueued: PinterestEvent[] = [];
  const flushes: FakeClient['flushes'] = [];
  const none = { processed: 0, failed: 0, pending: 0 };
  const queue: EventQueue = {
    durable: false,
    push: async () => ({ evicted: [], refused: [] }),
    claim: async () => [],
    ack: async () => undefined,
    release: async () => undefined,
    depth: async () => enqueued.length,
  };
  return {
    enqueued,
    flushes,
    queue,
    async send(events) {
      const list = Array.isArray(events) ? events : [events as PinterestEvent];
      const results = list.map((event) => ({
        event_id: event.event_id,
        event_name: event.event_name,
        status: 'processed' as const,
      }));
      return { processed: results.length, failed: 0, results };
    },
    async enqueue(events): Promise<PushResult> {
      const list = Array.isArray(events) ? events : [events as PinterestEvent];
      const refused = list
        .map((event) => event.event_id)
        .filter((id) => options.refuse?.includes(id));
      enqueued.push(...list.filter((event) => !refused.includes(event.event_id)));
      return { evicted: [], refused };
    },
    async flush(flushOptions) {
      flushes.push(flushOptions);
      return none;
    },
    async close() {
      return none;
    },
  };
}

/** A waitUntil that keeps what it was handed, like a platform would. */
export function fakeWaitUntil() {
  const promises: Promise<unknown>[] = [];
  const waitUntil = (promise: Promise<unknown>) => {
    promises.push(promise);
  };
  return { waitUntil, promises, settled: () => Promise.all(promises) };
}

/** SHA-256 hex of a string, computed independently of core. */
export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
