import Fastify, { type FastifyInstance } from 'fastify';
import {
  describeVisitCheckContract,
  type VisitCheckOptions,
} from '../../../test/contract/visit-check-contract.js';
import { type PinterestPluginOptions, pinterest } from '../src/index.js';
import { listen } from './serve.js';

const HINT =
  "the plugin's onRequest hook is not running on your pages. Register it where they are " +
  'served: app.register(pinterest) on the app itself, or in the plugin holding your page ' +
  "routes; inside another plugin it covers only that plugin's routes.";

/** The app's page route, then the app served. */
async function served(app: FastifyInstance) {
  app.get('/products/:id', async (_request, reply) =>
    reply.type('text/html').send('<!doctype html><title>Shop</title>'),
  );
  const running = await listen(app);
  return {
    request: (path: string, init?: RequestInit) => fetch(running.url(path), init),
    close: running.close,
  };
}

describeVisitCheckContract(
  'Fastify plugin',
  {
    async serve(options: VisitCheckOptions) {
      const app = Fastify();
      await app.register(pinterest, options as PinterestPluginOptions);
      return served(app);
    },
    // Inside a plugin of the app's (say, its API's): the hook stays there, the page is outside.
    async serveMisplaced(options: VisitCheckOptions) {
      const app = Fastify();
      await app.register(async (api) => {
        await api.register(pinterest, options as PinterestPluginOptions);
      });
      return served(app);
    },
  },
  HINT,
);
