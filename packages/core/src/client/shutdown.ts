import type { PinterestClient } from './types.js';

/** Signals that ask a Node process to stop. */
export type ShutdownSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGUSR2';

/** When and how fast {@link flushOnShutdown} closes the client. */
export interface ShutdownOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly ShutdownSignal[];
  /** Deadline of `close()`. Default {@link SHUTDOWN_TIMEOUT_MS} (5,000 ms). */
  timeoutMs?: number;
}

/**
 * How long `close()` and a shutdown may take by default: below the grace period of common
 * platforms (Docker and Cloud Run 10 s, Kubernetes and Heroku 30 s), which kill the process after it.
 */
export const SHUTDOWN_TIMEOUT_MS = 5000;
// If close() itself hangs (a queue that stopped answering), the process still exits this long
// after the deadline.
const HARD_EXIT_GRACE_MS = 1000;

/**
 * Closes `client` when the process is asked to stop: queued events are delivered within the
 * deadline and every one left is reported (`dead`, code `closed`, count and ids). Then, unless
 * another listener for that signal owns the shutdown, the process exits (`process.exitCode`,
 * else 0): a Node process that listens for a signal no longer dies of it, and re-raising is not
 * enough for PID 1 in a container, where the kernel ignores signals without a handler. It never
 * keeps the process alive past the deadline: a timer exits it shortly after, should close() hang.
 * The handlers are removed after the first signal, so a second Ctrl-C stops at once.
 * Where there is no `process.once` (Edge runtime, workers, browsers) it does nothing.
 *
 * With `next start`, Next.js exits on SIGTERM and SIGINT by itself, possibly before the flush:
 * start it with `NEXT_MANUAL_SIG_HANDLE=true` so that this handler decides when to exit, or,
 * with your own signal handler, call `await client.close({ timeoutMs })` there before exiting.
 *
 * @returns A function that removes the handlers.
 * @example
 * const client = clientFromEnv({ onError: (report) => console.warn(report.message, report.event_ids) });
 * flushOnShutdown(client, { timeoutMs: 5000 });
 */
export function flushOnShutdown(
  client: Pick<PinterestClient, 'close'>,
  options: ShutdownOptions = {},
): () => void {
  // Read through globalThis: Next's Edge build flags any direct use of Node's `process` API.
  const node = globalThis.process;
  if (typeof node?.once !== 'function') return () => {};
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const remove = () => {
    for (const signal of signals) node.removeListener(signal, onSignal);
  };
  function onSignal(signal: ShutdownSignal) {
    remove();
    // Another listener of the signal decides when the process ends; this one only flushes.
    const exit = () => {
      if (node.listenerCount(signal) === 0) node.exit();
    };
    const hard = setTimeout(exit, timeoutMs + HARD_EXIT_GRACE_MS);
    hard.unref?.();
    void client.close({ timeoutMs }).then(() => {
      clearTimeout(hard);
      exit();
    }, exit);
  }
  for (const signal of signals) node.once(signal, onSignal);
  return remove;
}
