/** The consent decision that both this package and the server honour: `granted` | `denied`. */
export const CONSENT_COOKIE = '_pb_consent';

/**
 * The page view event_id the server proxy minted for this document request: `<id>`, or `<id>.s`
 * when the proxy already sent the server copy itself.
 */
export const PAGE_VIEW_COOKIE = '_pb_pv';

/** A first-party cookie's raw value, or undefined. */
export const readCookie = (name: string): string | undefined =>
  document.cookie.match(`(?:^|; )${name}=([^;]*)`)?.[1];

/**
 * Writes a first-party cookie the server can read (not HttpOnly, path /, SameSite=Lax, Secure on
 * https). A negative `maxAge` deletes it: RFC 6265 expires it at once, whereas some cookie jars
 * (happy-dom) keep a `max-age=0` cookie until the clock ticks.
 */
export function writeCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and missing in older Safari and Firefox.
  document.cookie = `${name}=${value}; path=/; max-age=${maxAge}; SameSite=Lax${secure}`;
}
