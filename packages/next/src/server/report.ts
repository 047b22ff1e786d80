/**
 * A problem pinbridge met while turning requests into Conversions API events. It carries counts
 * and event ids only: never the token, a payload or a user's identifiers.
 *
 * @example
 * { stage: 'delivery', message: '1 of 2 events failed: Invalid em', count: 1, event_ids: ['x1y2z3w4'] }
 */
export interface PinbridgeReport {
  /**
   * `config`: no client; `user`: getUser threw; `consent`: your consent function threw (the
   * events were not sent); `bot`: a crawler's events were accepted and not forwarded; `build`: an
   * event was refused; `delivery`: Pinterest refused or never got it; `internal`: a pinbridge bug
   * (the request got a 400 `internal_error`, never a 5xx).
   */
  stage: 'config' | 'user' | 'consent' | 'bot' | 'build' | 'delivery' | 'internal';
  message: string;
  count: number;
  event_ids: string[];
}

/** Where reports go; the default writes one `[pinbridge]` line to console.error (console.warn for bots). */
export type OnReport = (report: PinbridgeReport) => void;

/**
 * The report sink for `onError`, defaulting to a log line.
 *
 * @example
 * const report = reporter(options.onError);
 * report({ stage: 'user', message: 'getUser threw TypeError', count: 1, event_ids: ['a1b2c3d4'] });
 */
export function reporter(onError?: OnReport): OnReport {
  if (onError) return onError;
  return (report) => {
    // A crawler's skipped events are expected, not a failure to page anyone about.
    const write = report.stage === 'bot' ? console.warn : console.error;
    write(
      `[pinbridge] ${report.stage}: ${report.message} (${report.count} events: ${report.event_ids.join(', ')})`,
    );
  };
}
