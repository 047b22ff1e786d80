import type { RequestHandler } from 'express';
import {
  answerOf,
  describeHandlerContract,
  type HandlerAdapter,
  requestInit,
} from '../../../test/contract/contract.js';
import { type PinterestOptions, pinterest } from '../src/index.js';
import { EXPRESS_VERSIONS } from './express-versions.js';
import { listen } from './serve.js';

type ExpressModule = (typeof EXPRESS_VERSIONS)[number]['express'];

/**
 * `app.use(pinterest(options))` on 127.0.0.1, with Express's own `trust proxy` standing for the
 * contract's `trustProxy`; `parsers` puts express.json() and express.text() in front of it.
 */
function expressApp(express: ExpressModule, parsers: boolean): HandlerAdapter {
  return {
    parsesJsonFirst: parsers,
    async serve({ trustProxy, ...options }) {
      const app = express();
      if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
      if (parsers) app.use(express.json(), express.text());
      const middleware = pinterest(options as PinterestOptions);
      const running: unknown[] = [];
      const tracked: RequestHandler = (req, res, next) => {
        running.push(middleware(req, res, next));
      };
      app.use(tracked);
      const served = await listen(app);
      return {
        origin: served.origin,
        peerIp: '127.0.0.1',
        async post(post) {
          const response = await fetch(served.url('/api/pin'), requestInit(post));
          return answerOf(response);
        },
        settled: async () => void (await Promise.all(running)),
        close: served.close,
      };
    },
  };
}

for (const { name, express } of EXPRESS_VERSIONS) {
  describeHandlerContract(`${name} (pinterest(), streamed body)`, expressApp(express, false));
  describeHandlerContract(
    `${name} (pinterest() after express.json() and express.text())`,
    expressApp(express, true),
  );
}
