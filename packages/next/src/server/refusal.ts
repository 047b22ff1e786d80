import type { BodyError, PinErrorCode } from './wire-format.js';

/** A request pinbridge will not process: the status, the JSON error, and any extra headers. */
export interface Refusal {
  status: number;
  error: BodyError;
  headers?: Record<string, string>;
}

/**
 * A refusal in the one shape every non-2xx answer of `/api/pin` shares.
 *
 * @example
 * return refuse(415, 'unsupported_media_type', 'must be application/json or text/plain');
 */
export function refuse(
  status: number,
  code: PinErrorCode,
  message: string,
  path = '',
  headers?: Record<string, string>,
): Refusal {
  return headers
    ? { status, error: { code, message, path }, headers }
    : { status, error: { code, message, path } };
}

/** Whether a step returned a refusal rather than its result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'error' in value && 'status' in value;
}
