// `@pinbridge/next/server`: the App Router endpoint and server-side sending, over
// `@pinbridge/core/server`.

export type { OnReport, PinbridgeReport } from '@pinbridge/core';
export {
  type BodyError,
  type BotUserAgents,
  type ClientIpOptions,
  type ConsentOption,
  clientIpOf,
  DEFAULT_BOT_USER_AGENTS,
  flushPinterest,
  type GpcOption,
  getPinterestClient,
  type LdpOptions,
  type PinErrorCode,
  type PinterestUser,
  type RateLimitOptions,
  type SendEventOptions,
  type SendEventResult,
  type ServerEvent,
  sendPinterestEvent,
  setPinterestClient,
  type VisitorRegion,
  type WaitUntil,
} from '@pinbridge/core/server';
export { COOKIE_NAMES, type ConsentCookie, eventIdFor, type WireEvent } from '@pinbridge/core/wire';
export {
  createPinterestFlushRoute,
  type PinterestFlushRouteOptions,
} from './server/flush-route.js';
export { createPinterestHandler, type PinterestHandlerOptions } from './server/handler.js';
