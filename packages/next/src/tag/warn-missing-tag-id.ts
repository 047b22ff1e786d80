// Said once per page load, whichever component renders first.
let warned = false;

/**
 * The development warning of a page built without NEXT_PUBLIC_PINTEREST_TAG_ID: Next inlines it
 * into the browser bundle when the page is built, so setting it on a running server changes
 * nothing, and without it the tag never loads and no page view leaves either side. Browser only
 * (a server render has no console the developer watches). Callers guard it with
 * `process.env.NODE_ENV !== 'production'`, so production bundles drop it.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production' && !tagId) warnMissingTagId();
 */
export function warnMissingTagId(): void {
  if (warned || typeof window === 'undefined') return;
  warned = true;
  console.warn(
    '[pinbridge] NEXT_PUBLIC_PINTEREST_TAG_ID was not set when this page was built, so the ' +
      'Pinterest Tag does not load and no page view is sent. Next inlines NEXT_PUBLIC_ variables ' +
      'into the browser bundle at build time: set it (e.g. in .env.local), then restart next dev ' +
      'or rebuild.',
  );
}
