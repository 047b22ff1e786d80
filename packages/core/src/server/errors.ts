import type { PinAnswer } from './pin-request.js';

/**
 * What went wrong, by the status it answers: 400 `invalid_json`, `invalid_encoding`,
 * `forbidden_key`, `too_deep`, `too_large_value`, `invalid_body`, `invalid_event`,
 * `body_aborted` (the client stopped its upload), `internal_error` (a pinbridge bug, reported;
 * never a 5xx); 403 `forbidden_origin`; 405 `method_not_allowed` (not a POST);
 * 408 `request_timeout` (the body took longer than `bodyTimeoutMs`); 413 `payload_too_large`;
 * 415 `unsupported_media_type`; 429 `rate_limited`; 500 `not_configured` (no Pinterest
 * credentials on the server).
 */
export type PinErrorCode =
  | 'invalid_json'
  | 'invalid_encoding'
  | 'forbidden_key'
  | 'too_deep'
  | 'too_large_value'
  | 'invalid_body'
  | 'invalid_event'
  | 'internal_error'
  | 'body_aborted'
  | 'request_timeout'
  | 'forbidden_origin'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'not_configured';

/**
 * The `error` of every refusal; `path` names the offending value, e.g. `events[0].event_id`
 * (empty when the problem is the request as a whole). Messages never repeat a submitted value.
 *
 * @example
 * { code: 'invalid_body', message: 'must match [A-Za-z0-9_-]{8,64}', path: 'events[0].event_id' }
 */
export interface BodyError {
  code: PinErrorCode;
  message: string;
  path: string;
}

/** A request pinbridge will not process: the status, the JSON error, and any extra headers. */
export interface Refusal {
  status: number;
  error: BodyError;
  headers?: Record<string, string>;
}

/** A refusal in the one shape every non-2xx answer of `/api/pin` shares. */
export function refuse(
  status: number,
  code: PinErrorCode,
  message: string,
  path = '',
  headers?: Record<string, string>,
): Refusal {
  return { status, error: { code, message, path }, headers };
}

/** The 405 for any method but POST (routers that send every method to the handler: node, Pages). */
export const methodNotAllowed = (): Refusal =>
  refuse(405, 'method_not_allowed', 'use POST', '', { allow: 'POST' });

/** Whether a step returned a refusal rather than its result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'error' in value && 'status' in value;
}

/**
 * A JSON answer, for the transport to write (see `toResponse` for the Web's).
 *
 * @example
 * jsonAnswer(202, { accepted: 1, event_ids: ['V1StGXR8_Z5jdHi6'] });
 */
export const jsonAnswer = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  setCookies: readonly string[] = [],
): PinAnswer => ({ status, body: JSON.stringify(body), headers, setCookies });

/** The answer to a refusal. */
export const refusalAnswer = (refusal: Refusal): PinAnswer =>
  jsonAnswer(refusal.status, { error: refusal.error }, refusal.headers);

export { errorName } from '../error.js';
