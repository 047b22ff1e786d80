/** A US ZIP code, optionally ZIP+4 ("94025-1234", "94025 1234"). */
const US_ZIP = /^(\d{5})(?:[-\s]\d{4})?$/;

/**
 * A postcode as Pinterest hashes it. A US ZIP or ZIP+4 becomes its five digits; any other postcode
 * is lowercased with spaces and punctuation removed ("SW1A 1AA" -> "sw1a1aa"), because Pinterest's
 * "digits only" wording is US-centric and stripping letters would break British or Canadian codes.
 * Undefined when no letter or digit is left.
 *
 * @example
 * normalizePostcode('94025-1234'); // '94025'
 * normalizePostcode('K1A 0B1'); // 'k1a0b1'
 */
export function normalizePostcode(value: string): string | undefined {
  const text = value.normalize('NFKC').trim();
  const zip = US_ZIP.exec(text);
  if (zip) return zip[1];
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '') || undefined;
}
