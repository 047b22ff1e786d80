import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./emulator-child.mjs', import.meta.url));

/**
 * Starts the pinbridge emulator in a child process. Nothing is kept in memory (maxRecords 0); the
 * counts of accepted events and of requests, and the CPU time it used, come from `stats()`.
 *
 * @example
 * const pinterest = await startEmulatorProcess({ rateLimit: { requests: 5000, perMs: 5000 } });
 * const { events } = await pinterest.stats();
 * await pinterest.close();
 */
export async function startEmulatorProcess(options = {}) {
  const child = fork(CHILD, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ url }] = await once(child, 'message');
  return {
    url,
    async stats() {
      child.send('stats');
      const [stats] = await once(child, 'message');
      return stats;
    },
    /** Replaces the emulator's faults (`{}` clears them), as `POST /_emulator/faults` does. */
    async setFaults(faults) {
      const response = await fetch(`${url}/_emulator/faults`, {
        method: 'POST',
        body: JSON.stringify(faults),
      });
      if (!response.ok) throw new Error(`emulator faults: HTTP ${response.status}`);
    },
    async close() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
