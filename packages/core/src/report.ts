/**
 * The stages of an event's life, in order, as the one report stream tells them:
 *
 * - `received`: a request to /api/pin carried these events (before any check).
 * - `refused`: the request or an event was refused (`code` and `path` say why; `status` is the HTTP answer).
 * - `skipped`: accepted and deliberately not sent (`reason`: `bot`, `consent` (a refusal's
 *   deleted ids too, with no event), `ldp`, `gpc` for a Global Privacy Control opt-out under
 *   `gpc: 'drop'`, or `duplicate` for a repeated event_id of one body, one id per copy left out).
 * - `value_dropped`: one identifier or key was left out of an event (`field` and `reason`, never the value).
 * - `built`: the events are spec-exact Conversions API events.
 * - `queued`: stored in the queue.
 * - `evicted`: pushed out of a full queue, or refused by it; never sent.
 * - `sent`: posted to Pinterest (`attempt`, `status`, `requestId`).
 * - `retried`: a transient failure; released to be tried again after `delayMs`.
 * - `processed`: Pinterest accepted the event (`warning` when it added one).
 * - `failed`: Pinterest refused the event (`message` is Pinterest's error_message).
 * - `dead`: given up without a verdict (401/403, shutdown deadline, client closed).
 * - `error`: pinbridge could not do its job (no credentials, a callback threw, a bug);
 *   `code` names it.
 */
export type ReportStage =
  | 'received'
  | 'refused'
  | 'skipped'
  | 'value_dropped'
  | 'built'
  | 'queued'
  | 'evicted'
  | 'sent'
  | 'retried'
  | 'processed'
  | 'failed'
  | 'dead'
  | 'error';

/** Who wrote a report. */
export type ReportSource = 'handler' | 'proxy' | 'server' | 'client' | 'browser';

/**
 * One record of the report stream: every stage of every event, keyed by event_id, from the
 * handler, the proxy, `sendPinterestEvent`, the delivery client and the browser alike. It carries
 * ids, counts, codes, field names and Pinterest's messages: never a raw identifier, a payload or
 * the token, so it is safe to log and to ship to your telemetry.
 *
 * @example
 * { stage: 'failed', source: 'client', event_ids: ['V1StGXR8_Z5jdHi6'], count: 1, message: 'Invalid event_time.' }
 */
export interface PinbridgeReport {
  stage: ReportStage;
  source: ReportSource;
  /** The events concerned (empty when none could be read, e.g. a body that is not JSON). */
  event_ids: string[];
  count: number;
  message: string;
  /** HTTP status: of the answer given (`refused`) or of Pinterest's (`sent`, `retried`, `failed`, `dead`). */
  status?: number;
  /** A machine-readable reason: the refusal's error code, Pinterest's error code, `not_configured`… */
  code?: string | number;
  /** Where in the request body (`refused`), e.g. `events[0].event_id`. */
  path?: string;
  /** `skipped`: `bot`, `consent`, `ldp`, `gpc`, `duplicate`; `value_dropped`: why the value could not be used. */
  reason?: string;
  /** `value_dropped`: the user_data field or the key left out. */
  field?: string;
  /** Pinterest's `x-pinterest-rid`, for support tickets. */
  requestId?: string;
  /** `sent`, `retried`: delivery attempts so far, this one included. */
  attempt?: number;
  /** `retried`: when the events are tried again. */
  delayMs?: number;
  /** `processed`: Pinterest's warning_message. */
  warning?: string;
}

/** A subscriber of the report stream. */
export type OnReport = (report: PinbridgeReport) => void;

// The stages that mean an event will not reach Pinterest, or pinbridge is broken: they are
// written to console.error even without `debug`, so nothing is lost silently.
const PROBLEMS = new Set<ReportStage>(['evicted', 'failed', 'dead', 'error']);

/**
 * Whether a report tells of a loss or a fault (evicted, failed, dead, error), as opposed to the
 * normal course of an event.
 *
 * @example
 * onReport: (report) => isProblem(report) && Sentry.captureMessage(report.message, { extra: report })
 */
export const isProblem = (report: PinbridgeReport): boolean => isProblemStage(report.stage);

/** Whether records of `stage` are problems (see {@link isProblem}). */
export const isProblemStage = (stage: ReportStage): boolean => PROBLEMS.has(stage);
