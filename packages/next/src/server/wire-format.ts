/** Identifiers a browser may send; IP, user agent and click id come from the request instead. */
export const CLIENT_USER_FIELDS = [
  'em',
  'ph',
  'ge',
  'db',
  'ln',
  'fn',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
] as const;

export type ClientUserField = (typeof CLIENT_USER_FIELDS)[number];

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

/** Why a body was refused; `path` names the offending value, e.g. `events[0].event_id`. */
export interface BodyError {
  code: 'invalid_body';
  message: string;
  path: string;
}
