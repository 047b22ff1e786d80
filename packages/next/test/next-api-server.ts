import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiRequest, NextApiResponse } from 'next';
// Next's own Pages Router runtime: it applies `config.api.bodyParser` and adds res.status/json,
// so these tests see exactly what a `pages/api/pin.ts` route sees under `next start`.
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';

type Route = (req: NextApiRequest, res: NextApiResponse) => Promise<void>;

/** Serves `route` as `pages/api/pin` on 127.0.0.1 (free port), with the given route config. */
export async function serveApiRoute(route: Route, config: { api?: { bodyParser?: boolean } } = {}) {
  const server: Server = createServer((req, res) => {
    const context = {
      previewModeId: 'test',
      previewModeEncryptionKey: 'test',
      previewModeSigningKey: 'test',
      dev: false,
    };
    void apiResolver(req, res, {}, { default: route, config }, context, false, false, '/api/pin');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/pin`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { streamUntilAnswered } from '../../../test/contract/requests.js';
