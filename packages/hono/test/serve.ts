import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ExecutionContext, Hono } from 'hono';

/**
 * Serves `app` on 127.0.0.1 through @hono/node-server; with `waitUntil`, each request gets an
 * ExecutionContext carrying it, as Workers and Vercel give one.
 */
export async function listen(app: Hono, waitUntil?: (task: Promise<unknown>) => void) {
  const executionCtx =
    waitUntil && ({ waitUntil, passThroughOnException() {}, props: {} } as ExecutionContext);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      {
        fetch: (request, env) => app.fetch(request, env, executionCtx),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
