import { SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
import type { FlushResult, PinterestClient } from './types.js';

/** How long {@link drain} runs and how it stops. */
export interface DrainOptions {
  /**
   * The whole drain's time limit (a serverless function's): claiming stops `graceMs` before it,
   * and the close gets the rest. Without it, the drain runs until `signal` aborts (a worker).
   */
  budgetMs?: number;
  /** Deadline of the final `close()`: batches in flight finish or are released within it. Default 5,000 ms, at most half the budget. */
  graceMs?: number;
  /** Aborting it ends the drain: the client closes within `graceMs`. */
  signal?: AbortSignal;
  /** A worker's wait before it looks again after a flush that delivered nothing. Default 1,000 ms. */
  idleMs?: number;
}

/**
 * Delivers what `client`'s (shared, durable) queue holds until the budget is spent or `signal`
 * aborts, then closes the client without claiming more: the batches in flight finish within
 * `graceMs` or are released, and what was never claimed stays in the queue for the next drain. The one loop behind a
 * long-running worker (no budget, stopped by SIGTERM) and a cron flush route (a budget, stops
 * once nothing is claimable). The client must consume (`consume` not `false`) and is closed.
 *
 * @example
 * const client = createPinterestClient({ accessToken, adAccountId, queue: redisQueue({ redis }) });
 * const { processed, failed, pending } = await drain(client, { budgetMs: 10_000 });
 */
export async function drain(
  client: PinterestClient,
  options: DrainOptions = {},
): Promise<FlushResult> {
  const { budgetMs, signal, idleMs = 1000 } = options;
  const graceMs = Math.min(options.graceMs ?? SHUTDOWN_TIMEOUT_MS, (budgetMs ?? Infinity) / 2);
  const stopAt = budgetMs === undefined ? Infinity : Date.now() + budgetMs - graceMs;
  let stop: () => void = () => {};
  const stopped = new Promise<undefined>((resolve) => {
    stop = () => resolve(undefined);
  });
  signal?.addEventListener('abort', stop, { once: true });
  const total = { processed: 0, failed: 0 };
  const add = (result: FlushResult) => {
    total.processed += result.processed;
    total.failed += result.failed;
  };
  /** A flush the stop cut short: it ends with the close, and counts what the close saw too. */
  let cut: Promise<FlushResult> | undefined;
  try {
    while (!signal?.aborted && Date.now() < stopAt) {
      const left = stopAt - Date.now();
      const flushing = client.flush(Number.isFinite(left) ? { timeoutMs: left } : {});
      const flushed = await Promise.race([flushing, stopped]);
      if (!flushed) {
        cut = flushing;
        break;
      }
      add(flushed);
      if (flushed.processed + flushed.failed > 0) continue;
      // Nothing was claimable: a cron run is done; a worker looks again a little later.
      if (budgetMs !== undefined) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise((resolve) => (timer = setTimeout(resolve, idleMs))),
        stopped,
      ]);
      clearTimeout(timer);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  // What is in flight may finish; nothing more is claimed: the rest is the next drain's.
  const closed = await client.close({ timeoutMs: graceMs, flush: false });
  // The cut flush ends as the last batch settles; one whose fetch ignored the abort never does.
  const last = cut && (await Promise.race([cut, new Promise<undefined>((r) => setTimeout(r, 0))]));
  add(last ?? closed);
  return { ...total, pending: closed.pending };
}
