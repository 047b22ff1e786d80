const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Whether `value` already is a SHA-256 digest in hex (either case). Such values are passed through
 * lowercased instead of being normalized and hashed a second time.
 *
 * @example
 * isSha256Hex('79ADB2A2FCE5C6BA215FE5F27F532D4E7EDBAC4B6A5E09E1EF3A08084A904621'); // true
 */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}
