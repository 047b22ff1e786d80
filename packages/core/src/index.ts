export { type BuildOptions, buildEvent } from './build-event.js';
export { sleep } from './client/backoff.js';
export type { Closing } from './client/closing.js';
export { numberOption } from './client/config.js';
export { createPinterestClient } from './client/create-client.js';
export { type DrainOptions, drain } from './client/drain.js';
export { clientFromEnv } from './client/from-env.js';
export type { RequestLimiter } from './client/limiter.js';
export { flushOnShutdown, type ShutdownOptions, type ShutdownSignal } from './client/shutdown.js';
export type * from './client/types.js';
export { PinbridgeError, type PinbridgeErrorCode } from './error.js';
export { sha256Hex } from './hash/sha256.js';
export type { EventQueue, PushResult, QueuedEvent } from './queue/event-queue.js';
export { type MemoryQueueOptions, memoryQueue } from './queue/memory-queue.js';
export {
  isProblem,
  type OnReport,
  type PinbridgeReport,
  type ReportSource,
  type ReportStage,
} from './report.js';
export { createReporter, formatReport, type ReportOptions } from './reporter.js';
export { fromSemanticEvent, type SemanticOptions } from './semantic.js';
export type * from './types.js';
export { hashUserData } from './user-data/hash.js';
export { normalizeUserData } from './user-data/normalize.js';
export { HASHED_FIELDS } from './user-data/rules.js';
export {
  type IssueKind,
  MAX_ISSUES,
  type ValidationIssue,
  type ValidationOptions,
  type ValidationResult,
  validateEvents,
} from './validate.js';
export {
  EVENT_NAMES,
  isEventName,
  SEMANTIC_EVENT_NAMES,
  toEventName,
  toTagEventName,
} from './wire/events.js';
