import { randomUUID } from 'node:crypto';
import { COOKIE_NAMES } from '@pinbridge/express';
import express from 'express';
import { priceLines } from '../src/catalog.js';
import { sendError } from './json-error.js';
import { SIGNATURE_HEADER, sign } from './signature.js';

// A stand-in for a hosted payment provider, mounted in the shop's own process so the demo needs no
// account anywhere. The browser's "Pay" posts the cart here; the provider charges it, answers, and
// a moment later calls the shop's webhook server to server, signed, as Stripe or Adyen would.
//
// The webhook has no browser: no cookies, no user agent, the provider's IP. What Pinterest needs to
// match the conversion travels in the payment's metadata instead, which a real shop attaches when
// it creates the payment session: the shopper's IP and user agent, and pinbridge's cookies (click
// id, browser id, consent). Only those cookies: the shop's session cookies stay home.
const VISITOR_COOKIES = [COOKIE_NAMES.clickId, COOKIE_NAMES.browserId, COOKIE_NAMES.consent];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ATTEMPTS = 3;

function visitorCookies(header = '') {
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => VISITOR_COOKIES.includes(pair.slice(0, pair.indexOf('='))))
    .join('; ');
}

/**
 * The provider's API: `POST /charges` with `{ email, items: [{ id, quantity }] }` prices the items
 * from the catalog (never the browser's prices), answers 201 with the order, and `delayMs` later
 * posts `payment.succeeded` to `webhookUrl()`, retried up to three times.
 *
 * @example
 * app.use('/payment-provider', paymentProvider({ webhookUrl: () => `${origin}/webhooks/payment`, secret }));
 */
export function paymentProvider({ webhookUrl, secret, delayMs = 500 }) {
  const router = express.Router();
  router.post('/charges', express.json({ limit: '16kb' }), (req, res) => {
    const { email, items } = req.body ?? {};
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      return sendError(res, 400, 'invalid_email', 'an email address is required', 'email');
    }
    const lines = Array.isArray(items)
      ? items.filter((item) => item && typeof item === 'object')
      : [];
    const { contents, value, currency } = priceLines(lines);
    if (contents.length === 0) {
      return sendError(res, 400, 'empty_cart', 'no product of the catalog to charge', 'items');
    }
    const order = {
      id: `ord_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      value,
      currency,
      contents,
    };
    res.status(201).json({ order });
    const metadata = {
      ip: req.ip,
      userAgent: req.get('user-agent') ?? '',
      cookie: visitorCookies(req.get('cookie')),
      page: req.get('referer'),
    };
    const event = JSON.stringify({
      type: 'payment.succeeded',
      order: { ...order, email, metadata },
    });
    setTimeout(() => void deliver(webhookUrl(), event, secret), delayMs);
  });
  return router;
}

async function deliver(url, body, secret, attempt = 1) {
  const status = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(body, secret) },
    body,
  }).then(
    (response) => response.status,
    () => 0,
  );
  if (status >= 200 && status < 300) return;
  if (attempt === ATTEMPTS) {
    console.error(`[payment-provider] webhook failed ${ATTEMPTS} times (last status ${status})`);
    return;
  }
  setTimeout(() => void deliver(url, body, secret, attempt + 1), 1000 * attempt);
}
