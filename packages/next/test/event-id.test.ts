import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../src/index.react-server.js';
import { eventIdFor as serverEventIdFor } from '../src/server.js';

describe('eventIdFor', () => {
  it('is FNV-1a 64 of the normalized name and key, so every runtime and version agrees', () => {
    // Vectors computed with an independent implementation (Python).
    expect(eventIdFor('checkout', 'ORD-001')).toBe('checkout_b6f79fb17700b53e');
    expect(eventIdFor('Order Completed', 'ü-42')).toBe('order_completed_4a37e52a934e6d1f');
    expect(serverEventIdFor('checkout', 'ORD-001')).toBe('checkout_b6f79fb17700b53e');
  });

  it('gives ids the /api/pin handler accepts, distinct per name and key', () => {
    const ids = [
      eventIdFor('checkout', 'ORD-001'),
      eventIdFor('checkout', 'ORD-002'),
      eventIdFor('add_payment_info', 'ORD-001'),
      eventIdFor('a'.repeat(100), 'k'),
    ];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(eventIdFor('checkout', 42)).toBe(eventIdFor('checkout', '42'));
  });

  it('refuses a name without letters or digits and an empty key', () => {
    expect(() => eventIdFor('  ', 'ORD-1')).toThrow(TypeError);
    expect(() => eventIdFor('checkout', '')).toThrow(TypeError);
  });
});
