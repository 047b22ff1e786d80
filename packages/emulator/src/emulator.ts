import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Controls } from './emulator-routes.js';
import { FaultPlan, parseFaults } from './faults.js';
import { InspectorLog } from './inspector/log.js';
import { parseRateLimit, RateLimiter } from './rate-limit.js';
import { createRequestHandler } from './server.js';
import type { EmulatorState } from './state.js';
import { Store } from './store.js';
import type { Emulator, EmulatorOptions } from './types.js';

// Pinterest gives no maximum age; seven days is the common assumption (research notes §4).
const SEVEN_DAYS = 7 * 24 * 60 * 60;

/**
 * Starts a local stand-in for Pinterest's Conversions API endpoint (and for the Pinterest Tag) on
 * 127.0.0.1, on a free port unless `port` is given. It validates like Pinterest, answers with
 * Pinterest's bodies, injects faults on demand and records what it accepted.
 *
 * @example
 * const emulator = await startEmulator({ faults: { script: ['429'] } });
 * const client = createPinterestClient({ accessToken: 'x', adAccountId: '1', apiUrl: `${emulator.url}/v5` });
 * await client.send(event); // retried after the 429
 * emulator.received().events; // [{ ...event, adAccountId: '1', receivedAt }]
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state: EmulatorState = {
    url: '',
    store: new Store(options.maxRecords ?? 1_000_000),
    inspector: new InspectorLog(),
    faults: new FaultPlan(parseFaults(options.faults ?? {})),
    latencyMs: options.latencyMs ?? 0,
    limiter: options.rateLimit && new RateLimiter(parseRateLimit(options.rateLimit)),
    accessToken: options.accessToken,
    adAccountIds: options.adAccountIds ? new Set(options.adAccountIds) : undefined,
    maxEventAgeSeconds: options.maxEventAgeSeconds ?? SEVEN_DAYS,
    now: options.now ?? Date.now,
    log: options.log,
  };
  const controls: Controls = {
    state,
    setFaults: (faults) => {
      state.faults = new FaultPlan(parseFaults(faults));
    },
    reset: () => {
      state.store.clear();
      state.inspector.clear();
    },
  };
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createRequestHandler(controls));
  await listen(server, options.port ?? 0, host);
  state.url = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Idle keep-alive sockets and slow answers in flight would otherwise hold close() open.
      server.closeAllConnections();
    }));
  return {
    url: state.url,
    close,
    reset: controls.reset,
    received: () => state.store.snapshot(),
    setFaults: controls.setFaults,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A host to put in a URL: a wildcard address is reached through loopback, IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
