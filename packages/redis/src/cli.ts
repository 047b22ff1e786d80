#!/usr/bin/env node
// `pinbridge-redis worker`: a long-running drain of the Redis queue. Named so that it can move,
// unchanged, into the `pinbridge` CLI as `pinbridge worker`.
import { formatReport } from '@pinbridge/core';
import { runWorker } from './worker.js';

const USAGE = `Usage: pinbridge-redis worker

Delivers the events queued in Redis to Pinterest until SIGTERM or SIGINT, then finishes or
releases what is in flight within PINBRIDGE_WORKER_GRACE_MS (default 5000) and exits 0.
Reads PINBRIDGE_REDIS_URL, PINTEREST_ACCESS_TOKEN, PINTEREST_AD_ACCOUNT_ID, PINTEREST_API_URL
and PINTEREST_TEST_MODE.`;

// Past the grace period, should closing hang (Redis gone), the process still ends.
const HARD_EXIT_MARGIN_MS = 1000;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'worker' || rest.length > 0) {
    console.error(USAGE);
    return command === '--help' || command === '-h' ? 0 : 2;
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`[pinbridge] worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
