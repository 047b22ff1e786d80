import { PinbridgeError } from './error.js';

/** Unix seconds stay below 1e11 until the year 5138; Unix milliseconds passed it in 1973. */
export const MILLISECONDS_THRESHOLD = 1e11;

/**
 * A Unix time in milliseconds, from milliseconds or seconds (told apart by
 * {@link MILLISECONDS_THRESHOLD}): the one rule every time pinbridge reads follows, so a client
 * that sends seconds where milliseconds were asked for is read right, not clamped to a week ago.
 *
 * @example
 * toMilliseconds(1706540000); // 1706540000000
 * toMilliseconds(1706540000123); // 1706540000123
 */
export function toMilliseconds(time: number): number {
  return time >= MILLISECONDS_THRESHOLD ? time : time * 1000;
}

/**
 * Pinterest's `event_time`: whole Unix seconds, floored (rounding could land in the future),
 * never later than `nowMs`. Accepts seconds, milliseconds, numeric or ISO strings and Dates.
 *
 * @example
 * toEventTime(1706540000123, Date.now()); // 1706540000
 */
export function toEventTime(input: unknown, nowMs: number): number {
  const now = Math.floor(nowMs / 1000);
  if (input === undefined || input === null) return now;
  const seconds = toSeconds(input);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new PinbridgeError(
      'must be Unix seconds, milliseconds, an ISO date or a Date',
      'event_time',
    );
  }
  return Math.min(Math.floor(seconds), now);
}

function toSeconds(input: unknown): number {
  if (input instanceof Date) return input.getTime() / 1000;
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed === '') return Number.NaN;
    return /^\d+(\.\d+)?$/.test(trimmed) ? toSeconds(Number(trimmed)) : Date.parse(trimmed) / 1000;
  }
  if (typeof input === 'number') return toMilliseconds(input) / 1000;
  return Number.NaN;
}
