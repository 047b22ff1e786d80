import type { PinterestEvent } from '@pinbridge/core';
import { describe, expect, it, vi } from 'vitest';
import { buildBatch } from '../src/server/build-batch.js';
import { toPinterestEvent } from '../src/server/to-event.js';
import { wireEvent } from './wire.js';

// Stands in for a core regression: the builder returns an event Pinterest would refuse.
vi.mock('../src/server/to-event.js', () => ({ toPinterestEvent: vi.fn() }));

const good: PinterestEvent = {
  event_name: 'lead',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000),
  event_id: 'evt_good_0001',
  user_data: { client_ip_address: '203.0.113.5', client_user_agent: 'Mozilla/5.0' },
};

describe('buildBatch', () => {
  it('holds back a built event that breaks Pinterest’s rules, naming the path', async () => {
    const unhashed = {
      ...good,
      event_id: 'evt_bad_00001',
      user_data: { ...good.user_data, em: ['ada@example.com'] },
    };
    vi.mocked(toPinterestEvent).mockResolvedValueOnce(good).mockResolvedValueOnce(unhashed);
    const wires = [
      wireEvent({ event_id: 'evt_good_0001' }),
      wireEvent({ event_id: 'evt_bad_00001' }),
    ];
    const { events, rejected } = await buildBatch(wires, { cookies: new Map() }, undefined);
    expect(events).toEqual([good]);
    expect(rejected).toEqual([
      { event_id: 'evt_bad_00001', path: 'events[1].user_data.em[0]', message: expect.any(String) },
    ]);
    expect(rejected[0].message).not.toContain('ada@example.com');
  });
});
