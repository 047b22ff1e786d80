// The example servers as they ship (examples/fastify-api, examples/hono-api), each started as its
// own process with the emulator as Pinterest, against the app contract; then the server-side
// checkout of each: an order placed by the shopper, confirmed by a signed payment webhook, reaches
// Pinterest under `eventIdFor('checkout', order.id)` with the shopper's IP, user agent and ids.
// The servers run on the built packages (npm run build), as an app installed from npm would.
import { createHmac } from 'node:crypto';
import { eventIdFor } from '@pinbridge/core/wire';
import { expect, it, vi } from 'vitest';
import { type AppContext, describeAppContract } from './app-contract.js';
import { BROWSER_UA } from './contract.js';
import { sha256 } from './fake-client.js';
import { startNodeServer } from './node-server.js';

const SECRET = 'contract-webhook-secret';

/** The provider's signature, computed here as the provider would: HMAC-SHA256 of the raw body. */
const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function checkoutCases({ app, emulator }: AppContext) {
  it('sends the checkout a signed payment webhook confirms, under the order’s one event id', async () => {
    const placed = await fetch(`${app().origin}/api/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': BROWSER_UA,
        cookie: '_pb_bid=browser-0001; _epik=CLICK-1; session=not-for-pinterest',
        referer: `${app().origin}/products/SKU-A`,
      },
      body: JSON.stringify({ email: 'Ada@Example.com', items: [{ id: 'SKU-A', quantity: 2 }] }),
    });
    expect(placed.status).toBe(201);
    const { order } = await placed.json();
    const webhook = (body: string, signature = sign(body, SECRET)) =>
      fetch(`${app().origin}/webhooks/payment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-payment-signature': signature },
        body,
      });
    const paid = JSON.stringify({ type: 'payment.succeeded', order_id: order.id });
    expect((await webhook(paid, sign(paid, 'another-secret'))).status).toBe(401);
    const confirmed = await webhook(paid);
    const eventId = eventIdFor('checkout', order.id);
    expect(await confirmed.json()).toEqual({ event_id: eventId, status: 'queued' });
    await vi.waitFor(
      () =>
        expect(
          emulator()
            .received()
            .events.map((event) => event.event_id),
        ).toContain(eventId),
      { timeout: 10_000 },
    );
    const checkout = emulator()
      .received()
      .events.find((event) => event.event_id === eventId);
    expect(checkout).toMatchObject({
      event_name: 'checkout',
      event_source_url: `${app().origin}/products/SKU-A`,
      user_data: {
        em: [await sha256('ada@example.com')],
        external_id: [await sha256('browser-0001')],
        client_ip_address: '127.0.0.1',
        client_user_agent: BROWSER_UA,
        click_id: 'CLICK-1',
      },
      custom_data: { value: '48', currency: 'USD', order_id: order.id },
    });
  });
}

for (const example of ['fastify-api', 'hono-api']) {
  describeAppContract(
    `examples/${example}`,
    {
      start: (env) =>
        startNodeServer(`examples/${example}/server.js`, {
          ...env,
          PAYMENT_WEBHOOK_SECRET: SECRET,
        }),
      page: '/products/SKU-A',
      visitor: { ip: '127.0.0.1' },
    },
    checkoutCases,
  );
}
