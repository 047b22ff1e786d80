import { sha256Hex, sha256HexSync } from '../hash/sha256.js';
import type { HashedField, HashOptions, UserData, UserDataInput } from '../types.js';
import { type PreparedValue, prepareUserData } from './prepare.js';

/**
 * Pinterest's `user_data`: the twelve hashed fields normalized (see normalizeUserData), SHA-256
 * hashed in parallel and deduplicated, as arrays of lowercase 64-hex digests. Values that already
 * are digests are kept (lowercased), not hashed again. client_ip_address, client_user_agent,
 * click_id and partner_id are never hashed.
 *
 * `options.doNotHash` names fields the caller hashed in its own pipeline: their values are only
 * trimmed and lowercased, never normalized or hashed, and a value that is not a 64-hex digest is
 * dropped (and reported to `options.debug`) because it would otherwise reach Pinterest unhashed.
 *
 * @example
 * await hashUserData({ em: 'Ada@Example.com', country: 'United States', click_id: 'dj0yJnU9' });
 * // { em: ['<sha256 of ada@example.com>'], country: ['79adb2a2…4621'], click_id: 'dj0yJnU9' }
 */
export async function hashUserData(input: UserDataInput, options?: HashOptions): Promise<UserData> {
  const { hashed, plain } = prepareUserData(input, options);
  const fields = Object.entries(hashed) as [HashedField, PreparedValue[]][];
  // On Node without a promise per digest (the hot path of every handler request); with Web
  // Crypto, every digest of every field at once, since subtle.digest is fast only in parallel.
  const digested = fields.map(([, values]) =>
    sha256HexSync
      ? values.map(({ value, digest }) => (digest ? value : sha256HexSync!(value)))
      : Promise.all(values.map(({ value, digest }) => (digest ? value : sha256Hex(value)))),
  );
  const userData: UserData = {};
  for (const [index, [field]] of fields.entries()) {
    const pending = digested[index];
    const digests = Array.isArray(pending) ? pending : await pending;
    // Duplicates again: "us" and a caller's own digest of "us" are one value.
    userData[field] = digests.filter((digest, at) => digests.indexOf(digest) === at);
  }
  return Object.assign(userData, plain);
}
