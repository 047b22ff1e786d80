import type { FastifyInstance } from 'fastify';

/** Listens on 127.0.0.1 with `app` (Fastify's inject() would skip the socket and its IP). */
export async function listen(app: FastifyInstance) {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin,
    url: (path: string) => `${origin}${path}`,
    close: () => app.close(),
  };
}
