import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import {
  describeVisitCheckContract,
  type VisitCheckOptions,
} from '../../../test/contract/visit-check-contract.js';
import { type PinterestOptions, pinterest } from '../src/index.js';
import { listen } from './serve.js';

const HINT =
  'the middleware is not running on your pages. app.use(pinterest()) must come before the ' +
  'routes and serveStatic() that serve them.';

const page = (c: Context) => c.html('<!doctype html><title>Shop</title>');
const middleware = (options: VisitCheckOptions) =>
  pinterest({ ...(options as PinterestOptions), getConnInfo });

/** `app` served on 127.0.0.1. */
async function served(app: Hono) {
  const running = await listen(app);
  return {
    request: (path: string, init?: RequestInit) => fetch(running.url(path), init),
    close: running.close,
  };
}

describeVisitCheckContract(
  'Hono middleware',
  {
    async serve(options) {
      const app = new Hono();
      app.use(middleware(options));
      app.get('/products/:id', page);
      return served(app);
    },
    async serveMisplaced(options) {
      const app = new Hono();
      app.get('/products/:id', page);
      app.use(middleware(options));
      return served(app);
    },
  },
  HINT,
);
