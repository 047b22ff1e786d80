// Plain JavaScript, so that the benchmarks (plain Node 20, no TypeScript) share it with the tests.
import { createServer } from 'node:net';

/**
 * A port of 127.0.0.1 that nothing listens on now, picked by the OS: for servers that cannot be
 * told port 0 (redis-server reads it as "no TCP at all"; `next start` and example servers take
 * a PORT).
 *
 * @example
 * const port = await freePort();
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
