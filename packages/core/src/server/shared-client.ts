import { clientFromEnv } from '../client/from-env.js';
import { flushOnShutdown, SHUTDOWN_TIMEOUT_MS } from '../client/shutdown.js';
import type { FlushResult, PinterestClient } from '../client/types.js';
import { deferredQueue } from '../queue/deferred-queue.js';
import { redisFallbackOf, redisFromEnv, redisUrlOf } from './redis-env.js';

// One client per process, shared by the handler, the proxy and sendPinterestEvent so that their
// events share batches. Kept on globalThis because dev servers (Next's, Vite's) re-evaluate
// modules on every edit, which would otherwise leave a client (and its timers) behind each time.
const SHARED = Symbol.for('@pinbridge/core/shared-client');
const scope = globalThis as unknown as Record<symbol, PinterestClient | undefined>;

/**
 * The process-wide client, created on first use from PINTEREST_* environment variables (see
 * `clientFromEnv`); that client flushes on SIGTERM and SIGINT within 5 s and reports what it
 * could not deliver (`flushOnShutdown`, Node only). Throws a PinbridgeError (`missing_config`)
 * naming a missing variable.
 *
 * With `PINBRIDGE_REDIS_URL` set, it is a producer-only client on `@pinbridge/redis`'s queue
 * (loaded and connected on the first event): it stores events in Redis, and a worker
 * (`pinbridge-redis worker`) or a cron flush route delivers them. An event Redis did not take
 * is reported (`evicted`, code `queue_error`, with its id), never dropped silently; with
 * `PINBRIDGE_REDIS_FALLBACK=memory` it is delivered from this process instead (reported
 * `error`, code `queue_fallback`).
 *
 * @example
 * const { pending } = await getPinterestClient().flush({ timeoutMs: 1000 });
 */
export function getPinterestClient(): PinterestClient {
  let client = scope[SHARED];
  if (!client) {
    client = sharedFromEnv();
    scope[SHARED] = client;
    flushOnShutdown(client);
  }
  return client;
}

function sharedFromEnv(): PinterestClient {
  const env = globalThis.process?.env ?? {};
  if (!redisUrlOf(env)) return clientFromEnv();
  const fallback = redisFallbackOf(env);
  const queue = deferredQueue(async () => (await redisFromEnv(env)).queue, true);
  return clientFromEnv({ queue, consume: false, fallback });
}

/**
 * Makes `client` the process-wide one (the handler, the proxy and sendPinterestEvent use it when
 * given no `client`), or forgets it with `undefined`. A client you set is yours to shut down:
 * call `flushOnShutdown(client)` or close it yourself.
 *
 * @example
 * setPinterestClient(createPinterestClient({ accessToken, adAccountId, queue: redisQueue({ redis }) }));
 */
export function setPinterestClient(client: PinterestClient | undefined): void {
  scope[SHARED] = client;
}

/** `client` when given, else the process-wide one. */
export const resolveClient = (client?: PinterestClient): PinterestClient =>
  client ?? getPinterestClient();

/**
 * Delivers what the process-wide client holds, within `timeoutMs` (default 5,000), and resolves
 * with what it delivered and what is left. On a serverless platform, a webhook or Server Action
 * that used `sendPinterestEvent` calls it before returning (or passes `waitUntil`), since the
 * instance may freeze once it answers. Without a shared client yet there is nothing to flush.
 *
 * Shutdown: the shared client already flushes on SIGTERM/SIGINT and then exits, unless another
 * listener owns the signal. `next start` exits on those signals by itself, possibly before the
 * flush: start it with `NEXT_MANUAL_SIG_HANDLE=true`, or, with a handler of your own, close the
 * shared client there: `close()` also reports every event it could not deliver (`dead`), which a
 * flush followed by an exit would lose silently.
 *
 * @example
 * await sendPinterestEvent({ name: 'checkout', event_id: eventIdFor('checkout', order.id) }, { request });
 * await flushPinterest({ timeoutMs: 2000 });
 *
 * // Your own shutdown (NEXT_MANUAL_SIG_HANDLE=true):
 * process.on('SIGTERM', async () => {
 *   await getPinterestClient().close({ timeoutMs: 5000 }); // reports what is left as dead
 *   process.exit(0);
 * });
 */
export function flushPinterest(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
  const client = scope[SHARED];
  if (!client) return Promise.resolve({ processed: 0, failed: 0, pending: 0 });
  return client.flush({ timeoutMs: options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS });
}
