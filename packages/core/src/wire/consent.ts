import { PinbridgeError } from '../error.js';
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

// RFC 6265's cookie-name token: what a consent cookie may be called.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks a consent rule that came from configuration (withPinterest's options, the rule it
 * publishes in `NEXT_PUBLIC_PINBRIDGE`, a handler's options): a rule the browser and the server could
 * not both apply throws a PinbridgeError (`invalid_config`) naming the offending field under
 * `path`.
 *
 * @example
 * assertConsentRule({ consent: { cookie: 'cmp', granted: ['all'] } }, 'withPinterest');
 */
export function assertConsentRule(rule: unknown, path = ''): asserts rule is ConsentRule {
  const invalid = (message: string, field: string): never => {
    throw new PinbridgeError(message, path ? `${path}.${field}` : field, 'invalid_config');
  };
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new PinbridgeError('must be an object', path, 'invalid_config');
  }
  const { consent, requireConsent } = rule as Record<string, unknown>;
  if (requireConsent !== undefined && typeof requireConsent !== 'boolean') {
    invalid('must be a boolean', 'requireConsent');
  }
  if (consent === undefined) return;
  if (typeof consent !== 'object' || consent === null || Array.isArray(consent)) {
    invalid('must be an object', 'consent');
  }
  const { cookie, granted, denied } = consent as Record<string, unknown>;
  if (cookie !== undefined && !(typeof cookie === 'string' && COOKIE_NAME.test(cookie))) {
    invalid('must be a cookie name', 'consent.cookie');
  }
  for (const [key, values] of Object.entries({ granted, denied })) {
    const valid =
      Array.isArray(values) &&
      values.length > 0 &&
      values.every((value) => typeof value === 'string' && value !== '');
    if (values !== undefined && !valid) {
      invalid('must be a non-empty array of non-empty strings', `consent.${key}`);
    }
  }
}
