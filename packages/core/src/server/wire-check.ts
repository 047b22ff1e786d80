import { joinPath, unknownKeyPath } from '../key-path.js';
import { moneyProblem } from '../money.js';
import { MONEY_ITEM_PROPS, MONEY_PROPS, PROP_KEYS } from '../semantic.js';
import type { EventName } from '../types.js';
import { PLAIN_FIELDS } from '../user-data/prepare.js';
import { HASHED_FIELDS } from '../user-data/rules.js';
import { EVENT_ID, WIRE_USER_FIELDS, type WireEvent } from '../wire/event.js';
import { isEventName } from '../wire/events.js';
import { type Refusal, refuse } from './errors.js';

/** Structural caps applied to every value of a body before any field is read. */
export interface ShapeLimits {
  /** Deepest nesting of objects and arrays; the wire format needs 6 (`events[].props.contents[]`). */
  maxDepth: number;
  /** Items in any array (contents, content_ids, products…). */
  maxArrayItems: number;
  /** Keys in any object. */
  maxKeys: number;
  /** Characters in a key. */
  maxKeyLength: number;
  /** Characters in a string under a `url` or `*_url` key (browsers send URLs up to ~2 KB safely). */
  maxUrlLength: number;
  /** Characters in any other string: names, ids, props, identifiers. */
  maxStringLength: number;
}

export const DEFAULT_SHAPE_LIMITS: ShapeLimits = {
  maxDepth: 10,
  maxArrayItems: 100,
  maxKeys: 64,
  maxKeyLength: 128,
  maxUrlLength: 2048,
  maxStringLength: 512,
};

/** The default largest batch one request may carry. */
export const DEFAULT_MAX_EVENTS = 25;

// Keys that reach Object.prototype or a constructor when some code, ours or a user's `getUser`
// merging props, assigns them with `obj[key] = …` or Object.assign. JSON.parse itself creates them
// as harmless own properties; refusing them anywhere means no later merge can go wrong.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const EVENT_KEYS = [
  'name',
  'event_id',
  'time',
  'url',
  'props',
  'user',
] as const satisfies readonly (keyof WireEvent)[];

// The keys a path may write out: the wire's own, the props vocabulary and Pinterest's user_data
// fields. Any other key is named by its position (see unknownKeyPath): it may be a value, such as
// a visitor's email.
const NAMED_KEYS = new Set<string>([
  'events',
  ...EVENT_KEYS,
  ...PROP_KEYS,
  ...HASHED_FIELDS,
  ...PLAIN_FIELDS,
]);

/** The path of `key`, one of `keys` (its object's), under `path`. */
function childPath(path: string, key: string, keys: readonly string[] | undefined): string {
  return NAMED_KEYS.has(key) ? joinPath(path, key) : unknownKeyPath(path, keys?.indexOf(key) ?? 0);
}

const tooLargeValue = (message: string, path: string) =>
  refuse(400, 'too_large_value', message, path);

/** An object or array being walked: its keys (none for an array) and where it sits. */
interface Frame {
  value: object;
  keys: string[] | undefined;
  index: number;
  depth: number;
  parent: Frame | undefined;
  /** Its key or index in the parent. */
  key: string | number;
  /** The object key it hangs under (for an array's items, the array's): `url` keys may be longer. */
  name: string;
}

// Paths are built only for the problem found: the walk itself allocates none.
function pathOf(parent: Frame | undefined, key: string | number): string {
  if (!parent) return '';
  // Each step: a key or an index, and the object or array it is in.
  const steps: [container: Frame, key: string | number][] = [[parent, key]];
  for (let frame = parent; frame.parent; frame = frame.parent)
    steps.push([frame.parent, frame.key]);
  let path = '';
  for (let index = steps.length - 1; index >= 0; index -= 1) {
    const [container, part] = steps[index];
    path = typeof part === 'number' ? `${path}[${part}]` : childPath(path, part, container.keys);
  }
  return path;
}

function containerProblem(frame: Frame, limits: ShapeLimits): Refusal | undefined {
  const path = () => pathOf(frame.parent, frame.key);
  if (frame.depth >= limits.maxDepth) {
    return refuse(400, 'too_deep', `nests deeper than ${limits.maxDepth} levels`, path());
  }
  const { keys } = frame;
  if (!keys) {
    const items = (frame.value as unknown[]).length;
    return items > limits.maxArrayItems
      ? tooLargeValue(`holds more than ${limits.maxArrayItems} items`, path())
      : undefined;
  }
  if (keys.length > limits.maxKeys) {
    return tooLargeValue(`has more than ${limits.maxKeys} keys`, path());
  }
  for (const name of keys) {
    if (name.length > limits.maxKeyLength) {
      return tooLargeValue(`has a key longer than ${limits.maxKeyLength} characters`, path());
    }
    if (FORBIDDEN_KEYS.has(name)) {
      return refuse(400, 'forbidden_key', 'is a forbidden key', joinPath(path(), name));
    }
  }
  return undefined;
}

/**
 * The first structural problem of a parsed body, in reading order: a forbidden key, too deep,
 * too many items or keys, too long a string. Walks with an explicit stack, so a deeply nested
 * body cannot overflow the call stack. The path names the value; the message never repeats it.
 *
 * @example
 * shapeProblem(JSON.parse('{"events":[{"__proto__":{}}]}')); // 400 forbidden_key at events[0].__proto__
 */
function shapeProblem(
  body: unknown,
  limits: ShapeLimits = DEFAULT_SHAPE_LIMITS,
): Refusal | undefined {
  const stack: Frame[] = [];
  const enter = (
    value: unknown,
    parent: Frame | undefined,
    key: string | number,
    name: string,
    depth: number,
  ): Refusal | undefined => {
    if (typeof value === 'string') {
      const url = name === 'url' || name.endsWith('_url');
      const max = url ? limits.maxUrlLength : limits.maxStringLength;
      if (value.length <= max) return undefined;
      return tooLargeValue(`is longer than ${max} characters`, pathOf(parent, key));
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    const frame: Frame = { value, keys, index: 0, depth, parent, key, name };
    const problem = containerProblem(frame, limits);
    if (!problem) stack.push(frame);
    return problem;
  };
  const problem = enter(body, undefined, '', '', 0);
  if (problem) return problem;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const { keys } = frame;
    const length = keys ? keys.length : (frame.value as unknown[]).length;
    if (frame.index >= length) {
      stack.pop();
      continue;
    }
    const index = frame.index++;
    const key = keys ? keys[index] : index;
    const child = (frame.value as Record<string | number, unknown>)[key];
    const found = enter(child, frame, key, keys ? (key as string) : frame.name, frame.depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A `{}` literal or JSON object, not an array, a Date or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^https?:/i.test(value)) return false;
  return URL.canParse(value);
}

const USER_FIELDS = new Set<string>(WIRE_USER_FIELDS);

// Pinterest accepts several values per identifier; ten is more than any real visitor has.
const MAX_VALUES_PER_FIELD = 10;

function isUserValue(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return (
    Array.isArray(value) &&
    value.length <= MAX_VALUES_PER_FIELD &&
    value.every((item) => typeof item === 'string')
  );
}

/** How strict {@link eventProblem} is about one event. */
export interface EventRules {
  /**
   * Other names accepted for the Pinterest events they map to (server code: core's semantic
   * table or the caller's). Without it, as for the browser's events, only Pinterest's names pass:
   * the Tag copy of a browser event carries its name unmapped, and both copies must name one event.
   */
  mapping?: Readonly<Record<string, EventName>>;
  /** Server code may omit the url (a webhook has no page); the browser always has one. */
  urlOptional?: boolean;
}

/**
 * What is wrong with one wire event, as `[path suffix, message]`, or `undefined` when nothing is:
 * a known name, an event_id by the wire's rule, a numeric time, an http(s) url, and optional
 * `props` and `user` objects whose identifiers are strings.
 *
 * @example
 * eventProblem({ name: 'add_to_cart', event_id: 'short' }); // ['.event_id', 'must match …']
 */
export function eventProblem(
  event: unknown,
  rules: EventRules = {},
): readonly [path: string, message: string] | undefined {
  if (!isPlainObject(event)) return ['', 'must be an object'];
  const { name, event_id, time, url, props, user } = event;
  if (typeof name !== 'string' || name.trim() === '')
    return ['.name', 'must be a non-empty string'];
  if (!isEventName(name) && !(rules.mapping && Object.hasOwn(rules.mapping, name))) {
    return rules.mapping
      ? ['.name', 'is neither a Pinterest event name nor a known semantic name (use "custom")']
      : ['.name', 'must be a Pinterest event name, e.g. add_to_cart (or "custom")'];
  }
  if (typeof event_id !== 'string' || !EVENT_ID.test(event_id)) {
    return ['.event_id', 'must match [A-Za-z0-9_-]{8,64}'];
  }
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    return ['.time', 'must be a number (milliseconds since the epoch, or seconds)'];
  }
  if (!(url === undefined && rules.urlOptional) && !isHttpUrl(url)) {
    return ['.url', 'must be an http(s) URL'];
  }
  if (props !== undefined) {
    if (!isPlainObject(props)) return ['.props', 'must be an object'];
    const money = moneyPropsProblem(props);
    if (money) return money;
  }
  if (user === undefined) return undefined;
  if (!isPlainObject(user)) return ['.user', 'must be an object'];
  const fields = Object.keys(user);
  for (const field of fields) {
    if (!USER_FIELDS.has(field)) {
      return [childPath('.user', field, fields), 'is not an accepted identifier'];
    }
    if (!isUserValue(user[field])) return [`.user.${field}`, 'must be a string or strings'];
  }
  return undefined;
}

/**
 * The first amount of money in props that buildEvent would refuse (negative, non-finite, not a
 * number), as `[path suffix, message]`: refused before anything is built, whichever of the
 * Pinterest, Tag or Segment names carries it.
 */
function moneyPropsProblem(
  props: Record<string, unknown>,
): readonly [path: string, message: string] | undefined {
  for (const key of MONEY_PROPS) {
    const problem = props[key] == null ? undefined : moneyProblem(props[key]);
    if (problem) return [`.props.${key}`, problem];
  }
  for (const list of ['contents', 'line_items', 'products'] as const) {
    const items = props[list];
    if (!Array.isArray(items)) continue;
    const key = MONEY_ITEM_PROPS[list];
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      const problem =
        isPlainObject(item) && item[key] != null ? moneyProblem(item[key]) : undefined;
      if (problem) return [`.props.${list}[${index}].${key}`, problem];
    }
  }
  return undefined;
}

/**
 * The events of a body checked against the wire format: first its shape (see
 * {@link shapeProblem}), then `{ events: [...] }` with 1 to `maxEvents` events, each passing
 * {@link eventProblem}. Answers 400 with the path of the first problem.
 *
 * @example
 * const events = wireEvents(JSON.parse(text), { maxEvents: 25 });
 * if (isRefusal(events)) return refusalAnswer(events);
 */
export function wireEvents(
  body: unknown,
  options: {
    maxEvents: number;
    shapeLimits: ShapeLimits;
  },
): WireEvent[] | Refusal {
  const shape = shapeProblem(body, options.shapeLimits);
  if (shape) return shape;
  const invalid = (path: string, message: string) => refuse(400, 'invalid_body', message, path);
  if (!isPlainObject(body) || !Array.isArray(body.events))
    return invalid('events', 'must be an array');
  const { events } = body;
  if (events.length < 1 || events.length > options.maxEvents) {
    return invalid('events', `must hold 1 to ${options.maxEvents} events`);
  }
  for (let index = 0; index < events.length; index += 1) {
    const problem = eventProblem(events[index]);
    if (problem) return invalid(`events[${index}]${problem[0]}`, problem[1]);
  }
  return events as WireEvent[];
}
