import { NextRequest } from 'next/server.js';
import {
  answerOf,
  describeHandlerContract,
  type HandlerAdapter,
  requestInit,
} from '../../../test/contract/contract.js';
import { createPinterestApiRoute, type PinterestApiRouteOptions } from '../src/pages.js';
import { createPinterestHandler } from '../src/server.js';
import { fakeWaitUntil } from './helpers.js';
import { serveApiRoute } from './next-api-server.js';

/** The App Router: `POST(new NextRequest(…))`, as Next calls a route handler. */
const appRouter: HandlerAdapter = {
  async serve(options) {
    const { waitUntil, settled } = fakeWaitUntil();
    const { POST } = createPinterestHandler({ ...options, waitUntil });
    return {
      origin: 'https://shop.test',
      async post(post) {
        const request = new NextRequest(
          new Request('https://shop.test/api/pin', requestInit(post)),
        );
        const response = await POST(request);
        return answerOf(response);
      },
      settled: async () => void (await settled()),
      close: async () => undefined,
    };
  },
};

/** The Pages Router under Next's own apiResolver on 127.0.0.1, with its body parser on or off. */
function pagesRouter(bodyParser: boolean): HandlerAdapter {
  return {
    parsesJsonFirst: bodyParser,
    async serve(options) {
      // The contract passes no getUser: the Pages Router's takes (req, res), tested in pages.test.ts.
      const route = createPinterestApiRoute(options as PinterestApiRouteOptions);
      const running: Promise<void>[] = [];
      const served = await serveApiRoute(
        (req, res) => {
          const invocation = route(req, res);
          running.push(invocation);
          return invocation;
        },
        { api: { bodyParser } },
      );
      return {
        origin: `http://127.0.0.1:${served.port}`,
        peerIp: '127.0.0.1',
        async post(post) {
          const response = await fetch(served.url, requestInit(post));
          return answerOf(response);
        },
        settled: async () => void (await Promise.all(running)),
        close: served.close,
      };
    },
  };
}

describeHandlerContract('Next App Router (createPinterestHandler)', appRouter);
describeHandlerContract('Next Pages Router, bodyParser off', pagesRouter(false));
describeHandlerContract('Next Pages Router, bodyParser on', pagesRouter(true));
