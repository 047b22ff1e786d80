// 6. Memory: the heap while 100,000 events wait in pinbridge's queue with Pinterest down (a
// closed port, retries minutes apart), per queued event, against the same events held in a plain
// array. Runs itself again with --expose-gc when started without it, so each reading follows a
// full collection.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildEvent, createPinterestClient } from '@pinbridge/core';
import { formatNumber, progress, runIfMain } from './lib/report.mjs';

const EVENTS = 100_000;
/** The target for one queued event, the event's JSON included. */
const TARGET_BYTES = 700;

/** A port nothing listens on: Pinterest is down, every request is refused at once. */
function closedPort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function heapAfterGc() {
  for (let pass = 0; pass < 3; pass++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Distinct events as the handler builds them: own event_id, own hashed identifiers. */
async function buildEvents() {
  const events = [];
  for (let index = 0; index < EVENTS; index++) {
    events.push(
      await buildEvent(
        {
          event_name: 'add_to_cart',
          custom_data: { value: 19.99, currency: 'USD', content_ids: ['sku-1'] },
        },
        {
          client_ip_address: '203.0.113.7',
          client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        },
        { user_data: { em: `shopper${index}@example.com`, external_id: `browser-${index}` } },
      ),
    );
  }
  return events;
}

async function measureInThisProcess() {
  const apiUrl = `http://127.0.0.1:${await closedPort()}/v5`;
  // fetch loads its implementation on first use, a few MB that are no event's cost: load it now.
  await fetch(apiUrl).catch(() => {});
  const base = heapAfterGc();
  let events = await buildEvents();
  const wire = JSON.stringify(events[0]).length;
  const asArray = heapAfterGc() - base;

  let failures = 0;
  let retried = 0;
  const client = createPinterestClient({
    accessToken: 'bench-token',
    adAccountId: '549755885175',
    apiUrl,
    maxQueue: EVENTS,
    maxQueueBytes: 1024 * 1024 * 1024,
    // Retries minutes away: every event is claimed once, refused, and released to wait.
    retry: { minDelayMs: 600_000, maxDelayMs: 600_000 },
    flushIntervalMs: 0,
    onReport: (report) => {
      if (report.stage === 'retried') retried += report.count;
    },
    onError: () => {
      failures += 1;
    },
  });
  // As the handler does: hand each event over and keep nothing.
  for (const event of events) void client.enqueue(event);
  events = undefined;
  // Let every batch hit the closed port and settle into its retry wait.
  while (retried < EVENTS) await new Promise((resolve) => setTimeout(resolve, 50));
  const pending = await client.queue.depth();
  const queued = heapAfterGc() - base;
  const failed = failures;
  await client.close({ timeoutMs: 0 });
  return { asArray, queued, pending, failures: failed, wire };
}

export async function measureMemory() {
  progress(`memory: ${formatNumber(EVENTS)} events queued while Pinterest is down (about 10 s)`);
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--child'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { asArray, queued, pending, failures, wire } = JSON.parse(output);
  if (pending !== EVENTS || failures !== 0) {
    throw new Error(
      `expected ${EVENTS} events waiting and no failure, got ${pending} and ${failures} failures`,
    );
  }
  const perEvent = queued / EVENTS;
  const perArrayEvent = asArray / EVENTS;
  return {
    rows: [
      {
        id: '6',
        measurement: `Memory: ${formatNumber(EVENTS)} events queued, Pinterest down`,
        pinbridge: `${formatNumber(perEvent)} B/event (${formatNumber(queued / 2 ** 20, 1)} MiB)`,
        reference: `${formatNumber(perArrayEvent)} B/event in a plain array`,
        ratio: perEvent / perArrayEvent,
        target: `<= ${TARGET_BYTES} B`,
        met: perEvent <= TARGET_BYTES,
        bound: `${formatNumber(wire)} B of JSON each, the queue's own ${formatNumber(perEvent - wire)} B/event on top`,
      },
    ],
    notes: [
      `6 events built by buildEvent with distinct hashed em and external_id; Pinterest is a closed port, ` +
        `every event was claimed, refused and released to wait for a retry minutes away, each kept as its JSON ` +
        `(maxQueue ${formatNumber(EVENTS)}; the default 10,000 and 8 MiB evict the oldest). Heap after a full GC, ` +
        `--expose-gc child process, fetch loaded before the baseline.`,
    ],
  };
}

if (process.argv.includes('--child')) {
  console.log(JSON.stringify(await measureInThisProcess()));
} else {
  await runIfMain(import.meta.url, measureMemory);
}
