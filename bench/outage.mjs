// 7. Outage: 10,000 one-event POSTs (the hook's usual shape) to `next start` of bench/app while
// Pinterest answers 503, then Pinterest back. The Next server's RSS growth is set against the same
// posts to /api/json (Next's own cost of a JSON route) on a fresh server of its own, and every
// accepted event must be accounted for: delivered after the recovery, or reported with its id.
import { startEmulatorProcess } from './lib/emulator.mjs';
import { HEADERS, load } from './lib/load.mjs';
import { buildBenchApp, residentBytes, startNext, stopNext } from './lib/next-app.mjs';
import { formatNumber, formatRatio, progress, runIfMain } from './lib/report.mjs';

const POSTS = 10_000;
// Enough for next start to reach its steady size first (about 180 MB in the run of
// bench/RESULTS.md; the issue measured from 258 MB): after only 500 posts Next is still warming up, and /api/json alone then grows by about
// 90 MB over the next 10,000, which says nothing of what pinbridge keeps.
const WARM_UP_POSTS = 3_000;
const RECOVERY_TIMEOUT_MS = 60_000;
const MB = 1024 * 1024;

/** `amount` posts of load.mjs's events; text/plain, as the hook's fetch and beacon send them. */
function post(origin, path, amount) {
  // With `amount`, autocannon stops at the count and ignores the duration.
  return load(origin, path, 0, {
    amount,
    headers: { ...HEADERS(origin), 'content-type': 'text/plain;charset=UTF-8' },
  });
}

/** Samples the server's RSS every 100 ms until `stop()`; returns the peak. */
function sampleRss(child) {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, residentBytes(child));
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, residentBytes(child));
  };
}

/** Events the server reported as lost, summed from its `[pinbridge] … evicted|dead` lines. */
function reportedLost(output) {
  let lost = 0;
  for (const match of output.matchAll(
    /\[pinbridge\] \w+ (?:evicted|dead): [^\n]*?\((\d+) events?/g,
  )) {
    lost += Number(match[1]);
  }
  return lost;
}

/** RSS growth of one server over POSTS posts to `path`, after a warm-up with Pinterest up. */
async function growth(path, pinterest) {
  const server = await startNext(pinterest.url);
  try {
    await post(server.origin, path, WARM_UP_POSTS);
    // The warm-up's events must be delivered first: still queued, they would share maxQueue
    // (10,000) with the outage's and be evicted, counted as lost by this measurement's setup.
    if (path === '/api/pin') await awaitDelivered(pinterest, WARM_UP_POSTS);
    await pinterest.setFaults({ rates: { status503: 1 } });
    const before = residentBytes(server.child);
    const stop = sampleRss(server.child);
    const result = await post(server.origin, path, POSTS);
    // What the issue measured: the RSS once the posts are answered (the peak adds the load's
    // transient garbage, and is noted beside it).
    const after = residentBytes(server.child);
    const accepted = result['2xx'];
    const started = performance.now();
    await pinterest.setFaults({});
    const delivered = path === '/api/pin' ? await awaitRecovery(pinterest, server, accepted) : 0;
    const recoveryMs = performance.now() - started;
    const peak = stop();
    return {
      growth: after - before,
      peakGrowth: peak - before,
      before,
      accepted,
      delivered,
      lost: reportedLost(server.output()),
      recoveryMs,
      refused: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await stopNext(server.child);
  }
}

/** Waits until every accepted event was delivered or reported lost; returns those delivered. */
async function awaitRecovery(pinterest, server, accepted) {
  const deadline = performance.now() + RECOVERY_TIMEOUT_MS;
  for (;;) {
    const { distinctEvents } = await pinterest.stats();
    const warmUp = WARM_UP_POSTS;
    const delivered = distinctEvents - warmUp;
    if (delivered + reportedLost(server.output()) >= accepted || performance.now() > deadline) {
      return delivered;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function awaitDelivered(pinterest, count) {
  const deadline = performance.now() + RECOVERY_TIMEOUT_MS;
  while ((await pinterest.stats()).distinctEvents < count && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function measureOutage() {
  await buildBenchApp();
  progress(
    `outage: ${formatNumber(POSTS)} one-event posts with Pinterest down, then back (about 60 s)`,
  );
  const pinterest = await startEmulatorProcess({ maxRecords: POSTS * 2 });
  try {
    const reference = await growth('/api/json', pinterest);
    const pin = await growth('/api/pin', pinterest);
    const accounted = pin.delivered + pin.lost;
    const allAccounted = accounted >= pin.accepted;
    const rows = [
      {
        id: '7',
        measurement: `Outage: RSS growth over ${formatNumber(POSTS)} one-event posts, Pinterest down`,
        pinbridge: `+${formatNumber(pin.growth / MB)} MB; ${formatNumber(accounted)}/${formatNumber(pin.accepted)} accounted`,
        reference: `/api/json +${formatNumber(reference.growth / MB)} MB`,
        ratio: pin.growth / Math.max(reference.growth, MB),
        target: '<= +100 MB, all accounted',
        met: pin.growth <= 100 * MB && allAccounted,
        bound: `delivered ${formatNumber(pin.delivered)} within ${formatNumber(pin.recoveryMs / 1000, 1)} s of recovery, reported lost ${formatNumber(pin.lost)}`,
      },
    ];
    const notes = [
      `7 RSS of next start (process group) sampled every 100 ms, from after a ${WARM_UP_POSTS}-post warm-up ` +
        `with Pinterest up, to once the posts are answered: /api/pin ${formatNumber(pin.before / MB)} MB +${formatNumber(pin.growth / MB)} MB ` +
        `(peak +${formatNumber(pin.peakGrowth / MB)} MB), /api/json ${formatNumber(reference.before / MB)} MB ` +
        `+${formatNumber(reference.growth / MB)} MB (peak +${formatNumber(reference.peakGrowth / MB)} MB) ` +
        `(${formatRatio(pin.growth / Math.max(reference.growth, MB))}). Refused posts: ${pin.refused}.`,
    ];
    return { rows, notes };
  } finally {
    await pinterest.close();
  }
}

await runIfMain(import.meta.url, measureOutage);
