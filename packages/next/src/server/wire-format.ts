import { HASHED_FIELDS, type HashedField } from '@pinbridge/core';

/**
 * Identifiers a browser may send: every hashed field but mobile ad ids (no browser has one); IP,
 * user agent and click id come from the request instead.
 */
export type ClientUserField = Exclude<HashedField, 'hashed_maids'>;

export const CLIENT_USER_FIELDS = HASHED_FIELDS.filter(
  (field): field is ClientUserField => field !== 'hashed_maids',
);

/** One event of the browser -> server wire format (see the README's "Wire format"). */
export interface WireEvent {
  name: string;
  event_id: string;
  /** Milliseconds since the epoch. */
  time: number;
  url: string;
  props?: Record<string, unknown>;
  user?: Partial<Record<ClientUserField, string | string[]>>;
}

/**
 * What went wrong, by the status it answers: 400 `invalid_json`, `invalid_encoding`,
 * `forbidden_key`, `too_deep`, `too_large_value`, `invalid_body`, `invalid_event`,
 * `internal_error` (a pinbridge bug, reported; never a 5xx); 403 `forbidden_origin`;
 * 405 `method_not_allowed`; 413 `payload_too_large`; 415 `unsupported_media_type`;
 * 429 `rate_limited`; 500 `not_configured` (no Pinterest credentials on the server).
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
