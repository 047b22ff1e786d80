import { createHash } from 'node:crypto';
import { buildEvent, hashUserData, normalizeUserData } from '@pinbridge/core';
import { opsPerSecond } from './lib/tinybench.mjs';
const ud = { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace' };
const input = { event_name: 'checkout', event_id: 'evt-1', custom_data: { value: 129.99, currency: 'USD', order_id: 'o-1', content_ids: ['sku-1'], num_items: 1 } };
const context = { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', event_source_url: 'https://shop.example/checkout' };
const built = await buildEvent(input, context, { user_data: ud });
const raw = ['ada@example.com', '14155550100', 'ada', 'lovelace'];
const tasks = {
  floor: () => { for (const v of raw) createHash('sha256').update(v).digest('hex'); return JSON.stringify(built); },
  buildEvent: async () => JSON.stringify(await buildEvent(input, context, { user_data: ud })),
  normalize: () => normalizeUserData(ud),
  hashUserData: () => hashUserData(ud),
  buildNoUser: async () => JSON.stringify(await buildEvent(input, context, {})),
};
const before = await opsPerSecond(tasks, { rounds: 3, time: 400 });
const orig = Array.prototype.flat;
Array.prototype.flat = function () { return this.length === 1 && !Array.isArray(this[0]) ? this : orig.call(this); };
const after = await opsPerSecond(tasks, { rounds: 3, time: 400 });
for (const k of Object.keys(tasks)) console.log(k.padEnd(16), (1e6 / before[k]).toFixed(2), '->', (1e6 / after[k]).toFixed(2), 'µs', (before[k]/before.floor).toFixed(2), (after[k]/after.floor).toFixed(2));
