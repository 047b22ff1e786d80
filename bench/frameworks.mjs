// 9. Per framework: autocannon against one server of Express, Fastify and Hono (on Node, through
// @hono/node-server), each in a child process of its own, /api/pin (pinbridge's package for it)
// against /api/json (the same framework reading the same JSON body and answering the same 202
// JSON) in alternating rounds, and against /api/forward (that route also relaying the events to
// Pinterest by hand, checking nothing). The notes add pinbridge's core handler alone, in-process.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { handlerCost } from './handler.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { alternate, cpuPerRequest, perSecond } from './lib/load.mjs';
import { formatNumber, formatRatio, progress, runIfMain } from './lib/report.mjs';
import { median } from './lib/tinybench.mjs';

const SERVER = fileURLToPath(new URL('./lib/framework-server.mjs', import.meta.url));
const FRAMEWORKS = [
  { id: '9a', name: 'express', title: 'Express 5', target: 0.8 },
  { id: '9b', name: 'fastify', title: 'Fastify 5', target: 0.8 },
  { id: '9c', name: 'hono', title: 'Hono on Node', target: 0.7 },
];
const ROUTES = ['json', 'forward', 'pin'];
const ROUNDS = 3;
const SECONDS = 2;

const p99 = (results) => median(results.map((result) => result.latency.p99));

async function startServer(name, pinterestUrl) {
  const child = fork(SERVER, [name], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PINTEREST_ACCESS_TOKEN: 'bench-token',
      PINTEREST_AD_ACCOUNT_ID: '549755885175',
      PINTEREST_API_URL: `${pinterestUrl}/v5`,
    },
  });
  const [{ origin }] = await once(child, 'message');
  return {
    origin,
    async cpuMs() {
      child.send('cpu');
      const [{ cpuMs }] = await once(child, 'message');
      return cpuMs;
    },
    async close() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

async function measureFramework(framework, pinterestUrl) {
  const server = await startServer(framework.name, pinterestUrl);
  try {
    // V8 compiles the routes' code under the first seconds of load.
    await alternate(server.origin, ROUTES, 1, SECONDS);
    const results = await alternate(server.origin, ROUTES, ROUNDS, SECONDS, {}, server.cpuMs);
    const rate = (route) => perSecond(results[route], SECONDS);
    const cpu = (route) => cpuPerRequest(results[route]);
    return {
      rate: { pin: rate('pin'), json: rate('json'), forward: rate('forward') },
      cpu: { pin: cpu('pin'), json: cpu('json'), forward: cpu('forward') },
      p99: { pin: p99(results.pin), json: p99(results.json) },
    };
  } finally {
    await server.close();
  }
}

export async function measureFrameworks() {
  const pinterest = await startEmulatorProcess();
  try {
    progress(
      `frameworks: per framework, a warm-up round, then ${ROUNDS} x ${SECONDS} s per route (about ${FRAMEWORKS.length * (ROUNDS + 1) * ROUTES.length * SECONDS} s)`,
    );
    const measured = [];
    for (const framework of FRAMEWORKS) {
      measured.push({ ...framework, ...(await measureFramework(framework, pinterest.url)) });
    }
    const accepted = (await pinterest.stats()).events;
    const inProcess = await handlerCost();
    const rows = measured.map(({ id, title, target, rate, cpu, p99 }) => {
      const ratio = rate.pin / rate.json;
      return {
        id,
        measurement: `Framework: /api/pin vs a JSON route on ${title}`,
        pinbridge: `${formatNumber(rate.pin)} req/s, p99 ${p99.pin} ms`,
        reference: `/api/json ${formatNumber(rate.json)} req/s, p99 ${p99.json} ms`,
        ratio,
        target: `>= ${target.toFixed(2)}x`,
        met: ratio >= target,
        bound:
          `CPU (server + autocannon on ${cpus().length} cores); the server's CPU per request ${formatNumber(cpu.pin, 0)} µs ` +
          `against ${formatNumber(cpu.json, 0)} µs (+${formatNumber(cpu.pin - cpu.json, 0)} µs), the forwarder's ${formatNumber(cpu.forward, 0)} µs; ` +
          `against a hand-written forwarder (${formatNumber(rate.forward)} req/s) ${formatRatio(rate.pin / rate.forward)}`,
      };
    });
    const notes = [
      `9 one server per framework in a child process, ${ROUNDS} rounds x ${SECONDS} s per route after a warm-up round, ` +
        `order rotated, 10 connections; /api/json parses the body with the framework's own JSON reader and answers ` +
        `{accepted, event_ids} with 202, as /api/pin does; /api/forward also builds each event's Conversions API fields ` +
        `by hand and posts them in batches of up to 1,000, with no check, consent, report or retry. The emulator ` +
        `accepted ${formatNumber(accepted)} events from both, delivered after each response. The server's CPU per ` +
        `request is its process's user and system time over each round and the deliveries after it, over the ` +
        `requests answered: pinbridge's in-process cost per request is its excess over the JSON route's.`,
      `9 pinbridge's core handler alone, in-process, as the node bridge calls it (answer() on a PinRequest, no Web ` +
        `Request, body stream or Response): ${formatNumber(inProcess.node, 1)} µs per one-event POST with the real ` +
        `client's queueing, ${formatNumber(inProcess.logic, 1)} µs with a client that does nothing (with Web objects ` +
        `${formatNumber(inProcess.pin, 1)} µs and ${formatNumber(inProcess.noop, 1)} µs). ` +
        `The rest of each row's added CPU is the delivery (queueing, batching and posting each event to the emulator ` +
        `in the same process), the kernel's share of each answer and post, and the same code running slower in a ` +
        `busy server than alone.`,
    ];
    return { rows, notes };
  } finally {
    await pinterest.close();
  }
}

await runIfMain(import.meta.url, measureFrameworks);
