import { type TrackFunction, track } from './track.js';

/**
 * The stable `track(name, data?, options?)` function: `pintrk('track', …)` with a server copy.
 * It takes a Pinterest event name (`add_to_cart`, `checkout`, or `custom`) and the Tag's own
 * event data (`value`, `currency`, `order_quantity`, `line_items`, `search_query`...), gives the
 * Tag both unchanged (the name without underscores), posts the server copy, which maps the data
 * to the Conversions API, and returns the event_id the two share. Works anywhere below (or
 * without) `<PinterestTag>`: no Provider needed.
 *
 * @example
 * const track = usePinterestTrack();
 * <button onClick={() => track('add_to_cart', { value: 42, currency: 'USD', line_items: [{ product_id: 'sku-1', product_quantity: 1 }] })}>
 *   Add to cart
 * </button>
 */
export const usePinterestTrack = (): TrackFunction => track;
