import { createServer } from 'node:net';

/** A port of 127.0.0.1 that nothing listens on now, picked by the OS (servers that cannot take port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
