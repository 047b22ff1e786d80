import { arrayOf, object } from './validate/checks.js';
import { event } from './validate/event.js';
import { Report, type ValidationResult } from './validate/report.js';

export {
  type IssueKind,
  MAX_ISSUES,
  type ValidationIssue,
  type ValidationResult,
} from './validate/report.js';

export interface ValidationOptions {
  /** The clock event_time is compared with, in milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

/** Pinterest takes 1 to 1,000 events per request. */
const MAX_EVENTS = 1000;

const requestBody = object(
  { data: arrayOf(event, { minItems: 1, maxItems: MAX_EVENTS, noun: 'events' }) },
  { required: ['data'] },
);

/**
 * Checks a Conversions API request body against Pinterest's rules: the published schema (types,
 * required fields, unknown keys, 1 to 1,000 events) and the rules it states only in prose (event
 * names, action sources, SHA-256 hashed identifiers, numbers as strings, no future event_time).
 * Each issue names its path and whether Pinterest would reject the request (`schema`) or the
 * event (`rule`). Messages never repeat the offending value, so they are safe to log.
 *
 * @example
 * const { valid, errors } = validateEvents({ data: [event] });
 * if (!valid) console.warn(errors.map((e) => `${e.path}: ${e.message}`));
 * // e.g. "data[0].user_data.em[0]: must be a SHA-256 digest (64 lowercase hex characters); ..."
 */
export function validateEvents(body: unknown, options: ValidationOptions = {}): ValidationResult {
  const report = new Report(Math.floor((options.now ?? Date.now)() / 1000));
  requestBody(body, '', report);
  return { valid: report.errors.length === 0, errors: report.errors };
}
