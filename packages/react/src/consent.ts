import { config } from './config.js';
import { CONSENT_COOKIE, writeCookie } from './cookies.js';
import { pintrk } from './pintrk.js';

const ONE_YEAR_S = 31_536_000;

/**
 * Records the visitor's tracking decision: tells the Tag (`setconsent`), stores it in the
 * `_pb_consent` cookie the server proxy and handler honour, and, when granted under
 * `requireConsent`, lets `<PinterestTag>` load the tag and send the current page view.
 *
 * @example
 * <button onClick={() => setPinterestConsent(true)}>Accept</button>
 */
export function setPinterestConsent(granted: boolean): void {
  writeCookie(CONSENT_COOKIE, granted ? 'granted' : 'denied', ONE_YEAR_S);
  // Absent while consent was pending: the tag then sends `setconsent` itself when it loads.
  pintrk('setconsent', granted);
  if (granted) config.onConsent?.();
}
