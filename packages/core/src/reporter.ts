import { errorName } from './error.js';
import { isProblem, type OnReport, type PinbridgeReport } from './report.js';
import { loadOpenTelemetry } from './telemetry/api.js';
import { metricsLive, recordReport } from './telemetry/metrics.js';

/** How a component (handler, proxy, client) publishes its reports. */
export interface ReportOptions {
  /** Receives every record of the report stream. Default: none. */
  onReport?: OnReport;
  /** The same records, problems only (evicted, failed, dead, error). Default: none. */
  onError?: OnReport;
  /**
   * Logs every record as one `[pinbridge]` line: `true` for console.debug (problems on
   * console.error), or your own function. Default: on when `NODE_ENV` is `development`. With
   * `debug` off and neither `onReport` nor   * `onError`, problems (evicted, failed, dead, error) are still written to console.error, so
   * nothing is lost silently.
   *
   * @example
   * debug: process.env.PINBRIDGE_DEBUG === '1'
   */
  debug?: boolean | ((line: string, report: PinbridgeReport) => void);
}

const MAX_IDS_IN_LINE = 10;

/**
 * One report as a log line: source, stage, message and the first event ids.
 *
 * @example
 * formatReport({ stage: 'queued', source: 'handler', event_ids: ['a1b2c3d4'], count: 1, message: 'queued' });
 * // '[pinbridge] handler queued: queued (1 event: a1b2c3d4)'
 */
export function formatReport(report: PinbridgeReport): string {
  const { count, event_ids } = report;
  const shown = event_ids.slice(0, MAX_IDS_IN_LINE).join(', ');
  const more = event_ids.length > MAX_IDS_IN_LINE ? `, +${event_ids.length - MAX_IDS_IN_LINE}` : '';
  const ids =
    count === 0
      ? ''
      : ` (${count} event${count === 1 ? '' : 's'}${shown ? `: ${shown}${more}` : ''})`;
  return `[pinbridge] ${report.source} ${report.stage}: ${report.message}${ids}`;
}

/** Whether this process runs in development (`NODE_ENV=development`, as `next dev` sets it). */
export const isDevelopment = () => globalThis.process?.env?.NODE_ENV === 'development';

// A subscriber that throws is caught: reporting never breaks delivery.
function guarded(name: string, subscriber: OnReport, report: PinbridgeReport) {
  try {
    subscriber(report);
  } catch (error) {
    console.error(`[pinbridge] ${name} threw ${errorName(error)}`);
  }
}

/**
 * A component's report function. `routine` tells whether records that are not problems reach
 * anyone (an `onReport`, a debug log, or the OpenTelemetry metrics of a registered meter
 * provider): when they do not, a hot path may skip building them.
 */
export interface Reporter extends OnReport {
  readonly routine: boolean;
}

// A getter, shared by every reporter nobody listens to: a meter provider may be registered
// after the reporter was made.
const ROUTINE_WHEN_METERED = { get: metricsLive };

/**
 * The report function of one component: `onReport` gets every record, `onError` the problems,
 * then the debug line or, when nobody listens, console.error for problems. Every record also
 * feeds the OpenTelemetry metrics when the app registered a meter provider (see
 * `telemetry/metrics.ts`); making a reporter starts loading `@opentelemetry/api`, if installed.
 *
 * @example
 * const report = createReporter({ onReport: options.onReport, onError: options.onError, debug: options.debug });
 * report({ stage: 'skipped', source: 'handler', reason: 'bot', event_ids: ids, count: ids.length, message: 'crawler' });
 */
export function createReporter(options: ReportOptions = {}): Reporter {
  const { onReport, onError } = options;
  const debug = options.debug ?? isDevelopment();
  const log =
    typeof debug === 'function'
      ? debug
      : debug
        ? (line: string, report: PinbridgeReport) =>
            (isProblem(report) ? console.error : console.debug)(line)
        : undefined;
  void loadOpenTelemetry();
  const report: OnReport = (record) => {
    if (onReport) guarded('onReport', onReport, record);
    const problem = isProblem(record);
    if (onError && problem) guarded('onError', onError, record);
    if (log) log(formatReport(record), record);
    else if (problem && !onReport && !onError) console.error(formatReport(record));
    recordReport(record);
  };
  if (onReport || log) return Object.assign(report, { routine: true });
  return Object.defineProperty(report, 'routine', ROUTINE_WHEN_METERED) as Reporter;
}
