import type { WireEvent } from '@pinbridge/core/wire';
import { canSend, config, report } from './config.js';
import { pintrk } from './pintrk.js';

type Queued = [event: WireEvent, tagCall?: unknown[]];

let queue: Queued[] = [];

/**
 * Queues an event for the server, and optionally its Tag call, until the end of the current tick.
 * Deferring both means one request per tick, and it lets a child's mount effect track before the
 * layout's `<PinterestTag>` effect has published the endpoint and consent and loaded the tag.
 */
export function enqueue(
  event: Pick<WireEvent, 'name' | 'event_id' | 'props' | 'user'>,
  tagCall?: unknown[],
): void {
  if (queue.push([{ ...event, time: Date.now(), url: location.href }, tagCall]) < 2) {
    queueMicrotask(flush);
  }
}

function flush(): void {
  const batch = queue;
  queue = [];
  const ids = batch.map(([event]) => event.event_id);
  // Dropped, not kept for later: consent given later does not cover what happened before it.
  if (!canSend()) {
    report('skipped', 'no consent', ids, { reason: 'consent' });
    return;
  }
  try {
    for (const [, tagCall] of batch) if (tagCall) pintrk(...tagCall);
    post(JSON.stringify({ events: batch.map(([event]) => event) }), ids);
  } catch (error) {
    // Props JSON cannot encode (BigInt, cycles) must not surface as an uncaught error.
    report('error', `${error}`, ids);
  }
}

function post(body: string, ids: string[]): void {
  const endpoint = config.endpoint || '/api/pin';
  const dead = (reason: unknown, status?: number) =>
    report('dead', `${reason}`, ids, status ? { status } : undefined);
  try {
    // keepalive lets the request outlive the page when a click navigates away. A string body goes
    // as text/plain, like the beacon's: the handler takes both, and no header costs no bytes.
    fetch(endpoint, { method: 'POST', keepalive: true, body }).then(
      (response) => response.ok || dead(`HTTP ${response.status}`, response.status),
      dead,
    );
  } catch {
    // No fetch (or it refused synchronously): a beacon sends a string as text/plain, which needs
    // no CORS preflight and survives unload too.
    if (!navigator.sendBeacon?.(endpoint, body)) dead('beacon refused');
  }
}
