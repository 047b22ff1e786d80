// `@pinbridge/next/pages`: the Pages Router endpoint.
export { createPinterestApiRoute, type PinterestApiRouteOptions } from './pages/api-route.js';
export { type BotUserAgents, DEFAULT_BOT_USER_AGENTS } from './server/bots.js';
export type { ConsentOption } from './server/consent-gate.js';
export type { LdpOptions } from './server/ldp.js';
export type { PinterestPipelineOptions } from './server/options.js';
export type { RateLimitOptions } from './server/rate-limit.js';
export type { VisitorRegion } from './server/region.js';
export type { OnReport, PinbridgeReport } from './server/report.js';
export type { PinterestUser } from './server/user.js';
export type { BodyError, PinErrorCode } from './server/wire-format.js';
export type { ConsentCookie } from './shared/consent.js';
