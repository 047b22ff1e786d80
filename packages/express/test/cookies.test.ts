import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { wireEvent } from '../../../test/contract/contract.js';
import { fakeClient } from '../../../test/contract/fake-client.js';
import { postPin } from '../../../test/contract/requests.js';
import { describeVisitContract, type VisitAdapter } from '../../../test/contract/visit-contract.js';
import { pinterest } from '../src/index.js';
import { EXPRESS_VERSIONS } from './express-versions.js';
import { listen } from './serve.js';

type ExpressModule = (typeof EXPRESS_VERSIONS)[number]['express'];

/** Pages that answer with the Cookie header they received, behind the middleware. */
function pages(app: Express): Express {
  app.use((req, res) => void res.send(req.headers.cookie ?? ''));
  return app;
}

function adapter(
  express: ExpressModule,
  mount: (app: Express, options: object) => void,
): VisitAdapter {
  return {
    async serve(options) {
      const app = express();
      mount(app, options);
      const served = await listen(pages(app));
      return {
        peerIp: '127.0.0.1',
        request: (path, init) => fetch(served.url(path), init),
        close: served.close,
      };
    },
  };
}

describe.each(EXPRESS_VERSIONS)('@pinbridge/express on $name', ({ name, express }) => {
  describeVisitContract(
    `${name} pinterest()`,
    adapter(express, (app, options) => app.use(pinterest(options))),
  );
  describeVisitContract(
    `${name} pinterest.cookies()`,
    adapter(express, (app, options) => app.use(pinterest.cookies(options))),
  );

  it('sees the page’s own URL under a mount point, and takes only POST at its path', async () => {
    const app = express();
    app.use('/shop', pinterest({ debug: false }));
    const served = await listen(pages(app));
    try {
      const file = await fetch(served.url('/shop/logo.png'));
      expect(file.headers.getSetCookie()).toEqual([]);
      const get = await fetch(served.url('/shop/api/pin'));
      expect(get.status).toBe(200);
      const post = await fetch(served.url('/shop/api/pin'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"events":[',
      });
      expect(post.status).toBe(400);
      expect(await post.json()).toMatchObject({ error: { code: 'invalid_json' } });
    } finally {
      await served.close();
    }
  });

  it('takes req.ip under trust proxy, hands getUser req and res, and refuses a trustProxy of its own', async () => {
    const client = fakeClient();
    const app = express();
    app.set('trust proxy', 'loopback');
    app.use((req, _res, next) => {
      (req as unknown as { user: object }).user = { email: 'ada@example.com' };
      next();
    });
    const running: unknown[] = [];
    const handler = pinterest.handler({
      client,
      debug: false,
      getUser: (req, res) => (res.locals ? (req as unknown as { user: object }).user : null),
    });
    app.post('/pin', (req, res, next) => void running.push(handler(req, res, next)));
    const served = await listen(app);
    try {
      const response = await fetch(
        postPin(
          { events: [wireEvent()] },
          { 'x-forwarded-for': '198.51.100.7' },
          served.url('/pin'),
        ),
      );
      expect(response.status).toBe(202);
      await Promise.all(running);
      expect(client.enqueued[0].user_data).toMatchObject({
        client_ip_address: '198.51.100.7',
        em: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      });
    } finally {
      await served.close();
    }
    expect(() => pinterest({ trustProxy: 1 } as object)).toThrow(/trust proxy/);
  });
});
