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
 * https). `maxAge` 0 deletes it.
 */
export function writeCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${value}; path=/; max-age=${maxAge}; SameSite=Lax${secure}`;
}
