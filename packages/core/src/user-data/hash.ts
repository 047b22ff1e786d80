import { sha256Hex, sha256HexSync } from '../hash/sha256.js';
import type { HashedField, HashOptions, UserData, UserDataInput } from '../types.js';
import { type PreparedValue, prepareUserData } from './prepare.js';
import { HASHED_FIELDS } from './rules.js';

/**
 * Pinterest's `user_data`: the twelve hashed fields normalized (see normalizeUserData), SHA-256
 * hashed in parallel and deduplicated, as arrays of lowercase 64-hex digests. Values that already
 * are digests are kept (lowercased), not hashed again. client_ip_address, client_user_agent,
 * click_id and partner_id are never hashed.
 *
 * `options.doNotHash` names fields the caller hashed in its own pipeline: their values are only
 * trimmed and lowercased, never normalized or hashed, and a value that is not a 64-hex digest is
 * dropped (and told to `options.onDrop`) because it would otherwise reach Pinterest unhashed.
 *
 * @example
 * await hashUserData({ em: 'Ada@Example.com', country: 'United States', click_id: 'dj0yJnU9' });
 * // { em: ['<sha256 of ada@example.com>'], country: ['79adb2a2…4621'], click_id: 'dj0yJnU9' }
 */
export function hashUserData(input: UserDataInput, options?: HashOptions): Promise<UserData> {
  const userData = hashUserDataNow(input, options);
  return userData instanceof Promise ? userData : Promise.resolve(userData);
}

/**
 * {@link hashUserData}, synchronous where the runtime hashes synchronously (Node): buildEvent's
 * hot path then waits for no promise per event. Elsewhere (Web Crypto) every digest of every
 * field is computed at once, since subtle.digest is fast only in parallel.
 */
export function hashUserDataNow(
  input: UserDataInput,
  options?: HashOptions,
): UserData | Promise<UserData> {
  const { hashed, plain } = prepareUserData(input, options);
  const userData: UserData = {};
  if (sha256HexSync) {
    const hash = sha256HexSync;
    for (const field of HASHED_FIELDS) {
      const values = hashed[field];
      if (values)
        userData[field] = unique(values.map(({ value, digest }) => (digest ? value : hash(value))));
    }
    return Object.assign(userData, plain);
  }
  return digestAll(hashed).then((digested) => Object.assign(digested, plain));
}

async function digestAll(hashed: Partial<Record<HashedField, PreparedValue[]>>): Promise<UserData> {
  const fields = HASHED_FIELDS.filter((field) => hashed[field]);
  const digested = await Promise.all(
    fields.map((field) =>
      Promise.all(
        (hashed[field] ?? []).map(({ value, digest }) => (digest ? value : sha256Hex(value))),
      ),
    ),
  );
  const userData: UserData = {};
  for (const [index, field] of fields.entries()) userData[field] = unique(digested[index]);
  return userData;
}

// Duplicates again: "us" and a caller's own digest of "us" are one value.
const unique = (digests: string[]) =>
  digests.length < 2 ? digests : digests.filter((digest, at) => digests.indexOf(digest) === at);
