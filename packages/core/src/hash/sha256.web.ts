const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** ASCII codes of '0'-'9' and 'a'-'f'. */
const HEX_DIGITS = encoder.encode('0123456789abcdef');

/**
 * SHA-256 of the UTF-8 bytes of `value`, as lowercase hex, with Web Crypto (Edge runtime,
 * workers, browsers). The hex is written as ASCII bytes and decoded once, so formatting a digest
 * allocates one string instead of one per byte.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
  const hex = new Uint8Array(digest.length * 2);
  for (let i = 0; i < digest.length; i++) {
    hex[i * 2] = HEX_DIGITS[digest[i] >> 4];
    hex[i * 2 + 1] = HEX_DIGITS[digest[i] & 15];
  }
  return decoder.decode(hex);
}

/** Web Crypto has no synchronous digest; callers fall back to {@link sha256Hex}. */
export const sha256HexSync: ((value: string) => string) | undefined = undefined;
