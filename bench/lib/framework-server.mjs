// A child process serving one framework's app for bench/frameworks.mjs: POST /api/pin mounted
// the way the package's README shows (consent required, the per-IP limit off as in bench/app,
// since every request of the load generator comes from 127.0.0.1), POST /api/json, the same
// framework reading the same JSON body and answering the same 202 JSON, and POST /api/forward,
// that route also relaying the events to Pinterest (bench/lib/forwarder.mjs). It sends
// `{ origin }` once it listens and `{ cpuMs }`, its CPU time so far, when sent 'cpu'; it closes
// when the parent disconnects. Pinterest is the emulator, through the PINTEREST_* variables its
// parent sets.
import { once } from 'node:events';
import { forwarder } from './forwarder.mjs';

const PIN_OPTIONS = { requireConsent: true, rateLimit: false };

/** The answer of /api/pin for one accepted event, as the JSON route gives it. */
const accepted = (body) => ({ accepted: 1, event_ids: [body.events[0].event_id] });
const forward = forwarder();

const SERVERS = {
  async express() {
    const { default: express } = await import('express');
    const { pinterest } = await import('@pinbridge/express');
    const app = express();
    app.use(pinterest(PIN_OPTIONS));
    app.post('/api/json', express.json(), (req, res) => {
      res.status(202).json(accepted(req.body));
    });
    app.post('/api/forward', express.json(), (req, res) => {
      forward(req.body, req);
      res.status(202).json(accepted(req.body));
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { port: server.address().port, close: () => server.close() };
  },
  async fastify() {
    const { default: Fastify } = await import('fastify');
    const { pinterest } = await import('@pinbridge/fastify');
    const app = Fastify();
    await app.register(pinterest, PIN_OPTIONS);
    app.post('/api/json', async (request, reply) => reply.code(202).send(accepted(request.body)));
    app.post('/api/forward', async (request, reply) => {
      forward(request.body, request);
      return reply.code(202).send(accepted(request.body));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: app.server.address().port, close: () => app.close() };
  },
  async hono() {
    const { serve } = await import('@hono/node-server');
    const { getConnInfo } = await import('@hono/node-server/conninfo');
    const { Hono } = await import('hono');
    const { pinterest } = await import('@pinbridge/hono');
    const app = new Hono();
    app.use(pinterest({ ...PIN_OPTIONS, getConnInfo }));
    app.post('/api/json', async (c) => c.json(accepted(await c.req.json()), 202));
    app.post('/api/forward', async (c) => {
      const body = await c.req.json();
      const headers = { cookie: c.req.header('cookie'), 'user-agent': c.req.header('user-agent') };
      forward(body, { ip: getConnInfo(c).remote.address, headers });
      return c.json(accepted(body), 202);
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    return { port: server.address().port, close: () => server.close() };
  },
};

const framework = process.argv[2];
const { port, close } = await SERVERS[framework]();
// The parent reads this process's CPU time around each round: the server's own cost per request,
// apart from the load generator's and the emulator's on the same cores.
process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send({ cpuMs: (user + system) / 1000 });
});
process.send({ origin: `http://127.0.0.1:${port}` });
process.once('disconnect', async () => {
  await close();
  process.exit(0);
});
