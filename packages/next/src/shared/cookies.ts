/** The first-party cookies pinbridge reads and writes (see the README's "Cookies" table). */
export const COOKIE_NAMES = {
  /** Pinterest's click id, copied from the `epik` query parameter of an ad click. */
  clickId: '_epik',
  /** A random browser id; the server hashes it into `external_id`. */
  browserId: '_pb_bid',
  /** The event_id of the current document's page view; `<id>.s` once the server sent it. */
  pageView: '_pb_pv',
  /** `granted` or `denied`, written by `setPinterestConsent()`. */
  consent: '_pb_consent',
} as const;

export const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

// Long enough for the document to load and the tag to read it, short enough that a later page
// never reuses a stale page-view id.
export const PAGE_VIEW_MAX_AGE_SECONDS = 60;

/** The suffix marking a page-view id whose server-side event the proxy already sent. */
export const SENT_BY_SERVER_SUFFIX = '.s';

/** The cookies of a `Cookie` request header (first value wins, values URI-decoded when valid). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 1) continue;
    const name = pair.slice(0, separator).trim();
    if (!name || cookies.has(name)) continue;
    cookies.set(name, safeDecode(pair.slice(separator + 1).trim()));
  }
  return cookies;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
