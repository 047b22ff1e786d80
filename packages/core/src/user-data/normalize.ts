import type { HashOptions, NormalizedUserData, UserDataInput } from '../types.js';
import { prepareUserData } from './prepare.js';

/**
 * Normalizes user_data the way Pinterest hashes it, without hashing: each of the twelve hashed
 * fields becomes an array of unique normalized values (a value that already is a 64-hex digest is
 * kept lowercased); values that cannot be normalized are dropped and told to
 * `options.onDrop` by field and reason, never by value. client_ip_address, client_user_agent,
 * click_id and partner_id are trimmed strings. Empty fields and unknown keys are left out.
 *
 * @example
 * normalizeUserData({ em: ' Ada@Example.com ', ph: '+1 (650) 555-1212', country: 'USA' });
 * // { em: ['ada@example.com'], ph: ['16505551212'], country: ['us'] }
 */
export function normalizeUserData(input: UserDataInput, options?: HashOptions): NormalizedUserData {
  const { hashed, plain } = prepareUserData(input, options);
  const normalized: NormalizedUserData = {};
  for (const [field, values] of Object.entries(hashed)) {
    normalized[field as keyof typeof hashed] = values.map(({ value }) => value);
  }
  return Object.assign(normalized, plain);
}
