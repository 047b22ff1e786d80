import { type TrackFunction, track } from './track.js';

/**
 * The stable `track(name, props?, options?)` function. It accepts Pinterest names (`add_to_cart`)
 * with Pinterest-shaped props, or Segment / Datafly names (`Order Completed`) with theirs, and
 * returns the event_id shared by the Tag call and the server copy. Works anywhere below (or
 * without) `<PinterestTag>`: no Provider needed.
 *
 * @example
 * const track = usePinterestTrack();
 * <button onClick={() => track('add_to_cart', { value: 42, currency: 'USD', contents: [{ id: 'sku-1', quantity: 1 }] })}>
 *   Add to cart
 * </button>
 */
export const usePinterestTrack = (): TrackFunction => track;
