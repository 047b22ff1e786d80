import { type Refusal, refuse } from './refusal.js';

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

// Keys that reach Object.prototype or a constructor when some code, ours or a user's `getUser`
// merging props, assigns them with `obj[key] = …` or Object.assign. JSON.parse itself creates them
// as harmless own properties; refusing them anywhere means no later merge can go wrong.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

type Pending = { value: unknown; path: string; depth: number; key: string };

const tooLarge = (message: string, path: string) => refuse(400, 'too_large_value', message, path);

function stringProblem(value: string, path: string, key: string, limits: ShapeLimits) {
  const max = key === 'url' || key.endsWith('_url') ? limits.maxUrlLength : limits.maxStringLength;
  return value.length > max ? tooLarge(`is longer than ${max} characters`, path) : undefined;
}

function keysProblem(keys: readonly string[], path: string, limits: ShapeLimits) {
  if (keys.length > limits.maxKeys) return tooLarge(`has more than ${limits.maxKeys} keys`, path);
  for (const name of keys) {
    if (name.length > limits.maxKeyLength) {
      return tooLarge(`has a key longer than ${limits.maxKeyLength} characters`, path);
    }
    if (FORBIDDEN_KEYS.has(name)) {
      return refuse(400, 'forbidden_key', 'is a forbidden key', childPath(path, name));
    }
  }
  return undefined;
}

/**
 * The first structural problem of a parsed body: a forbidden key, too deep, too many items or
 * keys, too long a string. Walks with an explicit stack, so a deeply nested body cannot overflow
 * the call stack. The path names the value; the message never repeats it.
 *
 * @example
 * shapeProblem(JSON.parse('{"events":[{"__proto__":{}}]}')); // 400 forbidden_key at events[0].__proto__
 */
export function shapeProblem(
  body: unknown,
  limits: ShapeLimits = DEFAULT_SHAPE_LIMITS,
): Refusal | undefined {
  const stack: Pending[] = [{ value: body, path: '', depth: 0, key: '' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, path, depth, key } = next;
    if (typeof value === 'string') {
      const problem = stringProblem(value, path, key, limits);
      if (problem) return problem;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) {
      return refuse(400, 'too_deep', `nests deeper than ${limits.maxDepth} levels`, path);
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayItems) {
        return tooLarge(`holds more than ${limits.maxArrayItems} items`, path);
      }
      // Pushed in reverse so that the first problem in reading order is the one reported.
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1, key });
      }
      continue;
    }
    const keys = Object.keys(value);
    const problem = keysProblem(keys, path, limits);
    if (problem) return problem;
    for (const name of keys.reverse()) {
      const child = (value as Record<string, unknown>)[name];
      stack.push({ value: child, path: childPath(path, name), depth: depth + 1, key: name });
    }
  }
  return undefined;
}
