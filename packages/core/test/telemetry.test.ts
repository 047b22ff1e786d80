import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, createNoopMeter, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinterestClient } from '../src/client/create-client.js';
import type { ClientConfig } from '../src/client/types.js';
import { toNodeHandler } from '../src/node/to-node-handler.js';
import { createReporter } from '../src/reporter.js';
import { createPinHandler } from '../src/server/handler.js';
import { loadOpenTelemetry } from '../src/telemetry/api.js';
import type { PinterestEvent } from '../src/types.js';
import { BROWSER_UA, postPin, wireEvent } from './server-helpers.js';

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spans)],
});
// Delta temporality: each collection holds what was recorded since the previous one.
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

let emulator: Emulator;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  await loadOpenTelemetry();
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});

/** The metrics recorded since the last call, by name. */
async function collect(): Promise<Map<string, MetricData>> {
  metricExporter.reset();
  await reader.forceFlush();
  const byName = new Map<string, MetricData>();
  for (const resource of metricExporter.getMetrics()) {
    for (const scope of resource.scopeMetrics) {
      if (scope.scope.name !== '@pinbridge/core') continue;
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    }
  }
  return byName;
}

/** `pinbridge.events` as `outcome/source[/reason]` → count. */
function eventCounts(collected: Map<string, MetricData>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const point of collected.get('pinbridge.events')?.dataPoints ?? []) {
    const { attributes } = point;
    const key = [attributes['pinbridge.outcome'], attributes['pinbridge.source']]
      .concat(attributes['pinbridge.reason'] === undefined ? [] : [attributes['pinbridge.reason']])
      .join('/');
    counts[key] = (counts[key] ?? 0) + (point.value as number);
  }
  return counts;
}

/** A histogram's count and sum per `pinbridge.outcome` (or `all` without one). */
function histogram(collected: Map<string, MetricData>, name: string) {
  const metric = collected.get(name);
  expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
  const result: Record<string, { count: number; sum: number; max: number }> = {};
  for (const point of metric?.dataPoints ?? []) {
    const value = point.value as { count: number; sum?: number; max?: number };
    const key = String(point.attributes['pinbridge.outcome'] ?? 'all');
    result[key] = { count: value.count, sum: value.sum ?? 0, max: value.max ?? 0 };
  }
  return result;
}

const named = (name: string): ReadableSpan[] =>
  spans.getFinishedSpans().filter((span) => span.name === name);

const event = (id: string): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000) - 60,
  event_id: id,
  user_data: { em: ['a'.repeat(64)] },
});

function client(config: Partial<ClientConfig> = {}) {
  return createPinterestClient({
    accessToken: 'pina_TOKEN',
    adAccountId: '549755885175',
    apiUrl: `${emulator.url}/v5`,
    retry: { minDelayMs: 1, maxDelayMs: 2 },
    flushIntervalMs: 5,
    debug: false,
    onError: () => undefined,
    ...config,
  });
}

beforeEach(async () => {
  emulator.setFaults({});
  await collect();
  spans.reset();
});

describe('OpenTelemetry: a span per request to Pinterest', () => {
  it('records status, batch size, attempt and request id, and a 503 as an error retried', async () => {
    emulator.setFaults({ script: ['503'] });
    const pinterest = client();
    await pinterest.enqueue([event('otel-1'), event('otel-2'), event('otel-3')]);
    expect(await pinterest.flush({ timeoutMs: 5000 })).toMatchObject({ processed: 3 });
    await pinterest.close();

    const [first, second] = named('pinterest.conversions.send');
    expect(named('pinterest.conversions.send')).toHaveLength(2);
    expect(first.kind).toBe(2); // SpanKind.CLIENT
    expect(first.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'url.full': `${emulator.url}/v5/ad_accounts/549755885175/events`,
      'pinbridge.batch.size': 3,
      'pinbridge.attempt': 1,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(first.attributes['http.request.resend_count']).toBeUndefined();
    expect(first.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(second.attributes).toMatchObject({
      'pinbridge.batch.size': 3,
      'pinbridge.attempt': 2,
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(second.status.code).toBe(0); // UNSET
    // Pinterest's x-pinterest-rid, one per request, as the emulator sets it.
    const ids = [first, second].map((span) => span.attributes['pinterest.request_id']);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(ids[0]).not.toBe(ids[1]);
    // The token never reaches an attribute.
    expect(JSON.stringify([first.attributes, second.attributes])).not.toContain('pina_TOKEN');

    const collected = await collect();
    expect(eventCounts(collected)).toEqual({ 'accepted/client': 3, 'delivered/client': 3 });
    expect(histogram(collected, 'pinbridge.batch.size')).toEqual({
      all: { count: 2, sum: 6, max: 3 },
    });
    const latency = histogram(collected, 'pinbridge.delivery.duration');
    expect(Object.keys(latency)).toEqual(['delivered']);
    expect(latency.delivered.count).toBe(3);
    expect(latency.delivered.max).toBeGreaterThan(0);
    expect(latency.delivered.max).toBeLessThan(5);
  });

  it("makes the queue's batches root spans, and send() a child of the caller's span", async () => {
    const pinterest = client();
    const caller = trace.getTracer('test').startSpan('caller');
    await context.with(trace.setSpan(context.active(), caller), async () => {
      await pinterest.enqueue(event('otel-queued'));
      await pinterest.flush({ timeoutMs: 5000 });
      await pinterest.send(event('otel-sent'));
    });
    caller.end();
    await pinterest.close();
    const [queued, sent] = named('pinterest.conversions.send');
    expect(queued.parentSpanContext).toBeUndefined();
    expect(sent.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
  });

  it('counts events Pinterest refused as failed, and the ones a closing client drops', async () => {
    const pinterest = client();
    const stale = { ...event('otel-stale'), event_time: 1_000 };
    await pinterest.enqueue([event('otel-good'), stale]);
    await pinterest.flush({ timeoutMs: 5000 });
    emulator.setFaults({ script: ['401'] });
    await pinterest.enqueue(event('otel-refused'));
    await pinterest.flush({ timeoutMs: 5000 });
    await pinterest.close();
    await pinterest.enqueue(event('otel-late'));

    const [, refused] = named('pinterest.conversions.send');
    expect(refused.attributes).toMatchObject({ 'http.response.status_code': 401 });
    expect(refused.status.code).toBe(2);
    const collected = await collect();
    expect(eventCounts(collected)).toEqual({
      'accepted/client': 3,
      'delivered/client': 1,
      'failed/client': 1,
      'dropped/client/2': 1, // Pinterest's code of the 401: the request was refused
      'dropped/client/closed': 1,
    });
    expect(Object.keys(histogram(collected, 'pinbridge.delivery.duration')).sort()).toEqual([
      'delivered',
      'failed',
    ]);
  });
});

describe('OpenTelemetry: a span per /api/pin request', () => {
  async function serve() {
    const pinterest = client();
    const handler = createPinHandler({ client: pinterest, rateLimit: false, debug: false });
    const listener = toNodeHandler(handler);
    const server = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/api/pin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
        body,
      });
    const close = async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pinterest.close();
    };
    return { pinterest, post, close };
  }

  it('tells the stage that ended each request: accepted, refused with its code, skipped', async () => {
    const { pinterest, post, close } = await serve();
    const accepted = await post(
      JSON.stringify({
        events: [wireEvent({ event_id: 'otel_h_1' }), wireEvent({ event_id: 'otel_h_2' })],
      }),
    );
    expect(accepted.status).toBe(202);
    const refused = await post('{"events": [');
    expect(refused.status).toBe(400);
    const bot = await post(JSON.stringify({ events: [wireEvent({ event_id: 'otel_h_3' })] }), {
      'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    });
    expect(bot.status).toBe(202);
    await pinterest.flush({ timeoutMs: 5000 });
    await close();

    const handled = named('pinbridge.handler').map((span) => ({
      ...span.attributes,
      status: span.status.code,
    }));
    expect(handled).toEqual([
      {
        'pinbridge.stage': 'accepted',
        'pinbridge.event.count': 2,
        'http.response.status_code': 202,
        status: 0,
      },
      {
        'pinbridge.stage': 'refused',
        'pinbridge.reason': 'invalid_json',
        'pinbridge.event.count': 0,
        'http.response.status_code': 400,
        status: 0,
      },
      {
        'pinbridge.stage': 'skipped',
        'pinbridge.reason': 'bot',
        'pinbridge.event.count': 1,
        'http.response.status_code': 202,
        status: 0,
      },
    ]);
    const collected = await collect();
    expect(eventCounts(collected)).toEqual({
      'accepted/client': 2,
      'delivered/client': 2,
      'skipped/handler/bot': 1,
    });
  });

  it("nests under the framework's span, and what getUser starts nests under it", async () => {
    const pinterest = client();
    let inGetUser: string | undefined;
    const handler = createPinHandler({
      client: pinterest,
      rateLimit: false,
      debug: false,
      getUser: () => {
        inGetUser = trace.getActiveSpan()?.spanContext().spanId;
        return undefined;
      },
    });
    const server = trace.getTracer('test').startSpan('POST /api/pin');
    const response = await context.with(trace.setSpan(context.active(), server), () =>
      handler(postPin({ events: [wireEvent({ event_id: 'otel_h_nested' })] })),
    );
    server.end();
    expect(response.status).toBe(202);
    await pinterest.close();
    const [span] = named('pinbridge.handler');
    expect(span.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(inGetUser).toBe(span.spanContext().spanId);
  });

  it('sets status ERROR when pinbridge could not do its job (no credentials)', async () => {
    // Without a client and without PINTEREST_* variables, delivery is not configured.
    const broken = createPinHandler({ rateLimit: false, debug: false, onError: () => undefined });
    const previous = { ...process.env };
    delete process.env.PINTEREST_ACCESS_TOKEN;
    delete process.env.PINTEREST_AD_ACCOUNT_ID;
    try {
      const response = await broken(postPin({ events: [wireEvent({ event_id: 'otel_h_4' })] }));
      expect(response.status).toBe(500);
    } finally {
      process.env = previous;
    }
    const [span] = named('pinbridge.handler');
    expect(span.attributes).toMatchObject({
      'pinbridge.stage': 'refused',
      'pinbridge.reason': 'not_configured',
      'error.type': 'not_configured',
      'http.response.status_code': 500,
    });
    expect(span.status.code).toBe(2);
  });
});

describe('OpenTelemetry: without a provider', () => {
  it('records nothing, makes no span, builds no routine record, and still delivers', async () => {
    trace.disable();
    metrics.disable();
    // Neither a tracer nor an instrument is asked for: no span, no record, not even a no-op one.
    const getTracer = vi.spyOn(trace.getTracerProvider(), 'getTracer');
    const noopMeter = createNoopMeter();
    const instruments = [
      vi.spyOn(noopMeter, 'createCounter'),
      vi.spyOn(noopMeter, 'createHistogram'),
    ];
    try {
      const reporter = createReporter({ debug: false });
      expect(reporter.routine).toBe(false);
      const pinterest = client();
      const handler = createPinHandler({ client: pinterest, rateLimit: false, debug: false });
      const response = await handler(postPin({ events: [wireEvent({ event_id: 'otel_off_1' })] }));
      expect(response.status).toBe(202);
      expect(await pinterest.flush({ timeoutMs: 5000 })).toMatchObject({ processed: 1 });
      await pinterest.close();
      expect(getTracer).not.toHaveBeenCalled();
      for (const create of instruments) expect(create).not.toHaveBeenCalled();
      expect(spans.getFinishedSpans()).toEqual([]);
      expect(await collect()).toEqual(new Map());
    } finally {
      vi.restoreAllMocks();
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
    }
  });
});
