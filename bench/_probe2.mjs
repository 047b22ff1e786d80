import { createHash } from 'node:crypto';
import { buildEvent, hashUserData, normalizeUserData } from '@pinbridge/core';
import { nanoid } from '../packages/core/node_modules/nanoid/index.js';
import { opsPerSecond } from './lib/tinybench.mjs';

const ud = { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace', client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' };
const hashed = ['b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72','5e7ec4c79ccac6e420876e65ad0e6b4b2ccf73ec3dccb50297bf2890a1ec73b9','fb1e7ec987523d2cb9e022cec1d6ae7c99dc46edfae4fe51254025fe4bea571f','fdee430d40bd57deeac186cd9790033d0f06f909a8806e7ce6e717ab7c7d5029'];
const input = { event_name: 'checkout', event_id: 'evt-1', custom_data: { value: 129.99, currency: 'USD', order_id: 'o-1', content_ids: ['sku-1'], num_items: 1 } };
const context = { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', event_source_url: 'https://shop.example/checkout' };
const preHashed = { em: hashed[0], ph: hashed[1], ln: hashed[2], fn: hashed[3] };
const raw = ['ada@example.com', '14155550100', 'ada', 'lovelace'];
const h = (v) => createHash('sha256').update(v).digest('hex');
const r = await opsPerSecond({
  fourHashes: () => { for (const v of raw) h(v); },
  fourHashesPromiseAll: () => Promise.all(raw.map(async (v) => h(v))),
  nestedPromiseAll: () => Promise.all(raw.map((v) => Promise.all([v].map(async (x) => h(x))))),
  normalize: () => normalizeUserData(ud),
  hashUserData: () => hashUserData(ud),
  buildEventPreHashed: () => buildEvent(input, context, { user_data: preHashed }),
  buildEvent: () => buildEvent(input, context, { user_data: ud }),
  nanoid: () => nanoid(),
  stringify: () => JSON.stringify({ a: 1 }),
}, { rounds: 3, time: 400 });
for (const [k, v] of Object.entries(r)) console.log(k.padEnd(24), Math.round(v), (1e6 / v).toFixed(2), 'µs');
