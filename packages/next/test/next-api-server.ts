import { createServer, request as httpRequest, type Server } from 'node:http';
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

/**
 * Streams 4 KiB chunks without a Content-Length until the server answers; resolves with the
 * status, the parsed body, the bytes written and whether the server then closed the connection.
 */
export function streamUntilAnswered(port: number, headers: Record<string, string>) {
  return new Promise<{ status: number; body: unknown; written: number; closed: boolean }>(
    (resolve, reject) => {
      let written = 0;
      let answered = false;
      const chunk = Buffer.alloc(4096, 0x20);
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/pin',
        method: 'POST',
        headers,
      });
      const pump = () => {
        if (answered || written > 1024 * 1024) return void req.end();
        written += chunk.length;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      req.on('response', (res) => {
        answered = true;
        let text = '';
        res.on('data', (data) => {
          text += data;
        });
        res.on('end', () => {
          const closed = res.headers.connection === 'close';
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), written, closed });
        });
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      req.write('{"events":[');
      pump();
    },
  );
}
