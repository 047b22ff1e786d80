import type { EventResult, PinterestClient, PinterestEvent, SendResult } from '@pinbridge/core';

/** A PinterestClient that records what it is given; `fail` names event ids it reports as failed. */
export interface FakeClient extends PinterestClient {
  enqueued: PinterestEvent[];
  flushes: number;
}

export function fakeClient(fail: readonly string[] = []): FakeClient {
  const enqueued: PinterestEvent[] = [];
  const outcome = (event: PinterestEvent): EventResult =>
    fail.includes(event.event_id)
      ? {
          event_id: event.event_id,
          event_name: event.event_name,
          status: 'failed',
          error_message: 'Invalid event',
        }
      : { event_id: event.event_id, event_name: event.event_name, status: 'processed' };
  const empty: SendResult = { processed: 0, failed: 0, results: [] };
  const client: FakeClient = {
    enqueued,
    flushes: 0,
    async send(events) {
      const list = Array.isArray(events) ? events : [events];
      enqueued.push(...list);
      const results = list.map(outcome);
      const failed = results.filter((r) => r.status === 'failed').length;
      return { processed: results.length - failed, failed, results };
    },
    async enqueue(event) {
      enqueued.push(event);
      return outcome(event);
    },
    async flush() {
      client.flushes += 1;
      return empty;
    },
    async close() {
      return empty;
    },
    get pending() {
      return 0;
    },
  };
  return client;
}

/** A waitUntil that keeps what it was handed, like a platform would. */
export function fakeWaitUntil() {
  const promises: Promise<unknown>[] = [];
  const waitUntil = (promise: Promise<unknown>) => {
    promises.push(promise);
  };
  return { waitUntil, promises, settled: () => Promise.all(promises) };
}

/** Set-Cookie headers by cookie name: the value and the lowercased attributes. */
export function setCookies(
  response: Response,
): Map<string, { value: string; attributes: string[] }> {
  const cookies = new Map<string, { value: string; attributes: string[] }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    cookies.set(pair.slice(0, separator), {
      value: decodeURIComponent(pair.slice(separator + 1)),
      attributes: attributes.map((attribute) => attribute.toLowerCase()),
    });
  }
  return cookies;
}

/** SHA-256 hex of a string, computed independently of core. */
export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A promise settled from outside. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
