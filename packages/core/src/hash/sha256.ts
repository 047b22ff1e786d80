import { sha256Hex as digest, sha256HexSync as digestSync } from '#sha256';

// The hasher differs by runtime: node:crypto on Node (about ten times faster for short strings,
// and synchronous), Web Crypto everywhere else. package.json "imports" picks one; both give
// identical digests.
/**
 * SHA-256 of the UTF-8 bytes of `value`, as lowercase hex.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export const sha256Hex: (value: string) => Promise<string> = digest;

/** The synchronous hasher where the runtime has one (Node), else undefined. */
export const sha256HexSync: ((value: string) => string) | undefined = digestSync;
