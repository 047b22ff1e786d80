import { isAscii } from '../ascii.js';

// Zero-width space, non-joiner and joiner, word joiner, byte-order mark: invisible when an address
// is pasted, and NFKC keeps them.
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * An email address as Pinterest hashes it: trimmed and lowercased, after NFKC (full-width
 * `ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ` reads as `jane@example.com`) and the removal of zero-width
 * characters, so every way of typing one address hashes alike. ASCII input, nearly all of it,
 * skips both. Undefined when nothing is left.
 *
 * @example
 * normalizeEmail(' Jane.Doe@Example.com '); // 'jane.doe@example.com'
 * normalizeEmail('jane\u200b.doe@example.com'); // 'jane.doe@example.com'
 */
export function normalizeEmail(value: string): string | undefined {
  const text = isAscii(value) ? value : value.normalize('NFKC').replace(ZERO_WIDTH, '');
  return text.trim().toLowerCase() || undefined;
}
