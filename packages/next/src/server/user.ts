import type { HashedField, UserDataInput, UserDataValue } from '@pinbridge/core';

type Value = UserDataValue | readonly UserDataValue[];

/**
 * The signed-in user as your server knows them, raw: pinbridge normalizes and hashes every value
 * before it leaves the process, and never logs one.
 *
 * @example
 * const user: PinterestUser = { email: 'ada@example.com', id: 'user_42', country: 'GB' };
 */
export interface PinterestUser {
  email?: Value;
  phone?: Value;
  /** Your own user id; sent hashed as `external_id`. */
  id?: Value;
  first_name?: Value;
  last_name?: Value;
  gender?: Value;
  /** A Date or a string such as `1990-01-31`. */
  date_of_birth?: Value;
  city?: Value;
  state?: Value;
  zip?: Value;
  country?: Value;
}

const FIELDS: Record<keyof PinterestUser, HashedField> = {
  email: 'em',
  phone: 'ph',
  id: 'external_id',
  first_name: 'fn',
  last_name: 'ln',
  gender: 'ge',
  date_of_birth: 'db',
  city: 'ct',
  state: 'st',
  zip: 'zp',
  country: 'country',
};

function toList(value: Value | undefined): UserDataValue[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? [...value] : [value as UserDataValue];
}

/**
 * `base` with every field `winner` actually has (an undefined or empty value keeps `base`'s).
 *
 * @example
 * overrideUser({ email: 'a@example.com' }, { email: undefined, id: 'u1' }); // { email: 'a@example.com', id: 'u1' }
 */
export function overrideUser(
  base: PinterestUser | null | undefined,
  winner: PinterestUser | null | undefined,
): PinterestUser {
  const present = Object.entries(winner ?? {}).filter(([, value]) => toList(value).length > 0);
  return { ...base, ...Object.fromEntries(present) };
}

/**
 * The user_data input of one event: the browser's identifiers, overridden field by field by the
 * signed-in user's (which the server trusts), with the browser id added to `external_id`.
 *
 * @example
 * mergeUserData({ em: 'typed@example.com' }, { email: 'ada@example.com' }, 'b1d');
 * // { em: ['ada@example.com'], external_id: ['b1d'] }
 */
export function mergeUserData(
  fromBrowser: UserDataInput | undefined,
  user: PinterestUser | null | undefined,
  browserId: string | undefined,
): UserDataInput {
  const trusted: UserDataInput = {};
  for (const [key, field] of Object.entries(FIELDS) as [keyof PinterestUser, HashedField][]) {
    const values = toList(user?.[key]);
    if (values.length > 0) trusted[field] = values;
  }
  const externalIds = [...toList(trusted.external_id), ...toList(browserId)];
  if (externalIds.length > 0) trusted.external_id = externalIds;
  return { ...fromBrowser, ...trusted };
}
