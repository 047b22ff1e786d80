/**
 * A phone number as Pinterest hashes it: digits only (country code included), leading zeros
 * removed, so the international prefix "00" disappears. NFKC first turns full-width digits
 * (common in Japanese input) into ASCII ones. Undefined when no digit is left.
 *
 * @example
 * normalizePhone('+1 (650) 555-1212'); // '16505551212'
 * normalizePhone('0049 30 1234567'); // '49301234567'
 */
export function normalizePhone(value: string): string | undefined {
  const digits = value.normalize('NFKC').replace(/\D+/g, '').replace(/^0+/, '');
  return digits || undefined;
}
