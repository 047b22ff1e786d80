import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPinterestClient, type PinbridgeReport, type PinterestEvent } from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('./fixtures/shutdown-server.mjs', import.meta.url));
const BUILT_CORE = fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url));
/** Room for starting Node and a loaded machine, on top of a deadline: generous on purpose. */
const MARGIN_MS = 5000;
const EMAIL_HASH = '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b';

let emulator: Emulator;

// A fresh emulator per test: a request the last test's client gave up on may still be in the
// emulator's hands, and would be stored, or use up a scripted fault, in the next test.
beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

const storedIds = () => emulator.received().events.map((stored) => stored.event_id);

const event = (id: string): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000) - 60,
  event_id: id,
  user_data: { em: [EMAIL_HASH] },
});

/** What the fixture prints for each problem the client reports. */
type Report = Pick<PinbridgeReport, 'stage' | 'code' | 'count' | 'event_ids' | 'message'>;

/** A port nothing listens on: Pinterest is down, every request is refused at once. */
function closedPort() {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the fixture server against `apiUrl` (the emulator's); resolves once it listens. */
async function startServer(deadlineMs: number, apiUrl = `${emulator.url}/v5`) {
  if (!process.env.PINBRIDGE_CORE && !existsSync(BUILT_CORE)) {
    throw new Error('build first: npm run build -w @pinbridge/core');
  }
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      PINTEREST_API_URL: apiUrl,
      SHUTDOWN_DEADLINE_MS: String(deadlineMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const reports: Report[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`server exited early with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.port) resolve(message.port);
      else reports.push(message);
    });
  });
  /** Queues one event in the server (one request each); returns how many are pending there. */
  const enqueue = async (id: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/?id=${encodeURIComponent(id)}`);
    return ((await response.json()) as { pending: number }).pending;
  };
  return { child, exited, reports, enqueue };
}

describe('close(): flush within a deadline', () => {
  it('delivers what is pending when the endpoint answers within the deadline', async () => {
    emulator.setFaults({ script: ['slow'], slowMs: 300 });
    const errors: PinbridgeReport[] = [];
    const client = createPinterestClient({
      accessToken: 'pina_close_token',
      adAccountId: '549755885175',
      apiUrl: `${emulator.url}/v5`,
      flushIntervalMs: 600_000,
      onError: (report) => errors.push(report),
    });
    await client.enqueue(ids('close', 50).map(event));
    const closed = await client.close({ timeoutMs: 3000 });
    expect(closed).toEqual({ processed: 50, failed: 0, pending: 0 });
    expect(storedIds().sort()).toEqual(ids('close', 50).sort());
    expect(errors).toEqual([]);
  });

  it('reports what an outage leaves undelivered at the deadline: dead, count and ids', async () => {
    emulator.setFaults({ rates: { status503: 1 } });
    const errors: PinbridgeReport[] = [];
    const client = createPinterestClient({
      accessToken: 'pina_close_token',
      adAccountId: '549755885175',
      apiUrl: `${emulator.url}/v5`,
      maxBatchSize: 100,
      retry: { minDelayMs: 10, maxDelayMs: 50 },
      onError: (report) => errors.push(report),
    });
    const expected = ids('stuck', 250);
    for (const id of expected) await client.enqueue(event(id));
    const started = Date.now();
    const closed = await client.close({ timeoutMs: 500 });
    const elapsed = Date.now() - started;
    console.log(
      `close during an outage: ${closed.failed} of ${expected.length} reported dead after ${elapsed} ms (deadline 500 ms), ${errors.length} onError call(s)`,
    );
    expect(closed).toEqual({ processed: 0, failed: 250, pending: 0 });
    expect(errors).toEqual([
      expect.objectContaining({
        stage: 'dead',
        code: 'closed',
        count: 250,
        message: 'client closed: 250 events not delivered within 500 ms',
      }),
    ]);
    expect([...errors[0].event_ids].sort()).toEqual([...expected].sort());
    expect(await client.queue.depth()).toBe(0);
    expect(elapsed).toBeLessThan(500 + MARGIN_MS);
  });
});

describe('flushOnShutdown: SIGTERM to a Node server', () => {
  it('flushes the pending events on SIGTERM, then exits', async () => {
    emulator.setFaults({ script: ['slow'], slowMs: 400 });
    const deadlineMs = 5000;
    const server = await startServer(deadlineMs);
    const expected = ids('sigterm', 20);
    let pending = 0;
    for (const id of expected) pending = await server.enqueue(id);
    expect(pending).toBe(20);
    expect(storedIds()).toEqual([]);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const { code, signal, at } = await server.exited;
    console.log(
      `SIGTERM: ${storedIds().length} of 20 pending events delivered, exit ${code} after ${at - signalled} ms (deadline ${deadlineMs} ms)`,
    );
    expect(storedIds().sort()).toEqual([...expected].sort());
    expect(server.reports).toEqual([]);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - signalled).toBeLessThan(deadlineMs + MARGIN_MS);
  });

  it('reports what it cannot deliver by the deadline (count and ids), then exits', async () => {
    emulator.setFaults({ script: ['slow'], slowMs: 30_000 });
    const deadlineMs = 500;
    const server = await startServer(deadlineMs);
    const expected = ids('late', 15);
    for (const id of expected) await server.enqueue(id);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const { code, signal, at } = await server.exited;
    console.log(
      `SIGTERM past the deadline: ${server.reports[0]?.count} events reported ${server.reports[0]?.stage}, exit ${code} after ${at - signalled} ms (deadline ${deadlineMs} ms)`,
    );
    expect(server.reports).toEqual([
      {
        stage: 'dead',
        code: 'closed',
        count: 15,
        event_ids: expected,
        message: `client closed: 15 events not delivered within ${deadlineMs} ms`,
      },
    ]);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - signalled).toBeLessThan(deadlineMs + MARGIN_MS);
  });

  it('with Pinterest down (a closed port), exits within the deadline, every id reported', async () => {
    const deadlineMs = 1000;
    const server = await startServer(deadlineMs, `http://127.0.0.1:${await closedPort()}/v5`);
    const expected = ids('down', 25);
    for (const id of expected) await server.enqueue(id);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const { code, signal, at } = await server.exited;
    console.log(
      `SIGTERM, Pinterest down: ${server.reports[0]?.count} events reported ${server.reports[0]?.stage}, exit ${code} after ${at - signalled} ms (deadline ${deadlineMs} ms)`,
    );
    // Refused connections were retried until the deadline, then every event was given up.
    expect(server.reports).toEqual([
      expect.objectContaining({ stage: 'dead', code: 'closed', count: 25 }),
    ]);
    expect([...server.reports[0].event_ids].sort()).toEqual([...expected].sort());
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - signalled).toBeGreaterThanOrEqual(deadlineMs);
    expect(at - signalled).toBeLessThan(deadlineMs + MARGIN_MS);
  });
});
