import { isAscii } from '../ascii.js';
import { asciiDigits } from './digits.js';

/**
 * A phone number as Pinterest hashes it: digits only (country code included), leading zeros
 * removed, so the international prefix "00" disappears. Digits of any script count: NFKC turns
 * full-width digits (common in Japanese input) into ASCII ones, and the other decimal digits
 * (Arabic-Indic, Devanagari…) are mapped to theirs; ASCII input skips both. Undefined when no
 * digit is left.
 *
 * @example
 * normalizePhone('+1 (650) 555-1212'); // '16505551212'
 * normalizePhone('0049 30 1234567'); // '49301234567'
 * normalizePhone('+٩٧١ ٥٠ ١٢٣ ٤٥٦٧'); // '971501234567'
 */
export function normalizePhone(value: string): string | undefined {
  const text = isAscii(value) ? value : asciiDigits(value.normalize('NFKC'));
  const digits = text.replace(/\D+/g, '').replace(/^0+/, '');
  return digits || undefined;
}
