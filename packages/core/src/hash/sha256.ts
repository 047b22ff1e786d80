import { sha256Hex as digest } from '#sha256';

// The hasher differs by runtime: node:crypto on Node (about ten times faster for short strings),
// Web Crypto everywhere else. package.json "imports" picks one; both give identical digests.
/**
 * SHA-256 of the UTF-8 bytes of `value`, as lowercase hex.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export const sha256Hex: (value: string) => Promise<string> = digest;
