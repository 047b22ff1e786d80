const HAS_NON_ASCII = /[\u0080-\uffff]/;

// A string is ASCII when encoding it writes one byte per character. encodeInto (a native copy)
// tells that several times faster than a regular expression scanning a long string; a string
// larger than the buffer (rare) is scanned instead of growing it.
const encoder = new TextEncoder();
const scratch = new Uint8Array(16 * 1024);

/**
 * Whether every character of `text` is ASCII: the fast path of whatever must treat other text
 * specially (a payload's escapes, Unicode normalization of identifiers).
 *
 * @example
 * isAscii('ada@example.com'); // true
 * isAscii('zoë'); // false
 */
export function isAscii(text: string): boolean {
  if (text.length > scratch.length) return !HAS_NON_ASCII.test(text);
  const { read, written } = encoder.encodeInto(text, scratch);
  return read === text.length && written === read;
}
