// The shop's server: pinbridge's middleware (visit cookies on page loads, POST /api/pin), the
// simulated payment provider and the payment webhook, then the Vite build with an SPA fallback.
// Runtime settings: PORT (default 3000), HOST (default 127.0.0.1), PINTEREST_ACCESS_TOKEN,
// PINTEREST_AD_ACCOUNT_ID, PINTEREST_API_URL (the emulator in the demo and the e2e).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinterest } from '@pinbridge/express';
import express from 'express';
import { sendError } from './server/json-error.js';
import { paymentProvider } from './server/payment-provider.js';
import { paymentWebhook } from './server/payment-webhook.js';
import { consentRule } from './src/consent-rule.js';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const INDEX = `${DIST}index.html`;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// Provider and shop share this process, so a fresh secret per start is enough here; a real shop
// reads the one its provider issued.
const secret = process.env.PAYMENT_WEBHOOK_SECRET ?? randomBytes(32).toString('hex');

if (!existsSync(INDEX)) {
  console.error('dist/index.html is missing: run `npm run build` in examples/express-shop first');
  process.exit(1);
}

const app = express();
app.disable('x-powered-by');
// Behind a proxy of yours (nginx, a load balancer), say how many so req.ip is the shopper's:
// app.set('trust proxy', 1);

let origin = '';
app.use(pinterest(consentRule));
app.use(
  '/payment-provider',
  paymentProvider({ webhookUrl: () => `${origin}/webhooks/payment`, secret }),
);
app.post(
  '/webhooks/payment',
  express.raw({ type: 'application/json', limit: '64kb' }),
  paymentWebhook({ secret }),
);
app.use(express.static(DIST, { index: false }));
// Client-side routes: a page load (HTML wanted, no file extension) that no asset answered gets
// the SPA, whose router decides; a missing asset stays a 404.
const isPageLoad = (req) => !/\.[^/]*$/.test(req.path) && req.accepts('html') === 'html';
app.get('/{*path}', (req, res, next) => (isPageLoad(req) ? res.sendFile(INDEX) : next()));
app.use((_req, res) => sendError(res, 404, 'not_found', 'no such route'));
app.use((error, req, res, _next) => {
  // A body parser's refusal (malformed JSON, too large) is the client's; anything else is ours.
  if (error?.status >= 400 && error.status < 500) {
    return sendError(res, error.status, 'invalid_body', 'the body could not be read');
  }
  // The error's name only: a message may quote what the request carried.
  console.error(`[shop] a ${req.method} request failed: ${error?.name ?? 'Error'}`);
  sendError(res, 500, 'internal_error', 'the request could not be served');
});

const server = app.listen(port, host, () => {
  origin = `http://${host}:${server.address().port}`;
  console.log(`Shop listening on ${origin}`);
});
