import { toTagEventName, type WireUser } from '@pinbridge/core/wire';
import { report } from './config.js';
import { randomEventId } from './event-id.js';
import { enqueue } from './send.js';
import { tagParams } from './tag-params.js';

/**
 * Per-call options of `track`.
 *
 * @example
 * track('checkout', { value: 99, currency: 'USD' }, { eventId: `checkout-${orderId}`, user: { em: email } });
 */
export interface TrackOptions {
  /**
   * Use a known id instead of a fresh one, e.g. a deterministic checkout id a webhook shares
   * (`eventIdFor`). It must follow the wire's rule, 8 to 64 of `[A-Za-z0-9_-]`: the server refuses
   * a request holding any other id, and the events posted with it (reported `dead`, HTTP 400).
   */
  eventId?: string;
  /** Identifiers the client knows (em, ph, ...); the server hashes them, its own values win. */
  user?: WireUser;
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
  const event_id = options?.eventId ?? randomEventId();
  try {
    const tagData = { event_id, ...tagParams(props) };
    enqueue({ name, event_id, props, user: options?.user }, [
      'track',
      toTagEventName(name),
      tagData,
    ]);
  } catch (error) {
    // Analytics must never break the page it measures (bad props, no window during SSR...).
    report('error', error, [event_id]);
  }
  return event_id;
};
