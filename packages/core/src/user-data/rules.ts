import type { HashedField } from '../types.js';
import { normalizeCountry } from './country.js';
import { dateOfBirthFromDate, normalizeDateOfBirth } from './date.js';
import { normalizeEmail } from './email.js';
import { normalizeGender } from './gender.js';
import { normalizePhone } from './phone.js';
import { normalizePostcode } from './postcode.js';
import { normalizeRegion } from './region.js';
import { lettersAndDigits, lowerTrim } from './text.js';

/** How one hashed field's raw value becomes the text Pinterest hashes. */
export interface FieldRule {
  /** The normalized value, or undefined when the value cannot be normalized (and is dropped). */
  normalize(value: string): string | undefined;
  /** Only fields that may hold a Date accept one; elsewhere a Date is dropped. */
  fromDate?(date: Date): string | undefined;
  /** Why a value was dropped, for the `value_dropped` report (never the value itself). */
  invalid: string;
}

const trim = (value: string) => value.trim() || undefined;
const lower = (value: string) => lowerTrim(value) || undefined;

/**
 * The normalization of each of the twelve hashed user_data fields, in Pinterest's field order
 * (the order of the output). Ids are trimmed only: site ids and advertising ids are case-sensitive.
 */
export const FIELD_RULES: Readonly<Record<HashedField, FieldRule>> = {
  em: { normalize: normalizeEmail, invalid: 'blank' },
  ph: { normalize: normalizePhone, invalid: 'phone number without digits' },
  ge: { normalize: normalizeGender, invalid: 'not f, m or n' },
  db: {
    normalize: normalizeDateOfBirth,
    fromDate: dateOfBirthFromDate,
    invalid: 'not a valid date of birth',
  },
  ln: { normalize: lower, invalid: 'blank' },
  fn: { normalize: lower, invalid: 'blank' },
  ct: {
    normalize: (value) => lettersAndDigits(value) || undefined,
    invalid: 'city without letters',
  },
  st: { normalize: normalizeRegion, invalid: 'not a two-letter state or province' },
  zp: { normalize: normalizePostcode, invalid: 'postcode without letters or digits' },
  country: { normalize: normalizeCountry, invalid: 'not a known country' },
  external_id: { normalize: trim, invalid: 'blank' },
  hashed_maids: { normalize: trim, invalid: 'blank' },
};

/** The hashed fields, in output order. */
export const HASHED_FIELDS = Object.keys(FIELD_RULES) as HashedField[];
