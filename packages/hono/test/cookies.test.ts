import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { wireEvent } from '../../../test/contract/contract.js';
import { fakeClient, fakeWaitUntil } from '../../../test/contract/fake-client.js';
import { describeVisitContract, type VisitAdapter } from '../../../test/contract/visit-contract.js';
import { pinterest } from '../src/index.js';
import { listen } from './serve.js';

const pages: VisitAdapter = {
  async serve(options) {
    const app = new Hono();
    app.use(pinterest({ ...options, getConnInfo }));
    // A raw Response as much as c.text: the cookies are appended to either.
    app.get('/products/*', (c) => new Response(c.req.header('cookie') ?? ''));
    app.all('*', (c) => c.text(c.req.header('cookie') ?? ''));
    const served = await listen(app);
    return {
      peerIp: '127.0.0.1',
      request: (path, init) => fetch(served.url(path), init),
      close: served.close,
    };
  },
};

describeVisitContract('Hono middleware', pages);

describe('@pinbridge/hono', () => {
  it('delivers in the process without an ExecutionContext, and hands getUser the context', async () => {
    const client = fakeClient();
    const app = new Hono<{ Variables: { email: string } }>();
    app.use(async (c, next) => {
      c.set('email', 'ada@example.com');
      await next();
    });
    app.use(
      pinterest({
        client,
        debug: false,
        getConnInfo,
        path: '/pin',
        getUser: (c) => ({ email: c.get('email') }),
      }),
    );
    const served = await listen(app as unknown as Hono);
    try {
      const response = await fetch(served.url('/pin'), {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0' },
        body: JSON.stringify({ events: [wireEvent()] }),
      });
      expect(response.status).toBe(202);
      await vi.waitFor(() => expect(client.enqueued).toHaveLength(1));
      expect(client.enqueued[0].user_data).toMatchObject({
        client_ip_address: '127.0.0.1',
        em: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      });
    } finally {
      await served.close();
    }
  });

  it('hands the queueing to c.executionCtx.waitUntil when the runtime gives one', async () => {
    const client = fakeClient();
    const app = new Hono();
    app.use(pinterest({ client, debug: false, getConnInfo }));
    const { waitUntil, promises, settled } = fakeWaitUntil();
    const served = await listen(app, waitUntil);
    try {
      const response = await fetch(served.url('/api/pin'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0' },
        body: JSON.stringify({ events: [wireEvent()] }),
      });
      expect(response.status).toBe(202);
      expect(promises).toHaveLength(1);
      await settled();
      expect(client.enqueued).toHaveLength(1);
    } finally {
      await served.close();
    }
  });
});
