import type * as OpenTelemetry from '@opentelemetry/api';

type Api = typeof OpenTelemetry;

/** The instrumentation scope of every span and metric pinbridge records. */
export const SCOPE = '@pinbridge/core';

// How pinbridge finds OpenTelemetry: `@opentelemetry/api` is an optional peer, imported once, at
// run time, by the first component that reports (a client, a handler, a proxy), never by the
// browser entry. No `telemetry` option and no `instrumentPinbridge()`: what a Next app's
// instrumentation.ts does (`registerOTel()` of @vercel/otel, or the Node SDK's `start()`) is
// register global providers through that same API, and the API keeps them on globalThis, shared
// by every copy of it. So pinbridge asks the API for the global providers each time it would
// record: a provider registered before or after pinbridge started is used, with no pinbridge
// code in instrumentation.ts, and without one (or without the package) nothing is recorded.
// The name is a variable so that bundlers leave the import alone and apps without the package
// still build; where the import cannot run (edge runtimes, browsers), telemetry stays off.
let api: Api | undefined;
let loading: Promise<void> | undefined;

const load = (name: string): Promise<Api & { default?: Api }> =>
  import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ name);

/**
 * Starts loading `@opentelemetry/api` (once per process) and resolves when it is loaded or
 * known to be missing. Never rejects.
 *
 * @example
 * await loadOpenTelemetry(); // spans and metrics are recorded from now on, if a provider is registered
 */
export function loadOpenTelemetry(): Promise<void> {
  loading ??= load('@opentelemetry/api').then(
    (module) => {
      // Node gives the package's CommonJS build: named exports, and the same under `default`.
      const loaded = typeof module.trace === 'object' ? module : module.default;
      if (loaded) start(loaded);
    },
    () => undefined,
  );
  return loading;
}

// The API's own no-op tracer provider, which a ProxyTracerProvider delegates to until a real
// provider is registered: the mark of "no provider" for traces.
let noopTracers: OpenTelemetry.TracerProvider | undefined;

function start(loaded: Api) {
  noopTracers = new loaded.ProxyTracerProvider().getDelegate();
  api = loaded;
}

/** The loaded API, or undefined (not installed, not loaded yet, or not loadable here). */
export const openTelemetry = (): Api | undefined => api;

let tracers: { provider: OpenTelemetry.TracerProvider; tracer: OpenTelemetry.Tracer } | undefined;

/**
 * pinbridge's tracer when a tracer provider is registered, else undefined: without one no span
 * object is made at all (the API's no-op tracer would still allocate one per span).
 *
 * @example
 * const span = liveTracer()?.startSpan('pinterest.conversions.send');
 */
export function liveTracer(): OpenTelemetry.Tracer | undefined {
  if (!api) return undefined;
  const global = api.trace.getTracerProvider() as OpenTelemetry.TracerProvider & {
    getDelegate?: () => OpenTelemetry.TracerProvider;
  };
  const provider = global.getDelegate ? global.getDelegate() : global;
  if (provider === noopTracers) return undefined;
  if (tracers?.provider !== provider) tracers = { provider, tracer: provider.getTracer(SCOPE) };
  return tracers.tracer;
}

let meters:
  | { provider: OpenTelemetry.MeterProvider; meter: OpenTelemetry.Meter | undefined }
  | undefined;

/**
 * pinbridge's meter when a meter provider is registered, else undefined. The metrics API has no
 * proxy: the provider is looked up each time, and a meter made once per provider.
 *
 * @example
 * const meter = liveMeter();
 */
export function liveMeter(): OpenTelemetry.Meter | undefined {
  if (!api) return undefined;
  const provider = api.metrics.getMeterProvider();
  if (meters?.provider !== provider) {
    const meter = provider.getMeter(SCOPE);
    meters = { provider, meter: meter === api.createNoopMeter() ? undefined : meter };
  }
  return meters.meter;
}

/**
 * Runs `work` with `span` as the active span, so that what it starts (a fetch instrumentation's
 * HTTP span, the app's getUser queries) is recorded under it.
 *
 * @example
 * const response = await inSpan(span, () => fetch(url, init));
 */
export function inSpan<T>(span: OpenTelemetry.Span, work: () => T): T {
  if (!api) return work();
  return api.context.with(api.trace.setSpan(api.context.active(), span), work);
}

/**
 * Runs `work` outside whatever request is active: the consumer's batches mix the events of many
 * requests, so their spans are roots, not children of the request that happened to wake it.
 * Without a tracer provider it just runs `work`.
 *
 * @example
 * void outsideRequest(() => this.#claimLoop());
 */
export function outsideRequest<T>(work: () => T): T {
  if (!api || !liveTracer()) return work();
  return api.context.with(api.ROOT_CONTEXT, work);
}
