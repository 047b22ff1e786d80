// `@pinbridge/next/server`: the App Router endpoint and server-side sending.

export { eventIdFor } from '@pinbridge/core/wire';
export { type BotUserAgents, DEFAULT_BOT_USER_AGENTS } from './server/bots.js';
export type { ConsentOption } from './server/consent-gate.js';
export type { DebugOption } from './server/debug.js';
export { createPinterestHandler, type PinterestHandlerOptions } from './server/handler.js';
export type { LdpOptions } from './server/ldp.js';
export type { PinterestPipelineOptions } from './server/options.js';
export type { RateLimitOptions } from './server/rate-limit.js';
export type { VisitorRegion } from './server/region.js';
export type { OnReport, PinbridgeReport } from './server/report.js';
export { type ClientIpOptions, DEFAULT_TRUSTED_IP_HEADERS } from './server/request-context.js';
export type { WaitUntil } from './server/schedule.js';
export {
  type SendEventOptions,
  type SendEventResult,
  type ServerEvent,
  sendPinterestEvent,
} from './server/send-event.js';
export type { PinterestUser } from './server/user.js';
export type { BodyError, PinErrorCode, WireEvent } from './server/wire-format.js';
export type { ConsentCookie } from './shared/consent.js';
export { COOKIE_NAMES } from './shared/cookies.js';
