import { COOKIE_NAMES } from './cookies.js';

/** Which cookie carries the visitor's choice, and which of its values mean yes and no. */
export interface ConsentCookie {
  /** Default `_pb_consent` (written by `setPinterestConsent()`); name your CMP's cookie instead. */
  cookie?: string;
  /** Values that grant consent. Default `['granted']`. */
  granted?: readonly string[];
  /** Values that refuse it, even when consent is not required. Default `['denied']`. */
  denied?: readonly string[];
}

const GRANTED = ['granted'];
const DENIED = ['denied'];

/**
 * Whether pinbridge may set cookies or send events for this visitor: never after an explicit
 * refusal, and only after a grant when the site requires consent.
 *
 * @example
 * consentAllows(parseCookies(headers.get('cookie')), true, { cookie: 'cmp', granted: ['all'] });
 */
export function consentAllows(
  cookies: ReadonlyMap<string, string>,
  requireConsent = false,
  config: ConsentCookie = {},
): boolean {
  const consent = cookies.get(config.cookie ?? COOKIE_NAMES.consent);
  if (consent === undefined) return !requireConsent;
  if ((config.denied ?? DENIED).includes(consent)) return false;
  return !requireConsent || (config.granted ?? GRANTED).includes(consent);
}

/**
 * {@link consentAllows} with the options the proxy and the handler share: configuring a consent
 * cookie means you want it honoured, so it makes consent required unless `requireConsent: false`.
 *
 * @example
 * consentFromCookies(cookies, { consent: { cookie: 'cmp', granted: ['all'] } });
 */
export function consentFromCookies(
  cookies: ReadonlyMap<string, string>,
  options: { consent?: ConsentCookie; requireConsent?: boolean },
): boolean {
  const { consent, requireConsent = consent !== undefined } = options;
  return consentAllows(cookies, requireConsent, consent);
}
