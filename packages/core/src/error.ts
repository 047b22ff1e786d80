/**
 * `invalid_input`: an event or a value a caller passed; `invalid_config`: an option;
 * `missing_config`: an environment variable that must be set; `missing_dependency`: an optional
 * package a setting needs is not installed; `queue_full`: a queue refused events.
 */
export type PinbridgeErrorCode =
  | 'invalid_input'
  | 'invalid_config'
  | 'missing_config'
  | 'missing_dependency'
  | 'queue_full';

/**
 * Every error pinbridge throws: a code, and the path of the offending value or option. Messages
 * name the path and the rule, never the value (it may be PII or a token).
 *
 * @example
 * new PinbridgeError('must be a positive integer', 'maxBodyBytes', 'invalid_config');
 */
export class PinbridgeError extends Error {
  override name = 'PinbridgeError';

  constructor(
    message: string,
    readonly path = '',
    readonly code: PinbridgeErrorCode = 'invalid_input',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/**
 * What a thrown value is called in a report: its class name only. A message may quote a value
 * (a user's email in a session error), and reports carry no values.
 */
export const errorName = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error;
