// 3. Handler overhead: autocannon against `next start` of bench/app, /api/pin (pinbridge's
// handler) against /api/bare (a route that answers 204) on the same server, in alternating rounds.
// First at full load (throughput and p99), then at a fixed rate with Pinterest answering after 2 s.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { formatNumber, progress, runIfMain } from './lib/report.mjs';
import { median } from './lib/tinybench.mjs';

const APP = fileURLToPath(new URL('./app/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
const HANDLER_DIST = fileURLToPath(new URL('../packages/next/dist/server.js', import.meta.url));
const ROUNDS = 3;
const SECONDS = 5;
const SLOW_ROUNDS = 2;
const SLOW_PINTEREST_MS = 2000;
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function runNext(args, env = {}) {
  return spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own: `next start` runs the server in a child process, which
    // stopProcess() must end too.
    detached: true,
  });
}

// A build takes half a minute; it is redone only when the app or @pinbridge/next changed.
async function buildApp() {
  const builtAt = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
  const sources = ['app/api/pin/route.ts', 'app/api/bare/route.ts', 'next.config.mjs'];
  const newest = Math.max(builtAt(HANDLER_DIST), ...sources.map((file) => builtAt(APP + file)));
  if (builtAt(`${APP}.next/BUILD_ID`) > newest) return;
  progress('handler: next build of bench/app (about 30 s)');
  const child = runNext(['build']);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`next build failed:\n${output.slice(-3000)}`);
}

// SIGTERM lets Next finish the deliveries still running after their responses; past 10 s the
// group is killed.
async function stopProcess(child) {
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // The server process itself may outlive the CLI that started it.
  signal('SIGKILL');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startNext(pinterestUrl) {
  const port = await freePort();
  const child = runNext(['start', '-H', '127.0.0.1', '-p', String(port)], {
    PINTEREST_ACCESS_TOKEN: 'bench-token',
    PINTEREST_AD_ACCOUNT_ID: '549755885175',
    PINTEREST_API_URL: `${pinterestUrl}/v5`,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ready = await fetch(`${origin}/api/bare`, { method: 'POST' }).catch(() => undefined);
    if (ready?.status === 204) return { origin, child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child);
  throw new Error(`next start did not answer:\n${output}`);
}

let sent = 0;

/** One event per request, as the browser hook posts it, with a fresh event_id each time. */
function load(origin, path, seconds, extra = {}) {
  const time = Date.now();
  const body = () =>
    JSON.stringify({
      events: [
        {
          name: 'add_to_cart',
          event_id: `bench_${++sent}_${time}`,
          time,
          url: `${origin}/products/1`,
          props: { value: 19.99, currency: 'USD', product_id: 'sku-1', quantity: 1 },
        },
      ],
    });
  return autocannon({
    url: `${origin}${path}`,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      // What a browser sends for the page's own fetch: the handler refuses other sites' posts.
      origin,
      'sec-fetch-site': 'same-origin',
      'user-agent': USER_AGENT,
      cookie: '_pb_consent=granted; _pb_bid=bench-browser-0001; _epik=dj0yJnU9YmVuY2g',
    },
    // Built per request (autocannon's idReplacement miscounts Content-Length as its ids grow).
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    ...extra,
  });
}

function check(result, path) {
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(`${path}: ${failed} of ${result.requests.total} requests failed (non-2xx, errors or timeouts)`);
  }
  return result;
}

/** Alternates the two routes for `rounds` rounds; returns each route's results. */
async function alternate(origin, rounds, extra) {
  const results = { bare: [], pin: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['bare', 'pin'] : ['pin', 'bare'];
    for (const route of order) {
      const path = `/api/${route}`;
      results[route].push(check(await load(origin, path, SECONDS, extra), path));
    }
  }
  return results;
}

const total = (results) => results.reduce((sum, result) => sum + result.requests.total, 0);
const p99 = (results) => median(results.map((result) => result.latency.p99));

export async function measureHandler() {
  await buildApp();
  const pinterest = await startEmulatorProcess();
  const server = await startNext(pinterest.url);
  try {
    progress(`handler: warm-up, then ${ROUNDS} x ${SECONDS} s per route at full load`);
    await load(server.origin, '/api/bare', 2);
    await load(server.origin, '/api/pin', 2);
    const full = await alternate(server.origin, ROUNDS);
    const bareRate = total(full.bare) / (ROUNDS * SECONDS);
    const pinRate = total(full.pin) / (ROUNDS * SECONDS);

    // Below saturation, latency is the handler's own time, not queueing behind other requests.
    const rate = Math.round(bareRate * 0.4);
    progress(`handler: Pinterest answers after ${SLOW_PINTEREST_MS} ms; ${SLOW_ROUNDS} x ${SECONDS} s per route at ${rate} req/s`);
    await setSlow(pinterest.url);
    const slow = await alternate(server.origin, SLOW_ROUNDS, { overallRate: rate });
    const accepted = (await pinterest.stats()).events;
    const slowGap = p99(slow.pin) - p99(slow.bare);
    const rows = [
      {
        id: '3a',
        measurement: 'Handler: /api/pin vs bare 204 route (req/s)',
        pinbridge: `${formatNumber(pinRate)} req/s, p99 ${p99(full.pin)} ms`,
        reference: `${formatNumber(bareRate)} req/s, p99 ${p99(full.bare)} ms`,
        ratio: pinRate / bareRate,
        target: '>= 0.90x',
        met: pinRate / bareRate >= 0.9,
        bound: `next start, CPU-bound (${ROUNDS} alternating rounds x ${SECONDS} s, 10 connections)`,
      },
      {
        id: '3b',
        measurement: `Handler: p99 with Pinterest at ${SLOW_PINTEREST_MS / 1000} s`,
        pinbridge: `p99 ${p99(slow.pin)} ms`,
        reference: `bare p99 ${p99(slow.bare)} ms`,
        ratio: p99(slow.pin) / Math.max(1, p99(slow.bare)),
        target: '<= bare + 2 ms',
        met: slowGap <= 2,
        bound: `${rate} req/s fixed; gap ${slowGap >= 0 ? '+' : ''}${slowGap} ms; delivery after the response`,
      },
    ];
    const notes = [
      `3 the emulator accepted ${formatNumber(accepted)} events from the /api/pin rounds (delivered after each response).`,
    ];
    return { rows, notes };
  } finally {
    await stopProcess(server.child);
    await pinterest.close();
  }
}

async function setSlow(emulatorUrl) {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({ rates: { slow: 1 }, slowMs: SLOW_PINTEREST_MS }),
  });
  if (!response.ok) throw new Error(`emulator faults: HTTP ${response.status}`);
}

await runIfMain(import.meta.url, measureHandler);
