import { createHmac, timingSafeEqual } from 'node:crypto';

// How the payment provider signs its webhooks: an HMAC-SHA256 of the raw body under the secret
// both sides hold, as Stripe and Adyen do. Checked on the bytes received, before parsing.
export const SIGNATURE_HEADER = 'x-payment-signature';

export const sign = (body, secret) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export function isSigned(body, signature, secret) {
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(String(signature ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
