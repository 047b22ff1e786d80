import { createHash } from 'node:crypto';
import * as cur from '@pinbridge/core';
import { opsPerSecond } from './lib/tinybench.mjs';
const A = await import('/tmp/pbwork/pbcoreA.mjs');
const B = await import('/tmp/pbwork/pbcore.mjs');
const ud = { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace' };
const input = { event_name: 'checkout', event_id: 'evt-1', custom_data: { value: 129.99, currency: 'USD', order_id: 'o-1', content_ids: ['sku-1'], num_items: 1 } };
const context = { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', event_source_url: 'https://shop.example/checkout' };
const built = await cur.buildEvent(input, context, { user_data: ud });
console.log(JSON.stringify(await B.buildEvent(input, context, { user_data: ud })) === JSON.stringify(built));
const raw = ['ada@example.com', '14155550100', 'ada', 'lovelace'];
const r = await opsPerSecond({
  floor: () => { for (const v of raw) createHash('sha256').update(v).digest('hex'); return JSON.stringify(built); },
  current: async () => JSON.stringify(await cur.buildEvent(input, context, { user_data: ud })),
  noFlat: async () => JSON.stringify(await A.buildEvent(input, context, { user_data: ud })),
  noFlatFlatPromises: async () => JSON.stringify(await B.buildEvent(input, context, { user_data: ud })),
}, { rounds: 5, time: 500 });
for (const [k, v] of Object.entries(r)) console.log(k.padEnd(20), (1e6 / v).toFixed(2), 'µs', (v / r.floor).toFixed(2));
