import { CONSENT_COOKIE, readCookie } from './cookies.js';

/**
 * Receives every dropped or undelivered event, with the event ids concerned (never the payload).
 *
 * @example
 * <PinterestTag onError={(error, eventIds) => reportToSentry(error, { eventIds })} />
 */
export type PinterestErrorHandler = (error: Error, eventIds: string[]) => void;

/**
 * Settings `<PinterestTag>` publishes for `usePinterestTrack()`. A module-level object rather than
 * a context: the hook then works anywhere (even above the tag) with no Provider, and costs no
 * bytes of context plumbing.
 */
export const config: {
  endpoint?: string;
  requireConsent?: boolean;
  onError?: PinterestErrorHandler;
  /** Lets the mounted tag load and send the current page view once consent is granted. */
  onConsent?: () => void;
} = {};

/**
 * Whether events may leave the browser. The consent cookie is the only source of truth because
 * the server honours the same cookie: a decision it cannot see would not be respected there.
 */
export function canSend(): boolean {
  const consent = readCookie(CONSENT_COOKIE);
  return consent ? consent === 'granted' : !config.requireConsent;
}

/** Reports a drop or a delivery failure to `onError`, or as a warning during development. */
export function report(problem: string, eventIds: string[]): void {
  const message = `pinbridge: ${eventIds.length} event(s) ${problem}: ${eventIds}`;
  if (config.onError) config.onError(new Error(message), eventIds);
  else {
    try {
      // Bundlers replace process.env.NODE_ENV; without one `process` is undefined: stay quiet.
      if (process.env.NODE_ENV !== 'production') console.warn(message);
    } catch {}
  }
}
