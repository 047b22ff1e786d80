import * as nodeCrypto from 'node:crypto';

// crypto.hash (Node 20.12+) digests in one call, about twice as fast as a Hash object for the
// short strings user_data holds; older Node 20 releases have only createHash.
const oneShot = (
  nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }
).hash;

/**
 * SHA-256 of the UTF-8 bytes of `value`, as lowercase hex, synchronously: Node's hashing is
 * about ten times faster than Web Crypto for the short strings user_data holds.
 *
 * @example
 * sha256HexSync('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export const sha256HexSync: (value: string) => string = oneShot
  ? (value) => oneShot('sha256', value, 'hex')
  : (value) => nodeCrypto.createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * The same digest behind the asynchronous signature every runtime shares.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export async function sha256Hex(value: string): Promise<string> {
  return sha256HexSync(value);
}
