/**
 * A first-party cookie's value, or undefined: the first of that name, URI-decoded when valid, as
 * the server reads it (so both sides compare the same consent value).
 */
export function readCookie(name: string): string | undefined {
  // Split, not a RegExp: a cookie name may hold characters a pattern would interpret.
  const value = `; ${document.cookie}`.split(`; ${name}=`)[1]?.split(';')[0];
  try {
    return value && decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Writes a first-party cookie the server can read (not HttpOnly, path /, SameSite=Lax, Secure on
 * https), its value URI-encoded as the server decodes it.
 */
export function writeCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and missing in older Safari and Firefox.
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${maxAge}; SameSite=Lax${secure}`;
}

/**
 * Deletes a cookie set for path /. A negative max-age: RFC 6265 expires it at once, whereas some
 * cookie jars (happy-dom) keep a `max-age=0` cookie until the clock ticks. No Secure attribute is
 * needed, even for a Secure cookie: an https page may overwrite one (RFC 6265bis 5.7).
 */
export function deleteCookie(name: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: as above.
  document.cookie = `${name}=; path=/; max-age=-1`;
}
