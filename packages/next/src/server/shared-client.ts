import type { PinterestClient } from '@pinbridge/core';
import { clientFromEnv } from '@pinbridge/core';

// One client per process, shared by the route handler, the proxy and sendPinterestEvent so that
// their events share batches. Kept on globalThis because Next's dev server re-evaluates modules
// on every edit, which would otherwise leave a client (and its timers) behind each time.
const SHARED = Symbol.for('@pinbridge/next/client');

/**
 * `client` when given, else the process-wide client from PINTEREST_* environment variables,
 * created on first use. Throws a PinbridgeError naming a missing variable.
 *
 * @example
 * const client = resolveClient(options.client);
 */
export function resolveClient(client?: PinterestClient): PinterestClient {
  if (client) return client;
  const scope = globalThis as unknown as Record<symbol, PinterestClient | undefined>;
  scope[SHARED] ??= clientFromEnv();
  return scope[SHARED];
}
