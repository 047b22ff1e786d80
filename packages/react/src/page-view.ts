import { nanoid } from 'nanoid';
import { PAGE_VIEW_COOKIE, readCookie, writeCookie } from './cookies.js';
import { pintrk } from './pintrk.js';
import { enqueue } from './send.js';

// Module-level, not a ref: StrictMode mounts effects twice and a layout may remount the tag, but
// one page is viewed once. A reload starts a fresh module.
let lastPage: string | undefined;

/**
 * Sends one page view from both sides with one event_id: the Tag's base `page` call, the
 * `pagevisit` conversion (the base call carries no event_id, so it cannot deduplicate) and the
 * server copy. The first page view takes its id from the cookie the server proxy minted for this
 * document request; `<id>.s` means the proxy already sent the server copy itself.
 */
export function sendPageView(page: string): void {
  if (page === lastPage) return;
  lastPage = page;
  const [minted, sentByProxy] = (readCookie(PAGE_VIEW_COOKIE) || '').split('.');
  // Used once: a later client navigation is another page view and needs its own id.
  if (minted) writeCookie(PAGE_VIEW_COOKIE, '', -1);
  const event_id = minted || nanoid();
  pintrk('page');
  pintrk('track', 'pagevisit', { event_id });
  if (sentByProxy !== 's') enqueue({ name: 'page_visit', event_id });
}
