import { COOKIE_NAMES } from './cookies.js';

/**
 * Whether pinbridge may set cookies or send events for this visitor: never after an explicit
 * `denied`, and only after `granted` when the site requires consent.
 */
export function consentAllows(
  cookies: ReadonlyMap<string, string>,
  requireConsent = false,
): boolean {
  const consent = cookies.get(COOKIE_NAMES.consent);
  if (consent === 'denied') return false;
  return !requireConsent || consent === 'granted';
}
