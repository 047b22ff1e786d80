import type { Attributes, Span } from '@opentelemetry/api';
import type { Outcome } from '../client/request.js';
import { liveTracer, openTelemetry } from './api.js';

/** The span of one request to Pinterest's Conversions API. */
export const REQUEST_SPAN = 'pinterest.conversions.send';

/**
 * Starts the span of one POST to Pinterest, when a tracer provider is registered: a CLIENT span
 * with OpenTelemetry's HTTP client attributes (`http.request.method`, `server.address`,
 * `server.port`, `url.full`, `http.request.resend_count` on a retry) and pinbridge's own
 * (`pinbridge.batch.size`, `pinbridge.attempt`). The URL carries no secret: the token travels in
 * a header, which is never recorded.
 *
 * @example
 * const span = startRequestSpan(transport.url, entries.length, attempt);
 */
export function startRequestSpan(url: string, size: number, attempt: number): Span | undefined {
  const tracer = liveTracer();
  const api = openTelemetry();
  if (!tracer || !api) return undefined;
  const { hostname, port, protocol } = new URL(url);
  const attributes: Attributes = {
    'http.request.method': 'POST',
    'server.address': hostname,
    'server.port': Number(port) || (protocol === 'https:' ? 443 : 80),
    'url.full': url,
    'pinbridge.batch.size': size,
    'pinbridge.attempt': attempt,
  };
  if (attempt > 1) attributes['http.request.resend_count'] = attempt - 1;
  return tracer.startSpan(REQUEST_SPAN, { kind: api.SpanKind.CLIENT, attributes });
}

/**
 * Ends a request span with how the request ended: `http.response.status_code` and
 * `pinterest.request_id` (Pinterest's x-pinterest-rid) for an answer; status ERROR and
 * `error.type` (the status code, `timeout`, `network` or `closed`) for a 4xx, a 5xx or no answer.
 *
 * @example
 * endRequestSpan(span, outcome);
 */
export function endRequestSpan(span: Span, outcome: Outcome): void {
  if (outcome.kind === 'response') {
    const { status, requestId } = outcome;
    span.setAttribute('http.response.status_code', status);
    if (requestId) span.setAttribute('pinterest.request_id', requestId);
    if (status >= 400) failed(span, String(status), `HTTP ${status}: ${outcome.message}`);
  } else if (outcome.kind === 'closed') {
    failed(span, 'closed', 'the client closed during the request');
  } else failed(span, outcome.kind, outcome.message);
  span.end();
}

function failed(span: Span, type: string, message: string) {
  span.setAttribute('error.type', type);
  const code = openTelemetry()?.SpanStatusCode.ERROR;
  if (code !== undefined) span.setStatus({ code, message });
}
