// The worker command, shared by `pinbridge worker` (the pinbridge CLI loads it from here) and
// this package's own `pinbridge-redis worker`.
import { formatReport } from '@pinbridge/core';
import { runWorker } from './worker.js';

export const WORKER_USAGE = `Usage: pinbridge worker   (or: pinbridge-redis worker)

Delivers the events queued in Redis to Pinterest until SIGTERM or SIGINT, then finishes or
releases what is in flight within PINBRIDGE_WORKER_GRACE_MS (default 5000) and exits 0.
Reads PINBRIDGE_REDIS_URL, PINTEREST_ACCESS_TOKEN, PINTEREST_AD_ACCOUNT_ID, PINTEREST_API_URL
and PINTEREST_TEST_MODE.`;

// Past the grace period, should closing hang (Redis gone), the process still ends.
const HARD_EXIT_MARGIN_MS = 1000;

/**
 * Runs the worker in this process, with `args` the words after `worker` (none, or --help), until
 * SIGTERM or SIGINT; resolves to the exit code (0 stopped, 2 usage). Rejects when it cannot start
 * (PINBRIDGE_REDIS_URL unset, no Redis client installed).
 *
 * @example
 * process.exitCode = await runWorkerCommand(process.argv.slice(3));
 */
export async function runWorkerCommand(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    const help = args[0] === '--help' || args[0] === '-h';
    (help ? console.log : console.error)(WORKER_USAGE);
    return help ? 0 : 2;
  }
  const grace = Number(process.env.PINBRIDGE_WORKER_GRACE_MS ?? 5000);
  const graceMs = Number.isFinite(grace) && grace >= 0 ? grace : 5000;
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    console.log(`[pinbridge] worker: ${signal}, stopping within ${graceMs} ms`);
    controller.abort();
    setTimeout(() => process.exit(1), graceMs + HARD_EXIT_MARGIN_MS).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const result = await runWorker({
    signal: controller.signal,
    graceMs,
    onError: (report) => console.error(formatReport(report)),
    onReady: (keys) => console.log(`[pinbridge] worker: draining ${keys.events}`),
  });
  console.log(`[pinbridge] worker: stopped ${JSON.stringify(result)}`);
  return 0;
}
