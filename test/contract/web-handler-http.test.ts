// The bare Web handler over real HTTP: `createPinHandler()` as the fetch function of a Web-standard
// server, the way Bun.serve, Deno.serve and Workers run it. Those runtimes are not installed
// here; @hono/node-server is such a server on Node (Request in, Response out, nothing of Hono's).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createPinHandler } from '@pinbridge/core/server';
import { answerOf, describeHandlerContract, requestInit } from './contract.js';
import { fakeWaitUntil } from './fake-client.js';

describeHandlerContract('Web handler served as a fetch function (@hono/node-server)', {
  async serve(options) {
    const pin = createPinHandler(options);
    const { waitUntil, settled } = fakeWaitUntil();
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve(
        { fetch: (request) => pin(request, { waitUntil }), port: 0, hostname: '127.0.0.1' },
        () => resolve(started),
      );
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      origin,
      async post(post) {
        return answerOf(await fetch(`${origin}/api/pin`, requestInit(post)));
      },
      settled: async () => void (await settled()),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
});
