import { unknownKeyPath } from '../key-path.js';
import type { HashedField, HashOptions, PlainUserData, UserDataInput } from '../types.js';
import { isSha256Hex } from './digest.js';
import { FIELD_RULES, HASHED_FIELDS } from './rules.js';

/** Identifiers sent in clear text: never normalized beyond trimming, never hashed. */
export const PLAIN_FIELDS = [
  'client_ip_address',
  'client_user_agent',
  'click_id',
  'partner_id',
] as const satisfies readonly (keyof PlainUserData)[];

const KNOWN_KEYS = new Set<string>([...HASHED_FIELDS, ...PLAIN_FIELDS]);

/** One value of a hashed field: normalized text to hash, or a digest to pass on as it is. */
export interface PreparedValue {
  value: string;
  digest: boolean;
}

export interface PreparedUserData {
  hashed: Partial<Record<HashedField, PreparedValue[]>>;
  plain: PlainUserData;
}

type Outcome = PreparedValue | { dropped: string } | undefined;

/**
 * Normalizes every field of `input`, removing duplicates, and tells `options.onDrop` about each
 * dropped value and ignored key by field and reason only: the raw value may be PII, and so may
 * an unknown key, named by its position (see `unknownKeyPath`).
 */
export function prepareUserData(input: UserDataInput, options: HashOptions = {}): PreparedUserData {
  const drop = options.onDrop ?? (() => {});
  const doNotHash = options.doNotHash ?? [];
  const source: UserDataInput = input ?? {};
  const prepared: PreparedUserData = { hashed: {}, plain: {} };
  const keys = Object.keys(source);
  for (let index = 0; index < keys.length; index += 1) {
    if (!KNOWN_KEYS.has(keys[index])) {
      drop({ field: unknownKeyPath('', index), reason: 'not a user_data field' });
    }
  }
  for (const field of HASHED_FIELDS) {
    const given = source[field];
    if (given === undefined) continue;
    const values: PreparedValue[] = [];
    for (const raw of Array.isArray(given) ? given : [given]) {
      const outcome = prepareValue(field, raw, doNotHash.includes(field));
      if (outcome && 'dropped' in outcome) {
        drop({ field, reason: outcome.dropped });
      } else if (outcome && !values.some((kept) => isSame(kept, outcome))) values.push(outcome);
    }
    if (values.length > 0) prepared.hashed[field] = values;
  }
  for (const field of PLAIN_FIELDS) {
    const raw: unknown = source[field];
    if (typeof raw === 'string' && raw.trim() !== '') prepared.plain[field] = raw.trim();
    else if (raw != null && typeof raw !== 'string') {
      drop({ field, reason: 'not a string' });
    }
  }
  return prepared;
}

// A field holds a handful of values at most: a scan beats building a Map and its string keys.
const isSame = (a: PreparedValue, b: PreparedValue) => a.value === b.value && a.digest === b.digest;

function prepareValue(field: HashedField, raw: unknown, doNotHash: boolean): Outcome {
  if (raw == null || raw === '') return undefined;
  const rule = FIELD_RULES[field];
  if (raw instanceof Date) {
    if (!rule.fromDate || doNotHash) return { dropped: 'unsupported type' };
    const value = rule.fromDate(raw);
    return value ? { value, digest: false } : { dropped: rule.invalid };
  }
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { dropped: 'not a finite number' };
  if (typeof raw !== 'string' && typeof raw !== 'number') return { dropped: 'unsupported type' };
  const text = String(raw);
  // A digest is the caller's own hash of a normalized value: pass it on, never hash it again.
  if (isSha256Hex(text.trim())) return { value: text.trim().toLowerCase(), digest: true };
  // doNotHash fields were hashed upstream; any other value would reach Pinterest in clear text.
  if (doNotHash) return { dropped: 'not a SHA-256 hex digest (doNotHash)' };
  const value = rule.normalize(text);
  return value === undefined ? { dropped: rule.invalid } : { value, digest: false };
}
