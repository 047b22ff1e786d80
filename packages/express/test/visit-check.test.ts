import type { Express, RequestHandler } from 'express';
import {
  describeVisitCheckContract,
  type VisitCheckAdapter,
} from '../../../test/contract/visit-check-contract.js';
import { type PinterestOptions, pinterest } from '../src/index.js';
import { EXPRESS_VERSIONS } from './express-versions.js';
import { listen } from './serve.js';

type ExpressModule = (typeof EXPRESS_VERSIONS)[number]['express'];

const HINT =
  'the middleware is not running on your pages. Mount app.use(pinterest()) (or ' +
  'pinterest.cookies()) before the routes and express.static() that serve them.';

/** The page, answered whether or not pinbridge ran before it. */
const page: RequestHandler = (_req, res) => void res.send('<!doctype html><title>Shop</title>');

/** `app` served on 127.0.0.1. */
async function served(app: Express) {
  const running = await listen(app);
  return {
    request: (path: string, init?: RequestInit) => fetch(running.url(path), init),
    close: running.close,
  };
}

/** An app of `express` with pinbridge as `mount` puts it, before the page or after it. */
function adapter(express: ExpressModule, mount: (app: Express, options: object) => void) {
  return {
    async serve(options) {
      const app = express();
      mount(app, options);
      app.get('/products/:id', page);
      return served(app);
    },
    async serveMisplaced(options) {
      const app = express();
      app.get('/products/:id', page);
      mount(app, options);
      return served(app);
    },
  } satisfies VisitCheckAdapter;
}

for (const { name, express } of EXPRESS_VERSIONS) {
  describeVisitCheckContract(
    `${name} pinterest()`,
    adapter(express, (app, options) => app.use(pinterest(options as PinterestOptions))),
    HINT,
  );
  describeVisitCheckContract(
    `${name} pinterest.cookies() and pinterest.handler()`,
    adapter(express, (app, options) => {
      app.use(pinterest.cookies(options));
      app.post('/api/pin', pinterest.handler(options));
    }),
    HINT,
  );
}
