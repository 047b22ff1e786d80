import type { RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { BROWSER_UA, wireEvent } from '../../../test/contract/contract.js';
import { fakeClient } from '../../../test/contract/fake-client.js';
import { pinterest } from '../src/index.js';
import { EXPRESS_VERSIONS } from './express-versions.js';
import { listen } from './serve.js';

const body = JSON.stringify({ events: [wireEvent()] });

// Express 4's parsers (body-parser 1) set `req.body = {}` on every request they do not parse,
// leaving the stream unread; Express 5's leave `req.body` undefined. Either way the POST the app's
// parsers skipped is the browser's, read from the stream.
describe.each(EXPRESS_VERSIONS)(
  '@pinbridge/express behind parsers that skip the post, on $name',
  ({ express }) => {
    it.each([
      ['express.json(), a sendBeacon text/plain post', 'text/plain;charset=UTF-8', 'json'],
      ['express.urlencoded(), a JSON post', 'application/json', 'urlencoded'],
      ['express.raw({ type: "image/*" }), a JSON post', 'application/json', 'raw'],
    ] as const)('reads the body itself after %s', async (_, contentType, parser) => {
      const app = express();
      const parsers: Record<typeof parser, RequestHandler> = {
        json: express.json(),
        urlencoded: express.urlencoded({ extended: false }),
        raw: express.raw({ type: 'image/*' }),
      };
      app.use(parsers[parser]);
      const client = fakeClient();
      const running: unknown[] = [];
      const middleware = pinterest({ client, debug: false });
      app.use((req, res, next) => void running.push(middleware(req, res, next)));
      const served = await listen(app);
      try {
        const response = await fetch(served.url('/api/pin'), {
          method: 'POST',
          headers: { 'content-type': contentType, 'user-agent': BROWSER_UA },
          body,
        });
        expect(await response.json()).toEqual({ accepted: 1, event_ids: ['evt_add_to_cart_1'] });
        await Promise.all(running);
        expect(client.enqueued).toHaveLength(1);
      } finally {
        await served.close();
      }
    });
  },
);
