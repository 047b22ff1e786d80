// `@pinbridge/next/pages`: the Pages Router endpoint.
export type { OnReport, PinbridgeReport } from '@pinbridge/core';
export {
  type BodyError,
  type BotUserAgents,
  type ConsentOption,
  DEFAULT_BOT_USER_AGENTS,
  type LdpOptions,
  type PinErrorCode,
  type PinterestUser,
  type RateLimitOptions,
  type VisitorRegion,
} from '@pinbridge/core/server';
export type { ConsentCookie } from '@pinbridge/core/wire';
export { createPinterestApiRoute, type PinterestApiRouteOptions } from './pages/api-route.js';
