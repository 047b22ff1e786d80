import type { WireEvent } from '@pinbridge/core/wire';
import { config, report } from './config.js';
import { canSend } from './consent.js';
import { pintrk } from './pintrk.js';

// The current tick's events, and the Tag calls that go with them.
let events: WireEvent[] = [];
let tagCalls: unknown[][] = [];

/**
 * Queues an event for the server, and optionally its Tag call, until the end of the current tick.
 * Deferring both means one request per tick, and it lets a child's mount effect track before the
 * layout's `<PinterestTag>` effect has published the endpoint and consent and loaded the tag.
 */
export function enqueue(
  event: Pick<WireEvent, 'name' | 'event_id' | 'props' | 'user'>,
  tagCall?: unknown[],
): void {
  if (tagCall) tagCalls.push(tagCall);
  if (events.push({ ...event, time: Date.now(), url: location.href }) < 2) queueMicrotask(flush);
}

function flush(): void {
  const batch = events;
  const calls = tagCalls;
  const ids = batch.map((event) => event.event_id);
  events = [];
  tagCalls = [];
  // Dropped, not kept for later: consent given later does not cover what happened before it.
  if (!canSend()) {
    report('skipped', 'no consent', ids, { reason: 'consent' });
    return;
  }
  const endpoint = config.endpoint || '/api/pin';
  const dead = (reason: unknown, status?: number) =>
    report('dead', reason, ids, status ? { status } : undefined);
  let body: string;
  try {
    for (const call of calls) pintrk(...call);
    body = JSON.stringify({ events: batch });
  } catch (error) {
    // Props JSON cannot encode (BigInt, cycles) must not surface as an uncaught error.
    report('error', error, ids);
    return;
  }
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
