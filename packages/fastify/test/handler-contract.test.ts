import Fastify from 'fastify';
import {
  answerOf,
  describeHandlerContract,
  type HandlerAdapter,
  requestInit,
} from '../../../test/contract/contract.js';
import { fakeWaitUntil } from '../../../test/contract/fake-client.js';
import { type PinterestPluginOptions, pinterest } from '../src/index.js';
import { listen } from './serve.js';

/**
 * `app.register(pinterest, options)` on 127.0.0.1, in an app that keeps Fastify's JSON parser for
 * its other routes. Fastify's own `trustProxy` stands for the contract's one hop: the suite's
 * loopback peer as the proxy (Fastify 5.12 trusts no hop count, only addresses).
 */
const fastify: HandlerAdapter = {
  async serve({ trustProxy, ...options }) {
    const app = Fastify({ trustProxy: trustProxy ? 'loopback' : undefined });
    const { waitUntil, settled } = fakeWaitUntil();
    await app.register(pinterest, { ...(options as PinterestPluginOptions), waitUntil });
    app.post('/api/other', async (request) => request.body);
    const served = await listen(app);
    return {
      origin: served.origin,
      peerIp: '127.0.0.1',
      async post(post) {
        const response = await fetch(served.url('/api/pin'), requestInit(post));
        return answerOf(response);
      },
      settled: async () => void (await settled()),
      close: served.close,
    };
  },
};

describeHandlerContract('Fastify (app.register(pinterest))', fastify);
