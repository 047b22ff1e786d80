import { toTagEventName } from '@pinbridge/core/wire';
import { nanoid } from 'nanoid';
import { report } from './config.js';
import { enqueue } from './send.js';
import { tagParams } from './tag-params.js';

/**
 * Per-call options of `track`.
 *
 * @example
 * track('checkout', { value: 99, currency: 'USD' }, { eventId: `checkout-${orderId}`, user: { em: email } });
 */
export interface TrackOptions {
  /** Use a known id instead of a fresh one, e.g. a deterministic checkout id a webhook shares. */
  eventId?: string;
  /** Identifiers the client knows (em, ph, ...); the server hashes them, its own values win. */
  user?: Record<string, string>;
}

/**
 * Sends one conversion from the Tag and the server with one event_id, and returns that id.
 *
 * @example
 * const track: TrackFunction = usePinterestTrack();
 * const eventId = track('search', { search_string: 'linen' });
 */
export type TrackFunction = (
  name: string,
  props?: Record<string, unknown>,
  options?: TrackOptions,
) => string;

/** The function `usePinterestTrack()` returns; module-level so it is stable across renders. */
export const track: TrackFunction = (name, props, options) => {
  const event_id = options?.eventId ?? nanoid();
  try {
    const tagData = { event_id, ...tagParams(props) };
    enqueue({ name, event_id, props, user: options?.user }, [
      'track',
      toTagEventName(name),
      tagData,
    ]);
  } catch (error) {
    // Analytics must never break the page it measures (bad props, no window during SSR...).
    report(`not tracked: ${error}`, [event_id]);
  }
  return event_id;
};
