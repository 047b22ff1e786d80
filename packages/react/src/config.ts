import type { ConsentRule, PinbridgeReport, ReportStage } from '@pinbridge/core/wire';

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
 * What the mounted `<PinterestTag>` publishes for `usePinterestTrack()` and
 * `setPinterestConsent()`: its props (the consent rule itself, the endpoint, the error callback)
 * and `onConsent`, which lets it load and send the current page view once consent is granted.
 */
export type Config = ConsentRule & {
  endpoint?: string;
  onError?: PinterestErrorHandler;
  onConsent?: () => void;
};

/**
 * The mounted tag's settings. Module-level rather than a context: the hook then works anywhere
 * (even above the tag) with no Provider, and costs no bytes of context plumbing.
 */
export let config: Config = {};

/** Replaces the settings as a whole, so a prop the tag no longer has is gone too. */
export const configure = (next: Config): void => {
  config = next;
};

/**
 * Reports dropped or undelivered events to `onError`, or as a warning during development. The
 * message is `reason` as text (an error's name and message, never a value of the props).
 */
export function report(
  stage: ReportStage,
  reason: unknown,
  event_ids: string[],
  details?: Partial<PinbridgeReport>,
): void {
  const record: PinbridgeReport = {
    stage,
    source: 'browser',
    event_ids,
    count: event_ids.length,
    message: `${reason}`,
    ...details,
  };
  // Analytics must never break the page: a throwing callback is swallowed. Bundlers replace
  // process.env.NODE_ENV; without one `process` is undefined and the catch keeps it quiet.
  try {
    if (config.onError) config.onError(record);
    else if (process.env.NODE_ENV !== 'production') console.warn('[pinbridge]', record);
  } catch {}
}
