// `@pinbridge/core/wire`: the browser↔server contract. Browser-safe: no `node:` import, no
// hashing, and every module side-effect free, so a browser bundle keeps only what the React hook
// imports; the server imports the same module.

// The error eventIdFor throws, for config code that needs no more of core (next.config loads
// this small module instead of core's index).
export { PinbridgeError, type PinbridgeErrorCode } from '../error.js';
// The report record is part of the contract: the browser's error callback receives it too.
export type { OnReport, PinbridgeReport, ReportSource, ReportStage } from '../report.js';
export type { EventName } from '../types.js';
export {
  assertConsentRule,
  type ConsentCookie,
  type ConsentRule,
  consentAllows,
  consentCookieOf,
} from './consent.js';
export {
  COOKIE_NAMES,
  MAX_CLICK_ID_LENGTH,
  ONE_YEAR_SECONDS,
  PAGE_VIEW_MAX_AGE_SECONDS,
  pageViewCookie,
  readPageViewCookie,
} from './cookies.js';
export {
  EVENT_ID,
  WIRE_USER_FIELDS,
  type WireEvent,
  type WireUser,
  type WireUserField,
} from './event.js';
export { eventIdFor } from './event-id.js';
export {
  EVENT_NAMES,
  isEventName,
  SEMANTIC_EVENT_NAMES,
  toEventName,
  toTagEventName,
} from './events.js';
