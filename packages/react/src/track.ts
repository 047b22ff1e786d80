import { type EventName, toTagEventName, type WireUser } from '@pinbridge/core/wire';
import { report } from './config.js';
import { randomEventId } from './event-id.js';
import { enqueue } from './send.js';
import { warnOfTrackCall } from './warn-of-track-call.js';

/**
 * One product of {@link TagEventData}: the Tag's `line_items[]` entry. The server copy maps it to
 * a Conversions API content (`product_id` → `id`, `product_price` → `item_price`, ...).
 */
export interface TagLineItem {
  product_id?: string;
  product_name?: string;
  product_price?: number | string;
  product_quantity?: number;
  product_category?: string;
  product_brand?: string;
  product_variant?: string;
  product_variant_id?: string;
  [key: string]: unknown;
}

/**
 * The Pinterest Tag's event data, as `pintrk('track', name, data)` takes it: the Tag's copy
 * carries it unchanged (plus the event_id) and the server maps it to the Conversions API's
 * custom_data (`order_quantity` → `num_items`, `search_query` → `search_string`, `line_items` →
 * `contents`).
 *
 * @example
 * const data: TagEventData = { value: 116, currency: 'USD', order_quantity: 2, line_items: [{ product_id: '11', product_price: 48, product_quantity: 2 }] };
 */
export interface TagEventData {
  value?: number | string;
  currency?: string;
  order_id?: string;
  order_quantity?: number;
  search_query?: string;
  promo_code?: string;
  line_items?: TagLineItem[];
  [key: string]: unknown;
}

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
 * const eventId = track('search', { search_query: 'linen' });
 */
export type TrackFunction = (
  name: EventName,
  data?: TagEventData,
  options?: TrackOptions,
) => string;

/** The function `usePinterestTrack()` returns; module-level so it is stable across renders. */
export const track: TrackFunction = (name, data, options) => {
  const event_id = options?.eventId ?? randomEventId();
  if (process.env.NODE_ENV !== 'production') warnOfTrackCall(name, data);
  try {
    // The data goes to the Tag as given: mapping it is the server's work, where it costs no bytes.
    enqueue({ name, event_id, props: data, user: options?.user }, [
      'track',
      toTagEventName(name),
      { event_id, ...data },
    ]);
  } catch (error) {
    // Analytics must never break the page it measures (bad props, no window during SSR...).
    report('error', error, [event_id]);
  }
  return event_id;
};
