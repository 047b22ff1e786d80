import {
  clientFromEnv,
  drain,
  type OnReport,
  PinbridgeError,
  type PinterestClient,
} from '@pinbridge/core';
import { redisFromEnv } from '@pinbridge/core/server';

/** Options of {@link createPinterestFlushRoute}. */
export interface PinterestFlushRouteOptions {
  /**
   * How long one run may take, in ms: claiming stops before it, and what is in flight finishes
   * or goes back to the queue by then. Default: `maxDuration` less 2 s, else 10,000.
   */
  budgetMs?: number;
  /** The route's `maxDuration` (seconds), as exported by the route file: the function's limit. */
  maxDuration?: number;
  /**
   * A delivering client for one run, closed at its end. Default: one on `PINBRIDGE_REDIS_URL`
   * (queue and shared limit) from the PINTEREST_* variables.
   */
  client?: () => PinterestClient | Promise<PinterestClient>;
  /** Problems of the run (failed, retried, dead, queue errors). Default: logged. */
  onError?: OnReport;
}

const DEFAULT_BUDGET_MS = 10_000;
// What a run leaves the platform between its last answer and the function's limit.
const MAX_DURATION_MARGIN_MS = 2000;

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

const refusal = (status: number, code: string, message: string, path: string) =>
  json(status, { error: { code, message, path } });

/** Compares without stopping at the first difference, so the time taken does not leak the secret. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index += 1) {
    difference |= a.charCodeAt(index) ^ b.charCodeAt(index % Math.max(b.length, 1));
  }
  return difference === 0;
}

/**
 * A serverless cron job's drain of the Redis queue (`app/api/pin/flush/route.ts`): each GET
 * delivers for up to `budgetMs` and answers `{ processed, failed, pending }`. Only a request
 * with `Authorization: Bearer ${CRON_SECRET}` (what Vercel Cron sends) runs it; others get a
 * 401. Without CRON_SECRET it answers 500 `not_configured` in production, and runs unguarded
 * in development.
 *
 * @example
 * // app/api/pin/flush/route.ts
 * import { createPinterestFlushRoute } from '@pinbridge/next/server';
 *
 * export const maxDuration = 60;
 * export const { GET } = createPinterestFlushRoute({ maxDuration });
 */
export function createPinterestFlushRoute(options: PinterestFlushRouteOptions = {}): {
  GET: (request: Request) => Promise<Response>;
} {
  const fromLimit =
    options.maxDuration === undefined
      ? DEFAULT_BUDGET_MS
      : Math.max(1000, options.maxDuration * 1000 - MAX_DURATION_MARGIN_MS);
  const budgetMs = options.budgetMs ?? fromLimit;
  const newClient =
    options.client ??
    (async () => {
      const env = globalThis.process?.env ?? {};
      const { queue, limiter, close } = await redisFromEnv(env);
      const client = clientFromEnv({ queue, limiter, onError: options.onError }, env);
      return {
        ...client,
        async close(closeOptions) {
          const result = await client.close(closeOptions);
          await close();
          return result;
        },
      } satisfies PinterestClient;
    });
  return {
    async GET(request) {
      const env = globalThis.process?.env ?? {};
      const secret = env.CRON_SECRET?.trim();
      if (!secret && env.NODE_ENV === 'production') {
        return refusal(500, 'not_configured', 'CRON_SECRET is not set', 'CRON_SECRET');
      }
      if (secret && !sameText(request.headers.get('authorization') ?? '', `Bearer ${secret}`)) {
        return refusal(
          401,
          'unauthorized',
          'needs Authorization: Bearer CRON_SECRET',
          'authorization',
        );
      }
      let client: PinterestClient;
      try {
        client = await newClient();
      } catch (error) {
        if (error instanceof PinbridgeError) {
          return refusal(500, 'not_configured', error.message, error.path);
        }
        throw error;
      }
      return json(200, await drain(client, { budgetMs, signal: request.signal }));
    },
  };
}
