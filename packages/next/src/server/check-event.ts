import type { EventName } from '@pinbridge/core';
import { toEventName } from '@pinbridge/core';
import { CLIENT_USER_FIELDS } from './wire-format.js';

const EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const USER_FIELDS = new Set<string>(CLIENT_USER_FIELDS);

// Pinterest accepts several values per identifier; ten is more than any real visitor has.
const MAX_VALUES_PER_FIELD = 10;

/** A `{}` literal or JSON object, not an array, a Date or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
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
  return (
    Array.isArray(value) &&
    value.length <= MAX_VALUES_PER_FIELD &&
    value.every((v) => typeof v === 'string')
  );
}

// Each check: [path suffix, passes?, message]. The first failure names the body's problem.
/**
 * What is wrong with one wire event, as `[path suffix, message]`, or `undefined` when nothing is.
 *
 * @example
 * eventProblem({ name: 'add_to_cart', event_id: 'short' }); // ['.event_id', 'must match …']
 */
export function eventProblem(event: unknown, mapping?: Readonly<Record<string, EventName>>) {
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
