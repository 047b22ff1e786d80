import { consentAllows, consentCookieOf, ONE_YEAR_SECONDS } from '@pinbridge/core/wire';
import { config } from './config.js';
import { readCookie, writeCookie } from './cookies.js';
import { pintrk } from './pintrk.js';

/**
 * Whether events may leave the browser. The consent cookie is the only source of truth, read with
 * the server's own rule (`consentAllows`), because the server honours the same cookie: a decision
 * it cannot see would not be respected there.
 */
export const canSend = (): boolean =>
  consentAllows(readCookie(consentCookieOf(config.consent)[0]), config);

/**
 * Records the visitor's tracking decision: tells the Tag (`setconsent`), stores it in the consent
 * cookie the server proxy and handler honour (the `consent` of the mounted `<PinterestTag>`, or in
 * Next.js withPinterest's, written with its first granted or denied value; default
 * `_pb_consent=granted|denied`), and, when granted, lets `<PinterestTag>` load the tag and send the
 * current page view. Call it once the tag has mounted (from a handler, or a CMP callback): before
 * that, the tag's consent rule is not known yet and the default cookie is written.
 *
 * @example
 * <button onClick={() => setPinterestConsent(true)}>Accept</button>
 */
export function setPinterestConsent(granted: boolean): void {
  const [name, yes, no] = consentCookieOf(config.consent);
  writeCookie(name, granted ? yes : no, ONE_YEAR_SECONDS);
  // Absent while consent was pending: the tag then sends `setconsent` itself when it loads.
  pintrk('setconsent', granted);
  if (granted) config.onConsent?.();
}
