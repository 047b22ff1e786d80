import type { FaultPlan } from './faults.js';
import type { InspectorLog } from './inspector/log.js';
import type { RateLimiter } from './rate-limit.js';
import type { Store } from './store.js';

/** What the routes of one running emulator share. */
export interface EmulatorState {
  /** Known once the server listens. */
  url: string;
  store: Store;
  /** The recent window the inspector pairs (GET /). */
  inspector: InspectorLog;
  faults: FaultPlan;
  latencyMs: number;
  limiter: RateLimiter | undefined;
  accessToken: string | undefined;
  adAccountIds: ReadonlySet<string> | undefined;
  maxEventAgeSeconds: number;
  now: () => number;
  log: ((line: string) => void) | undefined;
}
