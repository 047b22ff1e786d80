import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createPinterestClient,
  type EventResult,
  type PinbridgeReport,
  type PinterestEvent,
} from '@pinbridge/core';
import type { Faults, Received } from '@pinbridge/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const TOTAL = 50_000;
/** The stated cap: the heap may grow by at most this much while 50,000 events go through. */
const PEAK_HEAP_CAP_MB = 256;
/** What may stay on the heap once everything is delivered and collected. */
const RETAINED_HEAP_CAP_MB = 64;
const MAX_QUEUE = 10_000;
const CHUNK = 500;
const CLIENT_TIMEOUT_MS = 300;
const SLOW_MS = 600;
const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';
const EMULATOR_CLI = fileURLToPath(new URL('../packages/emulator/dist/cli.js', import.meta.url));

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// vitest cannot pass --expose-gc to its workers: the flag is turned on at run time and `gc` read
// from a fresh context, so the heap baseline and the retained figure are measured after a full GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// The emulator (startEmulator, through its CLI) runs in its own process, as Pinterest would: the
// client's timeouts then measure the endpoint, not a shared event loop, and the heap figures are
// the client's alone.
let child: ChildProcess;
let emulatorUrl: string;

beforeAll(async () => {
  if (!existsSync(EMULATOR_CLI))
    throw new Error('build first: npm run build -w @pinbridge/emulator');
  child = spawn(process.execPath, [EMULATOR_CLI, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
    if (url) {
      emulatorUrl = url;
      break;
    }
  }
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

const control = (path: string, body?: unknown) =>
  fetch(`${emulatorUrl}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function setFaults(faults: Faults) {
  await control('reset', {});
  expect((await control('faults', faults)).status).toBe(200);
}

/** How often the emulator stored each event_id, and how it answered each request. */
async function received() {
  const { events, requests } = (await (await control('events')).json()) as Received;
  const times = new Map<string, number>();
  for (const stored of events) times.set(stored.event_id, (times.get(stored.event_id) ?? 0) + 1);
  const outcomes: Record<string, number> = {};
  for (const request of requests) {
    const outcome = request.fault ?? String(request.status);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { times, stored: events.length, requests: requests.length, outcomes };
}

function event(id: string, eventTime = Math.floor(Date.now() / 1000) - 60): PinterestEvent {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: eventTime,
    event_id: id,
    user_data: { em: [EMAIL_HASH] },
    custom_data: { currency: 'USD', value: '12.50' },
  };
}

/** A client pointed at the emulator that counts what it reports and resolves. */
function connect(maxBatchSize: number) {
  // attempts: requests posted; retries: those carrying events posted before; retried: events
  // released to the queue after a transient failure; timedOut: attempts given up unanswered.
  const counts = { attempts: 0, retries: 0, retried: 0, timedOut: 0, processed: 0, failed: 0 };
  const errors: PinbridgeReport[] = [];
  const client = createPinterestClient({
    accessToken: 'pina_soak_token',
    adAccountId: '549755885175',
    apiUrl: `${emulatorUrl}/v5`,
    timeoutMs: CLIENT_TIMEOUT_MS,
    maxBatchSize,
    maxQueue: MAX_QUEUE,
    flushIntervalMs: 50,
    retry: { minDelayMs: 10, maxDelayMs: 200 },
    onError: (report) => errors.push(report),
    onResult: (result: EventResult) => {
      counts[result.status] += 1;
    },
    onReport: (report) => {
      if (report.stage === 'retried') counts.retried += report.count;
      if (report.stage === 'retried' && report.message.startsWith('no response within')) {
        counts.timedOut += 1;
      }
      if (report.stage !== 'sent') return;
      counts.attempts += 1;
      if (Number(report.attempt) > 1) counts.retries += 1;
    },
  });
  return { client, counts, errors };
}

describe('soak: 50,000 events through faults', () => {
  it.each([1000, 100])(
    'delivers every event_id at least once with maxBatchSize %i',
    async (maxBatchSize) => {
      // A script first, so that each fault happens in every pass, then the stated rates.
      await setFaults({
        script: ['slow', 'drop', '429', '503'],
        rates: { status503: 0.2, status429: 0.05, drop: 0.02, slow: 0.01 },
        slowMs: SLOW_MS,
        retryAfterSeconds: 0.05,
        seed: maxBatchSize,
      });
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 50);
      const started = performance.now();
      const { client, counts, errors } = connect(maxBatchSize);

      // The producer keeps below maxQueue, as a server whose traffic the endpoint keeps up with.
      for (let sent = 0; sent < TOTAL; sent += CHUNK) {
        while ((await client.queue.depth()) > MAX_QUEUE - CHUNK) await sleep(5);
        for (let index = sent; index < sent + CHUNK; index += 1) {
          void client.enqueue(event(`soak-${maxBatchSize}-${index}`));
        }
      }
      // Without a deadline, flush() waits out every retry until the queue is empty.
      const flushed = await client.flush();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      await client.close();
      gc();
      const retained = process.memoryUsage().heapUsed - baseline;
      // Answers slower than the client's timeout are stored (and recorded) when they finish: each
      // slow answer began at least the client's timeout before its retry let flush() end, so all
      // are recorded within SLOW_MS of it (and none leaks into the next test's record). A request
      // the client gave up on while its body was still on the way (a loaded machine) never
      // reaches the emulator whole, so is never recorded: every attempt is, but for those the
      // client timed out.
      await sleep(SLOW_MS);
      const { times, stored, requests, outcomes } = await vi.waitFor(
        async () => {
          const tally = await received();
          expect(tally.requests).toBeGreaterThanOrEqual(counts.attempts - counts.timedOut);
          expect(tally.requests).toBeLessThanOrEqual(counts.attempts);
          return tally;
        },
        { timeout: 10_000, interval: 100 },
      );
      const duplicates = stored - times.size;
      console.log(
        `soak maxBatchSize=${maxBatchSize}: ${TOTAL} events, ${times.size} distinct stored, ` +
          `${requests} requests (${JSON.stringify(outcomes)}), ${counts.retries} retries, ` +
          `${counts.retried} events released for a retry, ${duplicates} duplicates sent, ${seconds.toFixed(1)} s, ` +
          `peak heap +${((peak - baseline) / MB).toFixed(0)} MB (cap ${PEAK_HEAP_CAP_MB}), ` +
          `retained +${(retained / MB).toFixed(1)} MB (cap ${RETAINED_HEAP_CAP_MB})`,
      );

      expect(times.size).toBe(TOTAL);
      for (let index = 0; index < TOTAL; index += 997) {
        expect(times.has(`soak-${maxBatchSize}-${index}`)).toBe(true);
      }
      expect(counts).toMatchObject({ processed: TOTAL, failed: 0 });
      expect(flushed).toMatchObject({ failed: 0, pending: 0 });
      expect(errors).toEqual([]);
      expect(await client.queue.depth()).toBe(0);
      for (const fault of ['503', '429', 'drop', 'slow'])
        expect(outcomes[fault]).toBeGreaterThan(0);
      // The slow answer was stored after the client gave up on it: its retry sent it again.
      expect(duplicates).toBeGreaterThan(0);
      expect(counts.retries).toBeGreaterThan(0);
      expect(peak - baseline).toBeLessThan(PEAK_HEAP_CAP_MB * MB);
      expect(retained).toBeLessThan(RETAINED_HEAP_CAP_MB * MB);
    },
    120_000,
  );

  it('never retries a 400, 401, 403 or 422', async () => {
    await setFaults({ script: ['400', '401', '403'] });
    const { client, counts, errors } = connect(1000);
    const old = Math.floor(Date.now() / 1000) - 30 * 86_400;
    // One at a time, so each request holds one event: a 400 has nothing to bisect.
    for (const [id, time] of [['r400'], ['r401'], ['r403'], ['r422', old]] as const) {
      await client.enqueue(event(id, time));
      await client.flush();
    }
    const statuses = (await received()).outcomes;
    console.log(
      `4xx check: ${counts.attempts} requests ${JSON.stringify(statuses)}, ${counts.retries} retries, ${counts.retried} released`,
    );
    expect(counts).toMatchObject({ failed: 4, attempts: 4, retries: 0, retried: 0 });
    expect(statuses).toEqual({ '400': 1, '401': 1, '403': 1, '422': 1 });
    expect(errors.map((error) => [error.stage, error.status, error.event_ids])).toEqual([
      ['failed', 400, ['r400']],
      ['dead', 401, ['r401']],
      ['dead', 403, ['r403']],
      ['failed', 422, ['r422']],
    ]);
    await client.close();
  });
});
