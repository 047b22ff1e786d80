import type { PinterestEvent } from '@pinbridge/core';

// sha256 of a normalized email: user_data Pinterest accepts, without hashing in every test.
const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';

/**
 * A checkout a minute old, as Pinterest accepts it, with `id` as its event_id.
 *
 * @example
 * await producer.enqueue(event('evt_1', { event_time: stale }));
 */
export function event(id: string, overrides: Partial<PinterestEvent> = {}): PinterestEvent {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: Math.floor(Date.now() / 1000) - 60,
    event_id: id,
    user_data: { em: [EMAIL_HASH] },
    custom_data: { currency: 'USD', value: '12.50' },
    ...overrides,
  };
}
