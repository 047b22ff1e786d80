import type { Span } from '@opentelemetry/api';
import type { PinbridgeReport, ReportStage } from '../report.js';
import { inSpan, liveTracer, openTelemetry } from './api.js';

/** The span of the handler's work on one /api/pin request. */
export const HANDLER_SPAN = 'pinbridge.handler';

/** How a request ended, as `pinbridge.stage` tells it. */
export type HandlerStage = 'accepted' | 'refused' | 'skipped';

/**
 * The span of one /api/pin request: it learns from the request's reports how the request ended
 * (the last of `built` (accepted), `refused` and `skipped` says it) and sets the
 * attributes once, at the end: `pinbridge.stage`, `pinbridge.reason` (the refusal's code or the
 * skip's reason), `pinbridge.event.count` and `http.response.status_code`. An `error` report
 * (pinbridge could not do its job) sets status ERROR with its code as `error.type`.
 *
 * @example
 * const span = HandlerSpan.start();
 * const response = span ? await span.run(() => handle(request)) : await handle(request);
 * span?.end(response.status);
 */
export class HandlerSpan {
  #stage: HandlerStage | undefined;
  #reason: string | undefined;
  #count = 0;
  #error: string | undefined;

  private constructor(private readonly span: Span) {}

  /** A span under the active one (the framework's HTTP server span), when a tracer provider is registered. */
  static start(): HandlerSpan | undefined {
    const span = liveTracer()?.startSpan(HANDLER_SPAN);
    return span && new HandlerSpan(span);
  }

  /** Runs the handler's work with this span active, so what it calls (getUser) nests under it. */
  run<T>(work: () => T): T {
    return inSpan(this.span, work);
  }

  /** Takes note of one report of the request. */
  note(stage: ReportStage, count: number, extra: Partial<PinbridgeReport> | undefined): void {
    if (stage === 'error') this.#error ??= String(extra?.code ?? 'error');
    else if (stage === 'built') this.#end('accepted', count, undefined);
    else if (stage === 'skipped' || stage === 'refused') {
      // A partial refusal (status 202) or a skipped duplicate comes before the built events.
      this.#end(stage, count, extra?.reason ?? extra?.code);
    }
  }

  /** Ends the span with the answer's status. */
  end(status: number): void {
    const { span } = this;
    if (this.#stage) span.setAttribute('pinbridge.stage', this.#stage);
    if (this.#reason !== undefined) span.setAttribute('pinbridge.reason', this.#reason);
    span.setAttribute('pinbridge.event.count', this.#count);
    span.setAttribute('http.response.status_code', status);
    const code = openTelemetry()?.SpanStatusCode.ERROR;
    if (this.#error !== undefined && code !== undefined) {
      span.setAttribute('error.type', this.#error);
      span.setStatus({ code, message: this.#error });
    }
    span.end();
  }

  #end(stage: HandlerStage, count: number, reason: string | number | undefined) {
    this.#stage = stage;
    this.#count = count;
    this.#reason = reason === undefined ? undefined : String(reason);
  }
}
