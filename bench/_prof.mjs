import { buildEvent } from '@pinbridge/core';
const ud = { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace' };
const input = { event_name: 'checkout', event_id: 'evt-1', custom_data: { value: 129.99, currency: 'USD', order_id: 'o-1', content_ids: ['sku-1'], num_items: 1 } };
const context = { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', event_source_url: 'https://shop.example/checkout' };
const t = performance.now();
for (let i = 0; i < 300000; i++) JSON.stringify(await buildEvent(input, context, { user_data: ud }));
console.log((performance.now() - t) / 300000 * 1000, 'µs');
