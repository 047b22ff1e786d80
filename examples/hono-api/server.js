// A small Hono API on Node (@hono/node-server) measured by pinbridge: the middleware sets the
// visit cookies on page loads and serves POST /api/pin; a product JSON API, two static pages, and
// a server-side checkout that a payment provider's signed webhook confirms, sent to Pinterest
// under the browser's event id. Runtime settings: PORT (default 3000; 0 for a free one), HOST
// (default 127.0.0.1), PINTEREST_ACCESS_TOKEN, PINTEREST_AD_ACCOUNT_ID, PINTEREST_API_URL,
// PAYMENT_WEBHOOK_SECRET.
import { readFile } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { pinterest } from '@pinbridge/hono';
import { Hono } from 'hono';
import { findProduct, products } from './catalog.js';
import { createOrder, findOrder, sendCheckout } from './orders.js';
import { isSigned, SIGNATURE_HEADER } from './signature.js';

const secret = process.env.PAYMENT_WEBHOOK_SECRET;
if (!secret) {
  console.error(
    'PAYMENT_WEBHOOK_SECRET is not set: the payment webhook could not check a signature',
  );
  process.exit(1);
}

const error = (code, message, path = '') => ({ error: { code, message, path } });
const page = (name) => readFile(new URL(`./public/${name}`, import.meta.url), 'utf8');
// The shopper's address as the socket has it; behind a proxy of yours, take the one it forwards
// here, as pinterest()'s `trustProxy` does for /api/pin.
const clientIp = (c) => getConnInfo(c).remote.address;

const app = new Hono();
app.use(pinterest({ getConnInfo }));

app.get('/', async (c) => c.html(await page('index.html')));
app.get('/products/:id', async (c) =>
  findProduct(c.req.param('id'))
    ? c.html(await page('product.html'))
    : c.json(error('not_found', 'no such product', 'id'), 404),
);
app.get('/api/products', (c) => c.json({ products }));
app.get('/api/products/:id', (c) => {
  const product = findProduct(c.req.param('id'));
  return product ? c.json(product) : c.json(error('not_found', 'no such product', 'id'), 404);
});

app.post('/api/orders', async (c) => {
  const body = await c.req.json().catch(() => ({}));
  const { order, problem } = createOrder(body, {
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? '',
    cookie: c.req.header('cookie'),
    page: c.req.header('referer'),
  });
  if (problem)
    return c.json(error('invalid_order', `the ${problem} is missing or wrong`, problem), 400);
  return c.json({ order }, 201);
});

// The signature is checked on the bytes the provider sent, before anything parses them.
app.post('/webhooks/payment', async (c) => {
  const body = Buffer.from(await c.req.arrayBuffer());
  if (!isSigned(body, c.req.header(SIGNATURE_HEADER), secret)) {
    return c.json(error('bad_signature', 'the signature does not match', SIGNATURE_HEADER), 401);
  }
  const { type, order_id } = JSON.parse(body.toString('utf8'));
  if (type !== 'payment.succeeded') return c.body(null, 204);
  const order = findOrder(order_id);
  if (!order) return c.json(error('not_found', 'no such order', 'order_id'), 404);
  const { event_id, status } = await sendCheckout(order);
  return c.json({ event_id, status });
});

app.notFound((c) => c.json(error('not_found', 'no such route'), 404));

const server = serve(
  {
    fetch: app.fetch,
    port: Number(process.env.PORT ?? 3000),
    hostname: process.env.HOST ?? '127.0.0.1',
  },
  ({ address, port }) => console.log(`hono-api listening on http://${address}:${port}`),
);
process.on('SIGTERM', () => server.close());
