import { createHash } from 'node:crypto';
import { buildEvent } from '@pinbridge/core';
import { sha256Hex as nodeHash } from '../packages/core/dist/sha256.node.js';
import { sha256Hex as webHash } from '../packages/core/dist/sha256.web.js';
import { opsPerSecond } from './lib/tinybench.mjs';

const input = { event_name: 'checkout', event_id: 'evt-1', custom_data: { value: 129.99, currency: 'USD', order_id: 'o-1', content_ids: ['sku-1'], num_items: 1 } };
const context = { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', event_source_url: 'https://shop.example/checkout' };
const options = { user_data: { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace' } };
const built = await buildEvent(input, context, options);
console.log(JSON.stringify(built));
const raw = ['ada@example.com', '14155550100', 'ada', 'lovelace'];
const r = await opsPerSecond({
  floor: () => { for (const v of raw) createHash('sha256').update(v).digest('hex'); return JSON.stringify(built); },
  pinbridge: async () => JSON.stringify(await buildEvent(input, context, options)),
  pinbridgeNoId: async () => JSON.stringify(await buildEvent({ ...input, event_id: undefined }, context, options)),
  node: () => nodeHash('ada@example.com'),
  web: () => webHash('ada@example.com'),
}, { rounds: 3 });
console.log(r, r.pinbridge / r.floor);
