// `@pinbridge/next/server`: the App Router endpoint and server-side sending.

export { createPinterestHandler, type PinterestHandlerOptions } from './server/handler.js';
export type { PinterestPipelineOptions } from './server/pipeline.js';
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
export type { BodyError, WireEvent } from './server/wire-format.js';
export { COOKIE_NAMES } from './shared/cookies.js';
export { eventIdFor } from './shared/event-id.js';
