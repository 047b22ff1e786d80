// `@pinbridge/next/proxy`: Web APIs only, so it runs in proxy.ts (Node) and middleware.ts (Edge).

export {
  isDocumentRequest,
  type PageVisitOptions,
  type PinterestRevocation,
  type PinterestVisit,
} from '@pinbridge/core/server';
export { COOKIE_NAMES } from '@pinbridge/core/wire';
export { applyPinterestCookies, type PinterestCookieOptions } from './proxy/apply-cookies.js';
export { type PinterestProxyOptions, pinterestProxy } from './proxy/pinterest-proxy.js';
