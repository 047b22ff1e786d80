import type { NextRequest } from 'next/server.js';

// Background requests of the App Router. Next 16 strips the Flight headers (`rsc`,
// `next-router-prefetch`) from the request a proxy sees, so `sec-fetch-dest` does the real
// work there; the header checks still matter for Next 13-15 middleware.
const BACKGROUND_HEADERS: [name: string, value?: string][] = [
  ['rsc'],
  ['next-router-prefetch'],
  ['next-router-state-tree'],
  ['x-nextjs-data'],
  ['purpose', 'prefetch'],
  ['sec-purpose', 'prefetch'],
];

// The last path segment ends in an extension: a static file, an image, a source map...
const FILE_EXTENSION = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * Whether `request` loads a page into a browser tab: a GET whose `sec-fetch-dest` is `document`
 * (or absent, for old browsers and tools), that no router prefetch or RSC fetch made, outside
 * `/_next/` and not for a file. Only these mint a page view (next-intl's `syncCookie` makes the
 * same call for its locale cookie).
 *
 * @example
 * if (isDocumentRequest(request)) applyPinterestCookies(request, response);
 */
export function isDocumentRequest(request: NextRequest): boolean {
  if (request.method !== 'GET') return false;
  const destination = request.headers.get('sec-fetch-dest');
  if (destination && destination !== 'document') return false;
  const background = BACKGROUND_HEADERS.some(([name, value]) => {
    const actual = request.headers.get(name);
    return actual !== null && (value === undefined || actual.toLowerCase().includes(value));
  });
  if (background) return false;
  const { pathname } = request.nextUrl;
  return !pathname.includes('/_next/') && !FILE_EXTENSION.test(pathname);
}
