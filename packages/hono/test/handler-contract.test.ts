import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import {
  answerOf,
  describeHandlerContract,
  type HandlerAdapter,
  requestInit,
} from '../../../test/contract/contract.js';
import { fakeWaitUntil } from '../../../test/contract/fake-client.js';
import { type PinterestOptions, pinterest } from '../src/index.js';
import { listen } from './serve.js';

/** `app.use(pinterest(options))` on Node through @hono/node-server, the queueing in `c.executionCtx`. */
function hono(connInfo: boolean): HandlerAdapter {
  return {
    async serve(options) {
      const app = new Hono();
      app.use(
        pinterest({
          ...(options as PinterestOptions),
          getConnInfo: connInfo ? getConnInfo : undefined,
        }),
      );
      const { waitUntil, settled } = fakeWaitUntil();
      const served = await listen(app, waitUntil);
      return {
        origin: served.origin,
        peerIp: connInfo ? '127.0.0.1' : undefined,
        async post(post) {
          const response = await fetch(served.url('/api/pin'), requestInit(post));
          return answerOf(response);
        },
        settled: async () => void (await settled()),
        close: served.close,
      };
    },
  };
}

describeHandlerContract('Hono (pinterest({ getConnInfo }), @hono/node-server)', hono(true));
describeHandlerContract('Hono (pinterest(), headers alone)', hono(false));
