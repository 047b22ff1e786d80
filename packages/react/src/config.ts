import {
  type ConsentRule,
  consentAllows,
  consentCookieOf,
  type PinbridgeReport,
  type ReportStage,
} from '@pinbridge/core/wire';
import { readCookie } from './cookies.js';

/**
 * Receives every event the browser dropped or could not deliver, as a record of pinbridge's one
 * report stream (`source: 'browser'`): `skipped` with reason `consent` (no consent), `dead` (the
 * post failed or the beacon was refused; `status` for an HTTP answer), `error` (the call could not
 * be tracked, e.g. props JSON cannot encode). It carries event ids, never the payload.
 *
 * @example
 * <PinterestTag onError={(report) => Sentry.captureMessage(report.message, { extra: report })} />
 */
export type PinterestErrorHandler = (report: PinbridgeReport) => void;

/**
 * Settings `<PinterestTag>` publishes for `usePinterestTrack()` and `setPinterestConsent()`: the
 * consent rule itself (`consent`, `requireConsent`), the endpoint and the error callback. A
 * module-level object rather than a context: the hook then works anywhere (even above the tag)
 * with no Provider, and costs no bytes of context plumbing.
 */
export const config: ConsentRule & {
  endpoint?: string;
  onError?: PinterestErrorHandler;
  /** Lets the mounted tag load and send the current page view once consent is granted. */
  onConsent?: () => void;
} = {};

/**
 * Whether events may leave the browser. The consent cookie is the only source of truth, read with
 * the server's own rule (`consentAllows`), because the server honours the same cookie: a decision
 * it cannot see would not be respected there.
 */
export const canSend = (): boolean =>
  consentAllows(readCookie(consentCookieOf(config.consent)[0]), config);

/** Reports dropped or undelivered events to `onError`, or as a warning during development. */
export function report(
  stage: ReportStage,
  message: string,
  event_ids: string[],
  details?: Partial<PinbridgeReport>,
): void {
  const record: PinbridgeReport = {
    stage,
    source: 'browser',
    event_ids,
    count: event_ids.length,
    message,
    ...details,
  };
  // Analytics must never break the page: a throwing callback is swallowed. Bundlers replace
  // process.env.NODE_ENV; without one `process` is undefined and the catch keeps it quiet.
  try {
    if (config.onError) config.onError(record);
    else if (process.env.NODE_ENV !== 'production') console.warn('[pinbridge]', record);
  } catch {}
}
