import type { PinterestClient } from './types.js';

/** Signals that ask a Node process to stop. */
export type ShutdownSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGUSR2';

/** When and how fast {@link flushOnShutdown} closes the client. */
export interface ShutdownOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly ShutdownSignal[];
  /** Deadline of `close()`. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * Closes `client` when the process is asked to stop, so queued events are flushed within the
 * deadline and the rest are reported (`onError`, kind `closed`, with their ids). Then, unless
 * another listener for that signal owns the shutdown, the process exits (`process.exitCode`,
 * else 0): a Node process that listens for a signal no longer dies of it, and re-raising is not
 * enough for PID 1 in a container, where the kernel ignores signals without a handler.
 * The handlers are removed after the first signal, so a second Ctrl-C stops at once.
 * Where there is no `process.once` (Edge runtime, workers, browsers) it does nothing.
 *
 * With `next start`, Next.js exits on SIGTERM and SIGINT by itself, possibly before the flush:
 * start it with `NEXT_MANUAL_SIG_HANDLE=true` so that this handler decides when to exit.
 *
 * @returns A function that removes the handlers.
 * @example
 * const client = clientFromEnv({ onError: (error) => console.warn(error.kind, error.event_ids) });
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
  const remove = () => {
    for (const signal of signals) node.removeListener(signal, onSignal);
  };
  function onSignal(signal: ShutdownSignal) {
    remove();
    void client.close({ timeoutMs: options.timeoutMs }).then(() => {
      if (node.listenerCount(signal) === 0) node.exit();
    });
  }
  for (const signal of signals) node.once(signal, onSignal);
  return remove;
}
