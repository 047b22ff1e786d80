/** The first-party cookies pinbridge reads and writes (see the README's "Cookies" table). */
export const COOKIE_NAMES = {
  /** Pinterest's click id, copied from the `epik` query parameter of an ad click. */
  clickId: '_epik',
  /** A random browser id; the server hashes it into `external_id`. */
  browserId: '_pb_bid',
  /** The event_id of the current document's page view; see {@link pageViewCookie}. */
  pageView: '_pb_pv',
  /** The visitor's choice, written by `setPinterestConsent()` (see ./consent.ts). */
  consent: '_pb_consent',
} as const;

/** Lifetime of `_epik`, `_pb_bid` and `_pb_consent`. */
export const ONE_YEAR_SECONDS = 31_536_000;

/**
 * Lifetime of `_pb_pv`: long enough for the document to load and the tag to read it, short
 * enough that a later page never reuses a stale page-view id.
 */
export const PAGE_VIEW_MAX_AGE_SECONDS = 60;

/**
 * Pinterest's click ids are short base64url strings; the bound keeps a crafted link from making
 * every later request of the visitor carry a huge cookie.
 */
export const MAX_CLICK_ID_LENGTH = 512;

// Marks a page-view id whose server-side event the proxy already sent.
const SENT_BY_SERVER = '.s';

/**
 * The `_pb_pv` value: the page view's event_id, with `.s` when the server sent its copy itself
 * (the browser then only calls the Tag).
 *
 * @example
 * pageViewCookie('6f1c…', true); // '6f1c….s'
 */
export const pageViewCookie = (eventId: string, sentByServer: boolean): string =>
  sentByServer ? eventId + SENT_BY_SERVER : eventId;

/**
 * Reads a `_pb_pv` value back.
 *
 * @example
 * readPageViewCookie('6f1c….s'); // { eventId: '6f1c…', sentByServer: true }
 */
export function readPageViewCookie(value: string): { eventId: string; sentByServer: boolean } {
  const sentByServer = value.endsWith(SENT_BY_SERVER);
  return { eventId: sentByServer ? value.slice(0, -SENT_BY_SERVER.length) : value, sentByServer };
}
