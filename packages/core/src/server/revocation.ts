import { COOKIE_NAMES } from '../wire/cookies.js';
import { setCookie } from './visitor.js';

// The cookies that identify a visitor. The consent cookie stays: it holds the refusal itself.
const VISITOR_IDS: readonly string[] = [
  COOKIE_NAMES.clickId,
  COOKIE_NAMES.browserId,
  COOKIE_NAMES.pageView,
];

/**
 * The id cookies of a visitor who refused consent that their request still carries (`_epik`,
 * `_pb_bid`, `_pb_pv`), for the answer to delete. Only an explicit refusal calls for it, never
 * consent still pending: that is every first visit before the banner is answered, and a grant
 * the server cannot read yet (a CMP that writes its cookie from script, racing the page's first
 * post) must not cost the visitor the ids of the ad click that brought them.
 *
 * @example
 * carriedVisitorIds(parseCookies('_pb_bid=b1; theme=dark')); // ['_pb_bid']
 */
export function carriedVisitorIds(cookies: ReadonlyMap<string, string>): string[] {
  return VISITOR_IDS.filter((name) => cookies.has(name));
}

/**
 * A Set-Cookie value that deletes one of pinbridge's cookies: empty, `Max-Age=0`, with the
 * attributes `setCookie` wrote it with (a browser deletes only the cookie of the same path).
 *
 * @example
 * deleteCookie('_pb_bid', true); // '_pb_bid=; Path=/; Max-Age=0; SameSite=Lax; Secure'
 */
export const deleteCookie = (name: string, secure: boolean): string =>
  setCookie(name, '', 0, secure);

/**
 * The report message of a refusal that deleted ids: the cookie names, never their values.
 *
 * @example
 * forgottenMessage(['_pb_bid']); // 'consent refused; visitor ids deleted (_pb_bid)'
 */
export const forgottenMessage = (names: readonly string[]): string =>
  `consent refused; visitor ids deleted (${names.join(', ')})`;
