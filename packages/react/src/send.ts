import { canSend, config, report } from './config.js';
import { pintrk } from './pintrk.js';

/** One event of the browser → server wire format that the `/api/pin` handler consumes. */
export interface WireEvent {
  name: string;
  event_id: string;
  time: number;
  url: string;
  props?: Record<string, unknown>;
  user?: Record<string, string>;
}

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
  const stamped = { ...event, time: Date.now(), url: location.href };
  if (queue.push([stamped, tagCall]) < 2) queueMicrotask(flush);
}

function flush(): void {
  const batch = queue;
  queue = [];
  const ids = batch.map(([event]) => event.event_id);
  const fail = (reason: unknown) => report(`not delivered (${reason})`, ids);
  // Dropped, not kept for later: consent given later does not cover what happened before it.
  if (!canSend()) {
    report('dropped without consent', ids);
    return;
  }
  try {
    for (const [, tagCall] of batch) if (tagCall) pintrk(...tagCall);
    post(JSON.stringify({ events: batch.map(([event]) => event) }), fail);
  } catch (error) {
    // Props JSON cannot encode (BigInt, cycles) must not surface as an uncaught error.
    fail(error);
  }
}

function post(body: string, fail: (reason: unknown) => void): void {
  const endpoint = config.endpoint || '/api/pin';
  try {
    // keepalive lets the request outlive the page when a click navigates away. A string body goes
    // as text/plain, like the beacon's: the handler takes both, and no header costs no bytes.
    fetch(endpoint, { method: 'POST', keepalive: true, body }).then(
      (response) => response.ok || fail(`HTTP ${response.status}`),
      fail,
    );
  } catch {
    // No fetch (or it refused synchronously): a beacon sends a string as text/plain, which needs
    // no CORS preflight and survives unload too.
    if (!navigator.sendBeacon?.(endpoint, body)) fail('beacon refused');
  }
}
