import type { EventName } from '@pinbridge/core';
import { toEventName } from '@pinbridge/core';

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

export type ParsedBody = { ok: true; events: WireEvent[] } | { ok: false; error: BodyError };

const EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const USER_FIELDS = new Set<string>(CLIENT_USER_FIELDS);

export const DEFAULT_MAX_EVENTS = 25;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isUserValue(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return Array.isArray(value) && value.length <= 10 && value.every((v) => typeof v === 'string');
}

// Each check: [path suffix, passes?, message]. The first failure names the body's problem.
function eventProblem(event: unknown, mapping?: Readonly<Record<string, EventName>>) {
  if (!isPlainObject(event)) return ['', 'must be an object'] as const;
  const { name, user } = event;
  const checks: [string, boolean, string][] = [
    ['.name', typeof name === 'string' && name.trim() !== '', 'must be a non-empty string'],
    [
      '.name',
      typeof name === 'string' && (name === 'custom' || toEventName(name, mapping) !== 'custom'),
      'is neither a Pinterest event name nor a known semantic name (use "custom")',
    ],
    [
      '.event_id',
      typeof event.event_id === 'string' && EVENT_ID.test(event.event_id),
      'must match [A-Za-z0-9_-]{8,64}',
    ],
    [
      '.time',
      typeof event.time === 'number' && Number.isFinite(event.time),
      'must be a number (ms since epoch)',
    ],
    ['.url', isHttpUrl(event.url), 'must be an http(s) URL'],
    ['.props', event.props === undefined || isPlainObject(event.props), 'must be an object'],
    ['.user', user === undefined || isPlainObject(user), 'must be an object'],
  ];
  const failed = checks.find(([, passes]) => !passes);
  if (failed) return [failed[0], failed[2]] as const;
  for (const [field, value] of Object.entries(user ?? {})) {
    if (!USER_FIELDS.has(field))
      return [`.user.${field}`, 'is not an accepted identifier'] as const;
    if (!isUserValue(value)) return [`.user.${field}`, 'must be a string or strings'] as const;
  }
  return undefined;
}

/**
 * Checks a request body against the wire format: `{ events: [...] }` with 1 to `maxEvents`
 * events, each with a known name, a well-formed event_id, a time, an http(s) url, and optional
 * `props` and `user` objects.
 *
 * @example
 * const parsed = parseBody(await request.json());
 * if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
 */
export function parseBody(
  body: unknown,
  options: { maxEvents?: number; mapping?: Readonly<Record<string, EventName>> } = {},
): ParsedBody {
  const max = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const fail = (path: string, message: string): ParsedBody => ({
    ok: false,
    error: { code: 'invalid_body', message, path },
  });
  if (!isPlainObject(body) || !Array.isArray(body.events))
    return fail('events', 'must be an array');
  if (body.events.length < 1 || body.events.length > max) {
    return fail('events', `must hold 1 to ${max} events`);
  }
  for (const [index, event] of body.events.entries()) {
    const problem = eventProblem(event, options.mapping);
    if (problem) return fail(`events[${index}]${problem[0]}`, problem[1]);
  }
  return { ok: true, events: body.events as WireEvent[] };
}
