import { consentCookieOf, ONE_YEAR_SECONDS } from '@pinbridge/core/wire';
import { config } from './config.js';
import { writeCookie } from './cookies.js';
import { pintrk } from './pintrk.js';

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
