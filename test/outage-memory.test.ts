import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';

// Before the redesign a request lived until Pinterest answered: with Pinterest down, each one
// kept ~30 KB alive, and `next start` died of out-of-memory after 11,846 one-event posts under a
// 384 MB heap, having delivered and reported nothing. Here 6,000 such posts go to a server with a
// 48 MB heap: the old design would exhaust it several times over.
const SERVER = fileURLToPath(new URL('./fixtures/outage-server.mjs', import.meta.url));
const POSTS = 6000;
const CONCURRENCY = 25;
const HEAP_MB = 48;

let emulator: Emulator;
let child: ChildProcess | undefined;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  child?.kill('SIGKILL');
  await emulator.close();
});

async function startServer() {
  child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', SERVER], {
    env: { ...process.env, PINTEREST_API_URL: `${emulator.url}/v5` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lost: number[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child?.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.port) resolve(message.port);
      else lost.push(message.count);
    });
  });
  return { origin: `http://127.0.0.1:${port}`, lost };
}

/** One event per request, the hook's usual shape; resolves with the accepted ids. */
async function postEvents(origin: string) {
  const accepted: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < POSTS) {
      const event_id = `outage_${String(next++).padStart(6, '0')}`;
      const response = await fetch(`${origin}/api/pin`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': 'Mozilla/5.0 test' },
        body: JSON.stringify({
          events: [{ name: 'add_to_cart', event_id, time: Date.now(), url: `${origin}/p/1` }],
        }),
      });
      if (response.status === 202) accepted.push(event_id);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return accepted;
}

it('keeps no request alive while Pinterest is down, and delivers every event once it is back', {
  timeout: 90_000,
}, async () => {
  emulator.setFaults({ rates: { status503: 1 } });
  const { origin, lost } = await startServer();
  const accepted = await postEvents(origin);
  expect(accepted).toHaveLength(POSTS);

  // Alive under its small heap, holding the queued events (~700 B each) and little else: about
  // 12 MB here, where the old design would have needed ~180 MB for the retained requests.
  const { heapUsed } = await (await fetch(`${origin}/memory`)).json();
  expect(heapUsed).toBeLessThan(24 * 1024 * 1024);
  expect(emulator.received().events).toHaveLength(0);

  emulator.setFaults({});
  const delivered = () => new Set(emulator.received().events.map((event) => event.event_id));
  await expect
    .poll(() => delivered().size + lost.reduce((sum, count) => sum + count, 0), {
      timeout: 60_000,
      interval: 200,
    })
    .toBe(POSTS);
  expect(lost).toEqual([]);
  expect([...delivered()].sort()).toEqual(accepted.sort());
});
