import { COOKIE_NAMES, readPageViewCookie } from '@pinbridge/core/wire';
import { deleteCookie, readCookie } from './cookies.js';
import { randomEventId } from './event-id.js';
import { pintrk } from './pintrk.js';
import { enqueue } from './send.js';

// Module-level, not a ref: StrictMode mounts effects twice and a layout may remount the tag, but
// one page is viewed once. A reload starts a fresh module.
let lastPage: string | undefined;

/**
 * Sends one page view from both sides with one event_id: the Tag's base `page` call, the
 * `pagevisit` conversion (the base call carries no event_id, so it cannot deduplicate) and the
 * server copy. The first page view takes its id from the cookie the server proxy minted for this
 * document request, unless the proxy already sent the server copy itself.
 */
export function sendPageView(page: string): void {
  if (page === lastPage) return;
  lastPage = page;
  const { eventId, sentByServer } = readPageViewCookie(readCookie(COOKIE_NAMES.pageView) || '');
  // Used once: a later client navigation is another page view and needs its own id.
  if (eventId) deleteCookie(COOKIE_NAMES.pageView);
  const event_id = eventId || randomEventId();
  pintrk('page');
  pintrk('track', 'pagevisit', { event_id });
  if (!sentByServer) enqueue({ name: 'page_visit', event_id });
}
