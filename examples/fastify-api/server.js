// A small Fastify API measured by pinbridge: the plugin sets the visit cookies on page loads and
// serves POST /api/pin; a product JSON API, two static pages, and a server-side checkout that a
// payment provider's signed webhook confirms, sent to Pinterest under the browser's event id.
// Runtime settings: PORT (default 3000; 0 for a free one), HOST (default 127.0.0.1),
// PINTEREST_ACCESS_TOKEN, PINTEREST_AD_ACCOUNT_ID, PINTEREST_API_URL, PAYMENT_WEBHOOK_SECRET.
import { readFile } from 'node:fs/promises';
import { pinterest } from '@pinbridge/fastify';
import Fastify from 'fastify';
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

// Behind proxies of yours, name them so request.ip is the shopper's (Fastify 5.12.1 and later
// ignore a hop count such as `trustProxy: 1`): Fastify({ trustProxy: '10.0.0.0/8' }).
const app = Fastify();
await app.register(pinterest);

app.get('/', async (_request, reply) => reply.type('text/html').send(await page('index.html')));
app.get('/products/:id', async (request, reply) => {
  if (!findProduct(request.params.id))
    return reply.code(404).send(error('not_found', 'no such product', 'id'));
  return reply.type('text/html').send(await page('product.html'));
});
app.get('/api/products', async () => ({ products }));
app.get('/api/products/:id', async (request, reply) => {
  const product = findProduct(request.params.id);
  return product ?? reply.code(404).send(error('not_found', 'no such product', 'id'));
});

app.post('/api/orders', async (request, reply) => {
  const { order, problem } = createOrder(request.body ?? {}, {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    cookie: request.headers.cookie,
    page: request.headers.referer,
  });
  if (problem)
    return reply
      .code(400)
      .send(error('invalid_order', `the ${problem} is missing or wrong`, problem));
  return reply.code(201).send({ order });
});

// The webhook reads its body as bytes (its own parser, in its own context): the signature is
// checked on what the provider sent, before anything parses it.
await app.register(async (webhooks) => {
  webhooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  webhooks.post('/webhooks/payment', async (request, reply) => {
    if (
      !Buffer.isBuffer(request.body) ||
      !isSigned(request.body, request.headers[SIGNATURE_HEADER], secret)
    ) {
      return reply
        .code(401)
        .send(error('bad_signature', 'the signature does not match', SIGNATURE_HEADER));
    }
    const { type, order_id } = JSON.parse(request.body.toString('utf8'));
    const order = findOrder(order_id);
    if (type !== 'payment.succeeded') return reply.code(204).send();
    if (!order) return reply.code(404).send(error('not_found', 'no such order', 'order_id'));
    const { event_id, status } = await sendCheckout(order);
    return { event_id, status };
  });
});

app.setNotFoundHandler((_request, reply) =>
  reply.code(404).send(error('not_found', 'no such route')),
);
app.setErrorHandler((failure, request, reply) => {
  // Fastify's own refusals (a malformed body, too large) are the client's; anything else is ours,
  // logged by its name only: a message may quote what the request carried.
  const status = failure.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.code(status).send(error('invalid_body', 'the body could not be read'));
  }
  console.error(`[fastify-api] a ${request.method} request failed: ${failure.name}`);
  return reply.code(500).send(error('internal_error', 'the request could not be served'));
});

const origin = await app.listen({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`fastify-api listening on ${origin}`);
