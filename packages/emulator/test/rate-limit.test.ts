import { createPinterestClient, type PinterestEvent } from '@pinbridge/core';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { emulator, event, NOW_MS, postEvents, statusAndBody, TOKEN } from './helpers.js';

const RATE_LIMITED = {
  code: 8,
  message:
    'This request exceeded a rate limit. This can happen if the client exceeds one\nof the published rate limits within a short time window.',
};

async function answer(pinterest: Emulator, account?: string) {
  const response = await postEvents(pinterest, { data: [event()] }, { account });
  return { ...(await statusAndBody(response)), retryAfter: response.headers.get('retry-after') };
}

describe('rate limit', () => {
  it('admits `requests` per window and ad account, then answers 429 code 8 with Retry-After', async () => {
    let now = NOW_MS;
    const pinterest = await emulator({ rateLimit: { requests: 2, perMs: 60_000 }, now: () => now });
    expect((await answer(pinterest)).status).toBe(200);
    now += 15_000;
    expect((await answer(pinterest)).status).toBe(200);
    now += 5_000;
    // The first slot frees 60 s after the first request: 40 s from now.
    expect(await answer(pinterest)).toEqual({ status: 429, body: RATE_LIMITED, retryAfter: '40' });
    expect((await answer(pinterest, '549755885176')).status).toBe(200);

    now += 40_000;
    expect((await answer(pinterest)).status).toBe(200);
    // Refused requests did not count: the second request's slot frees 15 s later.
    expect((await answer(pinterest)).retryAfter).toBe('15');
    const { requests, events } = pinterest.received();
    expect(requests.map((request) => request.status)).toEqual([200, 200, 429, 200, 200, 429]);
    expect(events).toHaveLength(4);
  });

  it('names a wait shorter than a second in fractional seconds when the window is time-scaled', async () => {
    let now = NOW_MS;
    const pinterest = await emulator({
      rateLimit: { requests: 1, perMs: 60_000 / 600 },
      now: () => now,
    });
    expect((await answer(pinterest)).status).toBe(200);
    now += 37.5;
    expect((await answer(pinterest)).retryAfter).toBe('0.063');
  });

  it('lets a client that honours Retry-After deliver every event', async () => {
    const pinterest = await emulator({ rateLimit: { requests: 2, perMs: 100 }, now: Date.now });
    const client = createPinterestClient({
      accessToken: TOKEN,
      adAccountId: '549755885175',
      apiUrl: `${pinterest.url}/v5`,
      rateLimit: false,
    });
    const events: PinterestEvent[] = Array.from({ length: 5 }, (_, index) => ({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Math.floor(Date.now() / 1000),
      event_id: `limited-${index}`,
      user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' },
    }));
    const results = await Promise.all(events.map((one) => client.send(one)));
    expect(results.map((result) => result.processed)).toEqual([1, 1, 1, 1, 1]);
    const statuses = pinterest.received().requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses).toContain(429);
    await client.close();
  });

  it('rejects a malformed limit', async () => {
    await expect(emulator({ rateLimit: { requests: 0, perMs: 1000 } })).rejects.toThrow(
      /rateLimit.requests/,
    );
    await expect(emulator({ rateLimit: { requests: 5, perMs: -1 } })).rejects.toThrow(
      /rateLimit.perMs/,
    );
  });
});
