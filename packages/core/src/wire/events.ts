import type { EventName } from '../types.js';

// Kept as one string: this module ships to browsers with the React hook, where bytes count.
const NAMES =
  'add_payment_info add_to_cart add_to_wishlist app_install checkout custom initiate_checkout lead page_visit search signup subscribe view_category view_content watch_video';

/** The event names of Pinterest's API description (5.23.0). */
// Pure: a browser bundle that only checks names in development drops the list in production.
export const EVENT_NAMES = /* @__PURE__ */ NAMES.split(' ') as readonly EventName[];

/** Segment / Datafly e-commerce names and the Pinterest event each one becomes. */
export const SEMANTIC_EVENT_NAMES: Readonly<Record<string, EventName>> = {
  page: 'page_visit',
  'Page Viewed': 'page_visit',
  'Product Added': 'add_to_cart',
  'Order Completed': 'checkout',
  'Product Purchased': 'checkout',
  'Signed Up': 'signup',
  'Lead Generated': 'lead',
  'Products Searched': 'search',
  'Product Viewed': 'view_category',
};

/** Whether `name` is one of the event names Pinterest's API description lists. */
export function isEventName(name: unknown): name is EventName {
  return EVENT_NAMES.includes(name as EventName);
}

/**
 * The Pinterest event a Pinterest or semantic name stands for; any other name is `custom`.
 *
 * @example
 * toEventName('Order Completed'); // 'checkout'
 * toEventName('add_to_cart'); // 'add_to_cart'
 */
export function toEventName(
  name: string,
  mapping: Readonly<Record<string, EventName>> = SEMANTIC_EVENT_NAMES,
): EventName {
  if (isEventName(name)) return name;
  return Object.hasOwn(mapping, name) ? mapping[name] : 'custom';
}

/**
 * The Pinterest Tag's name for a Pinterest event: the API name without underscores
 * (`add_to_cart` -> `addtocart`, `page_visit` -> `pagevisit`), the lowercase form Pinterest's own
 * plugins send (the Tag reads names case-insensitively). No table: the browser sends every event
 * under this name, so both copies name one conversion.
 *
 * @example
 * toTagEventName('add_to_cart'); // 'addtocart'
 */
export const toTagEventName = (name: string): string => name.replace(/_/g, '');
