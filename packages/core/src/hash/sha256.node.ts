import { createHash } from 'node:crypto';

/**
 * SHA-256 of the UTF-8 bytes of `value`, as lowercase hex. Node's synchronous createHash is about
 * ten times faster than Web Crypto for the short strings user_data holds, so Node gets this one.
 * Async only to share its signature with the Web Crypto version.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export async function sha256Hex(value: string): Promise<string> {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
