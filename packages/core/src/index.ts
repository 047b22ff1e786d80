export { buildEvent, type BuildOptions } from './build-event.js';
export { PinbridgeError } from './error.js';
export {
  isEventName,
  SEMANTIC_EVENT_NAMES,
  TAG_EVENT_NAMES,
  toEventName,
} from './events.js';
export { fromSemanticEvent, type SemanticOptions } from './semantic.js';
export { sha256Hex } from './hash/sha256.js';
export { hashUserData } from './user-data/hash.js';
export { normalizeUserData } from './user-data/normalize.js';
export { validateEvents, type ValidationIssue, type ValidationResult } from './validate.js';
export { createPinterestClient } from './client/create-client.js';
export { clientFromEnv } from './client/from-env.js';
export type * from './client/types.js';
export type * from './types.js';
