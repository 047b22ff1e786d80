import { PinbridgeError } from '../error.js';

// FNV-1a, 64 bits: pure arithmetic, so the browser, the Edge runtime and Node derive the same id
// without crypto.subtle (async, and missing on plain-http origins) or any dependency.
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * A deterministic event_id for one business fact, so that two senders that never talk to each
 * other (the browser's `track('checkout')` and a payment webhook's `sendPinterestEvent`) mint the
 * same id and Pinterest counts the conversion once. The result matches `[A-Za-z0-9_-]{18,57}`;
 * it reveals neither the key nor anything else about the order.
 *
 * @example
 * // In the browser
 * track('checkout', { value: 42, currency: 'USD' }, { eventId: eventIdFor('checkout', order.id) });
 * // In the webhook
 * await sendPinterestEvent({ name: 'checkout', event_id: eventIdFor('checkout', order.id) }, { headers });
 */
export function eventIdFor(eventName: string, key: string | number): string {
  const name = String(eventName)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  const value = String(key);
  if (!name) throw new PinbridgeError('must contain a letter or digit', 'eventName');
  if (typeof key !== 'number' && !value) throw new PinbridgeError('must not be empty', 'key');
  return `${name}_${fnv1a64(`${name}:${value}`)}`;
}
