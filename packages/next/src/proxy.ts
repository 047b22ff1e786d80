// `@pinbridge/next/proxy`: Web APIs only, so it runs in proxy.ts (Node) and middleware.ts (Edge).

export { applyPinterestCookies } from './proxy/apply-cookies.js';
export { isDocumentRequest } from './proxy/is-document-request.js';
export { type PinterestProxyOptions, pinterestProxy } from './proxy/pinterest-proxy.js';
export type { PageVisitOptions } from './proxy/send-page-visit.js';
export type { PinterestCookieOptions, PinterestVisit } from './proxy/visit.js';
export { COOKIE_NAMES } from './shared/cookies.js';
