import { buildEvent } from '@pinbridge/core';

/**
 * One built checkout event (four hashed user_data fields), copied with a fresh event_id per call:
 * the delivery benches measure delivery, not buildEvent.
 *
 * @example
 * const nextEvent = await checkoutEvents('bench');
 * await client.enqueue(nextEvent()); // event_id 'bench-1', then 'bench-2', …
 */
export async function checkoutEvents(idPrefix) {
  const template = await buildEvent(
    {
      event_name: 'checkout',
      custom_data: { value: 129.99, currency: 'USD', content_ids: ['sku-1'] },
    },
    { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    { user_data: { em: 'ada@example.com', ph: '14155550100', fn: 'ada', ln: 'lovelace' } },
  );
  let count = 0;
  return () => ({ ...template, event_id: `${idPrefix}-${++count}` });
}
