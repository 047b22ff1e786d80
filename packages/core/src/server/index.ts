// `@pinbridge/core/server`: the /api/pin handler, the visit function every proxy calls, and
// server-side sending, on Web APIs only (Node, Edge middleware, workers). Framework adapters
// turn their request into a Web `Request` and call these.

export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { type ClientIpOptions, clientIpOf, ipAddress } from './client-ip.js';
export {
  DEFAULT_MAX_FLUSH_MS,
  type DeliveryOptions,
  platformWaitUntil,
  type WaitUntil,
} from './delivery.js';
export type { BodyError, PinErrorCode } from './errors.js';
export type { GetUser, PinterestUser, RejectedEvent } from './events.js';
export type { RateLimitOptions } from './guards.js';
export { createPinHandler, type HandlerContext, type PinHandler } from './handler.js';
export type { PinHandlerOptions } from './options.js';
export type {
  HeaderReader,
  IncomingRequest,
  PinAnswer,
  PinRequest,
} from './pin-request.js';
export { toResponse } from './pin-request.js';
export {
  type BotUserAgents,
  type ConsentOption,
  DEFAULT_BOT_USER_AGENTS,
  DEFAULT_MAX_EVENT_AGE_SECONDS,
  type GpcOption,
  type LdpOptions,
  type PolicyOptions,
  type VisitorRegion,
} from './policy.js';
export { type RedisDelivery, redisFromEnv } from './redis-env.js';
export {
  type SendEventOptions,
  type SendEventResult,
  type ServerEvent,
  sendPinterestEvent,
} from './send-event.js';
export {
  flushPinterest,
  getPinterestClient,
  setPinterestClient,
} from './shared-client.js';
export {
  assertVisitOptions,
  isDocumentRequest,
  type PageVisitOptions,
  type PinterestRevocation,
  type PinterestVisit,
  pinterestVisit,
  type VisitOptions,
} from './visit.js';
export { withPeerIp } from './visit-peer.js';
export { DEFAULT_MAX_EVENTS } from './wire-check.js';
