import { indexPath, keyPath, type Report } from './report.js';

/** Checks the value found at `path` and adds what is wrong to the report. */
export type Check = (value: unknown, path: string, report: Report) => void;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface StringOptions {
  nullable?: boolean;
  maxLength?: number;
}

export function string({ nullable = false, maxLength }: StringOptions = {}): Check {
  return (value, path, report) => {
    if (value === null && nullable) return;
    if (typeof value !== 'string') {
      report.schema(path, nullable ? 'must be a string or null' : 'must be a string');
    } else if (maxLength !== undefined && codePoints(value) > maxLength) {
      report.schema(path, `must be at most ${maxLength} characters long`);
    }
  };
}

// JSON Schema's maxLength counts characters (code points), not UTF-16 units.
function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

interface IntegerOptions {
  nullable?: boolean;
  min?: number;
  max?: number;
}

export function integer({ nullable = false, min, max }: IntegerOptions = {}): Check {
  return (value, path, report) => {
    if (value === null && nullable) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      report.schema(path, nullable ? 'must be an integer or null' : 'must be an integer');
    } else if (value < (min ?? value) || value > (max ?? value)) {
      report.schema(path, `must be ${describeRange(min, max)}`);
    }
  };
}

function describeRange(min?: number, max?: number): string {
  if (max === undefined) return `at least ${min}`;
  return min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
}

export const boolean: Check = (value, path, report) => {
  if (typeof value !== 'boolean') report.schema(path, 'must be true or false');
};

export function oneOf(values: readonly string[]): Check {
  return (value, path, report) => {
    if (typeof value !== 'string' || !values.includes(value)) {
      report.schema(path, `must be one of: ${values.join(', ')}`);
    }
  };
}

interface ArrayOptions {
  minItems?: number;
  maxItems?: number;
  /** What the items are called in messages. */
  noun?: string;
}

export function arrayOf(
  item: Check,
  { minItems, maxItems, noun = 'items' }: ArrayOptions = {},
): Check {
  return (value, path, report) => {
    if (!Array.isArray(value)) return report.schema(path, 'must be an array');
    if (minItems !== undefined && value.length < minItems) {
      report.schema(path, `must hold at least ${minItems} ${noun}`);
    }
    if (maxItems !== undefined && value.length > maxItems) {
      report.schema(path, `must hold at most ${maxItems} ${noun}, got ${value.length}`);
    }
    for (let index = 0; index < value.length && !report.full; index++) {
      item(value[index], indexPath(path, index), report);
    }
  };
}

interface ObjectOptions {
  required?: readonly string[];
  /** Whether keys not in `fields` are rejected, as the schema's `additionalProperties: false`. */
  closed?: boolean;
}

/**
 * An object with the given fields. An `undefined` value counts as absent, as it does for JSON
 * Schema validators and for `JSON.stringify`, so objects can be checked before serialization.
 */
export function object(
  fields: Readonly<Record<string, Check>>,
  { required = [], closed = true }: ObjectOptions = {},
): Check {
  return (value, path, report) => {
    if (!isObject(value)) return report.schema(path, 'must be an object');
    for (const key of required) {
      if (value[key] === undefined) report.schema(keyPath(path, key), 'is required');
    }
    for (const [key, child] of Object.entries(value)) {
      if (report.full) return;
      if (child === undefined) continue;
      if (Object.hasOwn(fields, key)) fields[key](child, keyPath(path, key), report);
      else if (closed) report.schema(keyPath(path, key), 'is not an allowed key');
    }
  };
}
