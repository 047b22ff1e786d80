// `@pinbridge/core/wire`: the browser↔server contract. Browser-safe: no `node:` import, no
// hashing, nothing the React hook does not need; the server imports the same module.

export { type ConsentCookie, type ConsentRule, consentAllows, consentCookieOf } from './consent.js';
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
