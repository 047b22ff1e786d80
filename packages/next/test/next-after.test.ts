import { describe, expect, it, vi } from 'vitest';
import { createPinterestHandler } from '../src/server.js';
import { fakeClient } from './helpers.js';
import { postPin, wireEvent } from './wire.js';

// Inside a route handler, Next's after() keeps the invocation alive past the response.
const after = vi.hoisted(() => vi.fn());
vi.mock('next/server.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/server.js')>()),
  after,
}));

describe("createPinterestHandler with Next's after()", () => {
  it('hands the queueing to after() when given no waitUntil, and answers first', async () => {
    const client = fakeClient();
    const { POST } = createPinterestHandler({ client });
    const response = await POST(postPin({ events: [wireEvent()] }));
    expect(response.status).toBe(202);
    expect(after).toHaveBeenCalledTimes(1);
    await after.mock.calls[0][0];
    expect(client.enqueued).toHaveLength(1);
  });

  it('uses your waitUntil instead', async () => {
    after.mockClear();
    const waitUntil = vi.fn();
    const { POST } = createPinterestHandler({ client: fakeClient(), waitUntil });
    await POST(postPin({ events: [wireEvent()] }));
    expect(waitUntil).toHaveBeenCalledTimes(1);
    expect(after).not.toHaveBeenCalled();
  });
});
