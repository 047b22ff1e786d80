/**
 * Identifiers a browser may send, in Pinterest's field order: every hashed field but mobile ad
 * ids (no browser has one). IP, user agent and click id come from the request instead.
 */
export type WireUserField =
  | 'em'
  | 'ph'
  | 'ge'
  | 'db'
  | 'ln'
  | 'fn'
  | 'ct'
  | 'st'
  | 'zp'
  | 'country'
  | 'external_id';

// One string, split once: this module ships to browsers with the React hook. Marked pure so a
// browser bundle that never reads it (the hook does not) drops it.
export const WIRE_USER_FIELDS =
  /* @__PURE__ */ 'em ph ge db ln fn ct st zp country external_id'.split(
    ' ',
  ) as readonly WireUserField[];

/** Raw identifiers, hashed by the server before they leave it. */
export type WireUser = Partial<Record<WireUserField, string | string[]>>;

/**
 * One event of the browser → server wire format: what `usePinterestTrack()` posts to `/api/pin`
 * (`{ events: WireEvent[] }`, as text/plain) and what the handler validates.
 *
 * @example
 * const event: WireEvent = { name: 'add_to_cart', event_id: 'V1StGXR8_Z5jdHi6', time: Date.now(), url: location.href };
 */
export interface WireEvent {
  /**
   * A Pinterest event name (`add_to_cart`, or `custom`): the Tag's copy carries the same name
   * without underscores (`addtocart`), so the handler refuses any other.
   */
  name: string;
  /** Shared with the Pinterest Tag's copy: Pinterest counts the two once. See {@link EVENT_ID}. */
  event_id: string;
  /** Milliseconds since the epoch, by the browser's clock (the server clamps it). */
  time: number;
  /** The page the event happened on. */
  url: string;
  /**
   * The Tag's event data (line_items, order_quantity, search_query...), which the Tag's copy
   * carries unchanged; the server also reads Conversions API custom_data and Segment-style props.
   */
  props?: Record<string, unknown>;
  user?: WireUser;
}

/** The rule every event_id of the wire follows: 8 to 64 of `[A-Za-z0-9_-]`. */
export const EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
