// Sends the Datafly seed's checkout and a page visit through @pinbridge/core to the local emulator
// and prints what the emulator received and its verdict. No Pinterest account, no network.
import { buildEvent, createPinterestClient, fromSemanticEvent } from '@pinbridge/core';
import { startEmulator } from '@pinbridge/emulator';

const emulator = await startEmulator();
const client = createPinterestClient({
  accessToken: 'demo-token',
  adAccountId: '549755885175',
  apiUrl: `${emulator.url}/v5`,
});
const visitor = {
  client_ip_address: '203.0.113.50',
  client_user_agent: 'Mozilla/5.0 (pinbridge demo)',
  click_id: 'dj0yJnU9ZGVtbw',
};

const checkout = await buildEvent(
  {
    ...fromSemanticEvent('Order Completed', {
      order_id: 'ORD-001',
      total: 129.99,
      currency: 'USD',
      products: [
        { product_id: 'SKU-A', name: 'Widget', price: 49.99, quantity: 2 },
        { product_id: 'SKU-B', name: 'Gadget', price: 30.01, quantity: 1 },
      ],
    }),
    event_source_url: 'https://example.com/checkout/confirmation',
  },
  visitor,
  { user_data: { em: 'Jane.Doe@Example.com' } },
);
const pageVisit = await buildEvent(
  { event_name: 'page_visit', event_source_url: 'https://example.com/products/widgets' },
  visitor,
);

const result = await client.send([checkout, pageVisit]);
const { events, requests } = emulator.received();
console.log(`Emulator at ${emulator.url}/v5 received:`);
console.log(
  JSON.stringify({ data: events.map(({ adAccountId, receivedAt, ...sent }) => sent) }, null, 2),
);
for (const request of requests) {
  console.log(`request ${request.requestId}: HTTP ${request.status}, ${request.eventCount} events`);
}
for (const outcome of result.results) {
  console.log(`${outcome.event_name} ${outcome.event_id}: ${outcome.status}`);
}
console.log(`Verdict: ${result.processed} processed, ${result.failed} failed`);
await client.close();
await emulator.close();
process.exitCode = result.failed === 0 ? 0 : 1;
