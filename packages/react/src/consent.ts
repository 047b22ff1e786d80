import {
  COOKIE_NAMES,
  consentAllows,
  consentCookieOf,
  ONE_YEAR_SECONDS,
} from '@pinbridge/core/wire';
import { config } from './config.js';
import { deleteCookie, readCookie, writeCookie } from './cookies.js';
import { pintrk } from './pintrk.js';

/**
 * Whether events may leave the browser. The consent cookie is the only source of truth, read with
 * the server's own rule (`consentAllows`), because the server honours the same cookie: a decision
 * it cannot see would not be respected there. A refusal found here (a CMP may write the cookie
 * without calling pinbridge) revokes, as `setPinterestConsent(false)` does.
 */
export function canSend(): boolean {
  const value = readCookie(consentCookieOf(config.consent)[0]);
  // Not required, only a refusal stops it: the values the rule reads as denied.
  if (!consentAllows(value, { ...config, requireConsent: false })) revoke();
  return consentAllows(value, config);
}

/**
 * Forgets the visitor: deletes the ids the server stored in cookies (the click id, the browser id,
 * the page view's), so that no later request carries them, and tells the Tag to stop.
 */
function revoke(): void {
  deleteCookie(COOKIE_NAMES.clickId);
  deleteCookie(COOKIE_NAMES.browserId);
  deleteCookie(COOKIE_NAMES.pageView);
  // Absent while consent was pending: the tag then never loads.
  pintrk('setconsent', false);
}

/**
 * Records the visitor's tracking decision in the consent cookie the server proxy and handler
 * honour (the `consent` of the mounted `<PinterestTag>`, or in Next.js withPinterest's, written
 * with its first granted or denied value; default `_pb_consent=granted|denied`) and tells the Tag
 * (`setconsent`). A grant lets `<PinterestTag>` load the tag and send the current page view; a
 * refusal also deletes the ids pinbridge's cookies hold (`_epik`, `_pb_bid`, `_pb_pv`). Call it
 * once the tag has mounted (from a handler, or a CMP callback): before that, the tag's consent
 * rule is not known yet and the default cookie is written.
 *
 * @example
 * <button onClick={() => setPinterestConsent(true)}>Accept</button>
 */
export function setPinterestConsent(granted: boolean): void {
  const [name, yes, no] = consentCookieOf(config.consent);
  writeCookie(name, granted ? yes : no, ONE_YEAR_SECONDS);
  if (granted) {
    // Absent while consent was pending: the tag then sends `setconsent` itself when it loads.
    pintrk('setconsent', true);
    config.onConsent?.();
  } else revoke();
}
