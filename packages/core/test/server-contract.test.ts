import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@pinbridge/core/node';
import { createPinHandler } from '@pinbridge/core/server';
import {
  answerOf,
  type ContractPost,
  describeHandlerContract,
  type HandlerAdapter,
  requestInit,
} from '../../../test/contract/contract.js';
import { fakeWaitUntil } from '../../../test/contract/fake-client.js';

/** The Web handler called directly with Requests, as a worker, Deno or Bun would. */
const web: HandlerAdapter = {
  async serve(options) {
    const handler = createPinHandler(options);
    const { waitUntil, settled } = fakeWaitUntil();
    return {
      origin: 'https://shop.test',
      async post(post: ContractPost) {
        const request = new Request('https://shop.test/api/pin', requestInit(post));
        const response = await handler(request, { waitUntil });
        return answerOf(response);
      },
      settled: async () => void (await settled()),
      close: async () => undefined,
    };
  },
};

/** node:http through toNodeHandler on 127.0.0.1; `parse` stands in for Express' json parser. */
function node(parse: boolean): HandlerAdapter {
  return {
    async serve(options) {
      const listener = toNodeHandler(createPinHandler(options));
      const running: Promise<void>[] = [];
      const server = createServer((req, res) => {
        if (!parse) return void running.push(listener(req, res));
        let text = '';
        req.on('data', (chunk) => {
          text += chunk;
        });
        req.on('end', () => {
          const parsed = req as IncomingMessage & { body?: unknown };
          // Like express.json(): a value when it parses; otherwise the text, as express.text() would.
          try {
            parsed.body = JSON.parse(text);
          } catch {
            parsed.body = text;
          }
          running.push(listener(req, res));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        origin: `http://127.0.0.1:${port}`,
        peerIp: '127.0.0.1',
        async post(post) {
          const response = await fetch(`http://127.0.0.1:${port}/api/pin`, requestInit(post));
          return answerOf(response);
        },
        settled: async () => void (await Promise.all(running)),
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  };
}

describeHandlerContract('Web (Request → Response)', web);
describeHandlerContract('node:http (toNodeHandler, streamed body)', node(false));
describeHandlerContract('node:http (toNodeHandler, body parsed by a framework)', node(true));
