/**
 * "The client closed", for any number of waiters. An AbortSignal would do, but Node warns once
 * more than ten listeners wait on one (a 400 bisected into many concurrent requests does that),
 * and core may not import node:events to raise that limit.
 */
export interface Closing {
  readonly closed: boolean;
  /** Calls `callback` once when the client closes; returns a function that cancels it. */
  onClose(callback: () => void): () => void;
}

/**
 * A {@link Closing} and the `close()` that fires it.
 *
 * @example
 * const closing = createClosing();
 * const cancel = closing.onClose(() => controller.abort());
 */
export function createClosing(): Closing & { close(): void } {
  const callbacks = new Set<() => void>();
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    onClose(callback) {
      if (closed) {
        callback();
        return () => {};
      }
      callbacks.add(callback);
      return () => callbacks.delete(callback);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const callback of callbacks) callback();
      callbacks.clear();
    },
  };
}
