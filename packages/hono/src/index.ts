// `@pinbridge/hono`: pinbridge's visit cookies and /api/pin as Hono middleware, over
// `@pinbridge/core/server`.
export type { OnReport, PinbridgeReport } from '@pinbridge/core';
export {
  flushPinterest,
  getPinterestClient,
  type PinterestUser,
  type SendEventOptions,
  type SendEventResult,
  type ServerEvent,
  sendPinterestEvent,
  setPinterestClient,
} from '@pinbridge/core/server';
export { COOKIE_NAMES, type ConsentCookie, eventIdFor } from '@pinbridge/core/wire';
export { type PinterestOptions, pinterest } from './pinterest.js';
