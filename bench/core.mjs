// 1. Core pipeline: buildEvent with four hashed user_data fields plus JSON.stringify, against the
// floor of the same work done by hand (four node:crypto digests and JSON.stringify of the same
// event); and the Web Crypto hasher against the node:crypto one. One core, in-process.
import { createHash } from 'node:crypto';
import { buildEvent, hashUserData, normalizeUserData } from '@pinbridge/core';
import { sha256Hex as nodeSha256 } from '../packages/core/dist/sha256.node.js';
import { sha256Hex as webSha256 } from '../packages/core/dist/sha256.web.js';
import { formatNumber, formatRatio, progress, runIfMain } from './lib/report.mjs';
import { opsPerSecond } from './lib/tinybench.mjs';

// What the /api/pin handler builds: the browser's event_id, the request's IP and user agent, and
// four identifiers of the signed-in user.
const input = {
  event_name: 'checkout',
  event_id: 'checkout_3f2a9c0d1e7b4a55',
  custom_data: {
    value: 129.99,
    currency: 'USD',
    order_id: 'o-1001',
    content_ids: ['sku-1'],
    num_items: 1,
  },
};
const context = {
  client_ip_address: '203.0.113.7',
  client_user_agent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
  event_source_url: 'https://shop.example/checkout',
};
const userData = { em: 'Ada@Example.com', ph: '+1 (415) 555-0100', fn: 'Ada', ln: 'Lovelace' };
// The same four values as normalization leaves them: what the floor hashes.
const normalized = ['ada@example.com', '14155550100', 'ada', 'lovelace'];

const µs = (opsPerSecond) => `${formatNumber(1e6 / opsPerSecond, 2)} µs`;

export async function measureCore() {
  const built = await buildEvent(input, context, { user_data: userData });
  progress('core: buildEvent against its floor, Web Crypto against node:crypto (about 25 s)');
  const ops = await opsPerSecond(
    {
      floor: () => {
        for (const value of normalized) createHash('sha256').update(value).digest('hex');
        return JSON.stringify(built);
      },
      buildEvent: async () =>
        JSON.stringify(await buildEvent(input, context, { user_data: userData })),
      nodeHash: () => nodeSha256(normalized[0]),
      webHash: () => webSha256(normalized[0]),
      // Where the time goes, for the notes.
      normalize: () => normalizeUserData(userData),
      hashUserData: () => hashUserData(userData),
      withoutUserData: async () => JSON.stringify(await buildEvent(input, context)),
      mintedId: async () =>
        JSON.stringify(
          await buildEvent({ ...input, event_id: undefined }, context, { user_data: userData }),
        ),
    },
    { rounds: 5, time: 500 },
  );
  const ratio = ops.buildEvent / ops.floor;
  const rows = [
    {
      id: '1a',
      measurement: 'Core: buildEvent, 4 hashed fields + JSON',
      pinbridge: `${formatNumber(ops.buildEvent)} ev/s`,
      reference: `${formatNumber(ops.floor)} ev/s (4 createHash + JSON)`,
      ratio,
      target: '>= 0.50x',
      met: ratio >= 0.5,
      bound: 'CPU, one core',
    },
    {
      id: '1b',
      measurement: 'Core: Web Crypto vs node:crypto hash',
      pinbridge: `${µs(ops.webHash)}/hash (web)`,
      reference: `${µs(ops.nodeHash)}/hash (node)`,
      ratio: ops.webHash / ops.nodeHash,
      target: 'info',
      met: undefined,
      bound: `node:crypto is ${formatRatio(ops.nodeHash / ops.webHash)} faster; Node uses it`,
    },
  ];
  const notes = [
    `1a where the time goes (µs per event): buildEvent+JSON ${µs(ops.buildEvent)}, floor ${µs(ops.floor)}; ` +
      `normalizeUserData ${µs(ops.normalize)}, hashUserData ${µs(ops.hashUserData)} ` +
      `(normalize + 4 hashes), buildEvent without user_data ${µs(ops.withoutUserData)}, ` +
      `with a minted event_id (nanoid) ${µs(ops.mintedId)}.`,
  ];
  return { rows, notes };
}

await runIfMain(import.meta.url, measureCore);
