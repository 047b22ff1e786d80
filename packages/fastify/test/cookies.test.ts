import Fastify, { type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { wireEvent } from '../../../test/contract/contract.js';
import { fakeClient, fakeWaitUntil } from '../../../test/contract/fake-client.js';
import { postPin } from '../../../test/contract/requests.js';
import { describeVisitContract, type VisitAdapter } from '../../../test/contract/visit-contract.js';
import { pinterest } from '../src/index.js';
import { listen } from './serve.js';

const pages: VisitAdapter = {
  async serve(options) {
    const app = Fastify();
    // Declared before the plugin: its hook still covers every route of the app.
    app.get('/*', async (request) => request.headers.cookie ?? '');
    await app.register(pinterest, options);
    app.post('/*', async (request) => request.headers.cookie ?? '');
    const served = await listen(app);
    return {
      peerIp: '127.0.0.1',
      request: (path, init) => fetch(served.url(path), init),
      close: served.close,
    };
  },
};

describeVisitContract('Fastify plugin', pages);

describe('@pinbridge/fastify', () => {
  it('keeps the app’s JSON parser for its own routes, takes request.ip under trustProxy and hands getUser the request', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const app = Fastify({ trustProxy: '127.0.0.1' });
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      (request as unknown as { user: object }).user = { email: 'ada@example.com' };
    });
    await app.register(pinterest, {
      client,
      waitUntil,
      debug: false,
      path: '/pin',
      getUser: (request: FastifyRequest) =>
        (request as unknown as { user: { email: string } }).user,
    });
    app.post('/echo', async (request) => ({ parsed: request.body }));
    const served = await listen(app);
    try {
      const echo = await fetch(served.url('/echo'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      expect(await echo.json()).toEqual({ parsed: { a: 1 } });
      const response = await fetch(
        postPin(
          { events: [wireEvent()] },
          { 'x-forwarded-for': '198.51.100.7' },
          served.url('/pin'),
        ),
      );
      expect(response.status).toBe(202);
      await settled();
      expect(client.enqueued[0].user_data).toMatchObject({
        client_ip_address: '198.51.100.7',
        em: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      });
    } finally {
      await served.close();
    }
  });

  // README's Fastify row says so: Fastify 5.12.1 dropped hop counts, as its types do. Should a
  // Fastify count hops again, this fails and the README changes with it.
  it('takes the proxy’s address under a hop-count trustProxy, which Fastify ignores', async () => {
    const client = fakeClient();
    const { waitUntil, settled } = fakeWaitUntil();
    const app = Fastify({ trustProxy: 1 as unknown as boolean });
    await app.register(pinterest, { client, waitUntil, debug: false });
    const served = await listen(app);
    try {
      const response = await fetch(
        postPin(
          { events: [wireEvent()] },
          { 'x-forwarded-for': '198.51.100.7' },
          served.url('/api/pin'),
        ),
      );
      expect(response.status).toBe(202);
      await settled();
      expect(client.enqueued[0].user_data.client_ip_address).toBe('127.0.0.1');
    } finally {
      await served.close();
    }
  });

  it('refuses a trustProxy of its own', async () => {
    const app = Fastify();
    await expect(app.register(pinterest, { trustProxy: 1 } as object)).rejects.toThrow(
      /trustProxy/,
    );
  });
});
