import { eventIdFor, sendPinterestEvent } from '@pinbridge/express';
import { consentRule } from '../src/consent-rule.js';
import { sendError } from './json-error.js';
import { isSigned, SIGNATURE_HEADER } from './signature.js';

/**
 * `POST /webhooks/payment`, behind `express.raw({ type: 'application/json' })`: checks the
 * provider's signature, then sends the checkout to Pinterest from the server with the id the
 * browser's `track('checkout', …)` used, `eventIdFor('checkout', orderId)`. Pinterest receives it
 * twice and counts it once; a retried webhook is the same event again. The shopper's IP, user
 * agent and pinbridge cookies come from the payment's metadata (see ./payment-provider.js), so
 * this copy matches like the browser's, and the consent cookie decides here as it does there.
 *
 * @example
 * app.post('/webhooks/payment', express.raw({ type: 'application/json' }), paymentWebhook({ secret }));
 */
export function paymentWebhook({ secret }) {
  return async (req, res) => {
    if (!Buffer.isBuffer(req.body) || !isSigned(req.body, req.get(SIGNATURE_HEADER), secret)) {
      return sendError(res, 401, 'bad_signature', 'the signature does not match', SIGNATURE_HEADER);
    }
    const { type, order } = JSON.parse(req.body.toString('utf8'));
    if (type !== 'payment.succeeded') return res.status(204).end();
    const { metadata } = order;
    const result = await sendPinterestEvent(
      {
        name: 'checkout',
        event_id: eventIdFor('checkout', order.id),
        url: metadata.page,
        props: {
          value: order.value,
          currency: order.currency,
          order_id: order.id,
          contents: order.contents,
        },
        user: { email: order.email },
      },
      {
        headers: new Headers({ 'user-agent': metadata.userAgent, cookie: metadata.cookie }),
        getClientIp: () => metadata.ip,
        ...consentRule,
      },
    );
    res.json({ event_id: result.event_id, status: result.status });
  };
}
