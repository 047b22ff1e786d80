import type { EventName } from './types.js';

/**
 * The Pinterest Tag name of each Conversions API event name. Both copies of one conversion carry
 * corresponding names and one event_id; the Tag treats names case-insensitively and Pinterest's
 * own plugins send the lowercase forms.
 */
export const TAG_EVENT_NAMES: Readonly<Record<EventName, string>> = {
  add_payment_info: 'addpaymentinfo',
  add_to_cart: 'addtocart',
  add_to_wishlist: 'addtowishlist',
  app_install: 'appinstall',
  checkout: 'checkout',
  custom: 'custom',
  initiate_checkout: 'initiatecheckout',
  lead: 'lead',
  page_visit: 'pagevisit',
  search: 'search',
  signup: 'signup',
  subscribe: 'subscribe',
  view_category: 'viewcategory',
  view_content: 'viewcontent',
  watch_video: 'watchvideo',
};

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
  return typeof name === 'string' && Object.hasOwn(TAG_EVENT_NAMES, name);
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
