import { COOKIE_NAMES } from './cookies.js';

/**
 * Which cookie carries the visitor's choice and which of its values mean yes and no. The
 * server (proxy, handler) and the browser (`<PinterestTag>`, `setPinterestConsent`) read the same
 * configuration, so they never disagree about a visitor.
 *
 * @example
 * const consent: ConsentCookie = { cookie: 'cmp', granted: ['all', 'marketing'], denied: ['none'] };
 */
export interface ConsentCookie {
  /** Default `_pb_consent` (written by `setPinterestConsent()`); name your CMP's cookie instead. */
  cookie?: string;
  /** Values that grant consent; the first is what `setPinterestConsent(true)` writes. Default `['granted']`. */
  granted?: readonly string[];
  /** Values that refuse it, even when consent is not required; the first is written on refusal. Default `['denied']`. */
  denied?: readonly string[];
}

/** How pinbridge decides consent: a cookie, and whether a grant is required before anything is sent. */
export interface ConsentRule {
  consent?: ConsentCookie;
  /**
   * Send and store nothing until the cookie grants consent. Default: `true` when `consent` names a
   * cookie (configuring one means you want it honoured), else `false`. A refusal always stops it.
   */
  requireConsent?: boolean;
}

/** The cookie's name and the values written for a grant and a refusal. */
export function consentCookieOf(
  consent: ConsentCookie = {},
): [name: string, granted: string, denied: string] {
  return [
    consent.cookie ?? COOKIE_NAMES.consent,
    consent.granted?.[0] ?? 'granted',
    consent.denied?.[0] ?? 'denied',
  ];
}

/**
 * Whether pinbridge may set cookies or send events, given the consent cookie's value: never after
 * an explicit refusal, and only after a grant when consent is required.
 *
 * @example
 * consentAllows(cookies.get('cmp'), { consent: { cookie: 'cmp', granted: ['all'] } }); // true for 'all'
 */
export function consentAllows(value: string | undefined, rule: ConsentRule = {}): boolean {
  const { consent = {}, requireConsent = rule.consent !== undefined } = rule;
  if (value === undefined) return !requireConsent;
  if ((consent.denied ?? ['denied']).includes(value)) return false;
  return !requireConsent || (consent.granted ?? ['granted']).includes(value);
}
