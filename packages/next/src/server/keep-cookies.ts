import { COOKIE_NAMES, ONE_YEAR_SECONDS } from '../shared/cookies.js';
import { clickIdFor, type Visitor } from './request-context.js';

const MAX_CLICK_ID_LENGTH = 512;

/**
 * Fills in the ids the proxy could not set, and returns their Set-Cookie headers. The proxy acts
 * on document requests only: when a visitor consents after landing, the landing page's `epik`
 * and a browser id exist only here. Keeping them makes every later event carry them too.
 *
 * @example
 * const setCookies = keepVisitorCookies(visitor, events.map((e) => e.url), secure);
 */
export function keepVisitorCookies(
  visitor: Visitor,
  urls: readonly (string | undefined)[],
  secure: boolean,
): string[] {
  const kept: string[] = [];
  if (!visitor.browserId) {
    visitor.browserId = crypto.randomUUID();
    kept.push(serialize(COOKIE_NAMES.browserId, visitor.browserId, secure));
  }
  if (!visitor.clickId) {
    const fromUrl = urls.map((url) => clickIdFor(visitor, url)).find(Boolean);
    if (fromUrl) {
      visitor.clickId = fromUrl.slice(0, MAX_CLICK_ID_LENGTH);
      kept.push(serialize(COOKIE_NAMES.clickId, visitor.clickId, secure));
    }
  }
  return kept;
}

// Readable by JavaScript like the proxy's: the Pinterest Tag reads `_epik` itself.
function serialize(name: string, value: string, secure: boolean): string {
  const attributes = `Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`;
  return `${name}=${encodeURIComponent(value)}; ${attributes}`;
}
