import type { WireEvent } from './wire-format.js';

/** Pinterest refuses events older than 7 days. */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 7 * 24 * 60 * 60;

// An event clamped to exactly the limit would be past it by the time it reaches Pinterest; the
// margin covers batching, retries and clock drift between this server and Pinterest's.
const DELIVERY_MARGIN_MS = 10 * 60 * 1000;

/**
 * The events with their browser-reported `time` clamped into `[now - maxAge + 10 min, now]`, and the ids
 * of those that moved. Clamped, not refused: a visitor's clock that runs fast or slow does not
 * make their purchase less real, and a wrong-by-days time is still better sent as "now" or
 * "7 days ago" than lost.
 *
 * @example
 * const { events, clamped } = clampEventTimes(parsed.events, Date.now(), 7 * 24 * 3600);
 */
export function clampEventTimes(
  events: readonly WireEvent[],
  nowMs: number,
  maxAgeSeconds: number = DEFAULT_MAX_EVENT_AGE_SECONDS,
): { events: WireEvent[]; clamped: string[] } {
  const oldest = nowMs - Math.max(0, maxAgeSeconds * 1000 - DELIVERY_MARGIN_MS);
  const clamped: string[] = [];
  const result = events.map((event) => {
    const time = Math.min(Math.max(event.time, oldest), nowMs);
    if (time === event.time) return event;
    clamped.push(event.event_id);
    return { ...event, time };
  });
  return { events: result, clamped };
}
