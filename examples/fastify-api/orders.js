import { randomUUID } from 'node:crypto';
import { COOKIE_NAMES, eventIdFor, sendPinterestEvent } from '@pinbridge/fastify';
import { priceLines } from './catalog.js';

// Orders in memory, each with what Pinterest matches a conversion on, taken from the shopper's
// own request when the order is created: the payment webhook that confirms it later comes from
// the provider, with no browser behind it. Only pinbridge's cookies are kept, never a session's.
const VISITOR_COOKIES = [COOKIE_NAMES.clickId, COOKIE_NAMES.browserId, COOKIE_NAMES.consent];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const orders = new Map();

const visitorCookies = (header = '') =>
  header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => VISITOR_COOKIES.includes(pair.slice(0, pair.indexOf('='))))
    .join('; ');

/**
 * A priced order for `{ email, items }` and the shopper's request (`ip`, `userAgent`, `cookie`,
 * `page`), or the field that is wrong.
 */
export function createOrder({ email, items } = {}, shopper) {
  if (typeof email !== 'string' || !EMAIL.test(email)) return { problem: 'email' };
  const { contents, value, currency } = priceLines(items);
  if (contents.length === 0) return { problem: 'items' };
  const order = {
    id: `ord_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
    value,
    currency,
    contents,
  };
  orders.set(order.id, {
    ...order,
    email,
    shopper: { ...shopper, cookie: visitorCookies(shopper.cookie) },
  });
  return { order };
}

export const findOrder = (id) => orders.get(id);

/**
 * Sends a paid order's checkout from the server, under the id the browser's
 * `track('checkout', …)` uses, `eventIdFor('checkout', order.id)`: Pinterest receives both copies
 * and counts one, and a retried webhook is the same event again. The IP, user agent and pinbridge
 * cookies are the shopper's, kept with the order when the shopper placed it.
 */
export function sendCheckout(order) {
  const { shopper } = order;
  return sendPinterestEvent(
    {
      name: 'checkout',
      event_id: eventIdFor('checkout', order.id),
      url: shopper.page,
      props: {
        value: order.value,
        currency: order.currency,
        order_id: order.id,
        contents: order.contents,
      },
      user: { email: order.email },
    },
    {
      headers: new Headers({ 'user-agent': shopper.userAgent, cookie: shopper.cookie }),
      getClientIp: () => shopper.ip,
    },
  );
}
