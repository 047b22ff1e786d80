/** The global `pintrk` function of Pinterest's base code: a stub queue until core.js replaces it. */
export type Pintrk = ((...args: unknown[]) => void) & { queue?: unknown[][]; version?: string };

declare global {
  interface Window {
    pintrk?: Pintrk;
  }
}

/** Calls the tag if it is installed; a missing tag (not mounted, or no consent) is not an error. */
export const pintrk = (...args: unknown[]): void => window.pintrk?.(...args);

/**
 * Pinterest's base code: when no `pintrk` exists yet, define the stub that queues every call
 * (core.js replays the queue once it has loaded) and insert the async script, so the script is
 * inserted at most once per document. `src` is a first-party rewrite or a test stand-in; empty
 * (an unset variable) means Pinterest's own host.
 */
export function installPintrk(src?: string): void {
  if (window.pintrk) return;
  const stub: Pintrk = (...args) => {
    stub.queue!.push(args);
  };
  stub.queue = [];
  stub.version = '3.0';
  window.pintrk = stub;
  // A script inserted from code is already async (the base code's `async = true` is a no-op).
  const script = document.createElement('script');
  script.src = src || 'https://s.pinimg.com/ct/core.js';
  document.head.append(script);
}
