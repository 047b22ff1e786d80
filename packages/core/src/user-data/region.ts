import { CANADIAN_REGIONS, US_REGIONS } from './region-names.js';
import { lookupKey } from './text.js';

const REGION_CODES = new Map(
  Object.entries({ ...US_REGIONS, ...CANADIAN_REGIONS }).map(([name, code]) => [
    lookupKey(name),
    code,
  ]),
);
/** An ISO 3166-2 subdivision such as "US-CA" or "CA-QC". */
const ISO_SUBDIVISION = /^[a-z]{2}-([a-z]{2})$/;

/**
 * A state or province as Pinterest hashes it: a two-letter lowercase code. Two-letter codes of
 * any country pass; US state and Canadian province names (accents and "&" tolerated) become
 * their codes. Undefined for anything else, such as longer codes or names of other countries.
 *
 * @example
 * normalizeRegion('California'); // 'ca'
 * normalizeRegion('N.Y.'); // 'ny'
 * normalizeRegion('Québec'); // 'qc'
 */
export function normalizeRegion(value: string): string | undefined {
  const compact = value
    .trim()
    .toLowerCase()
    .replace(/[.\s]+/g, '');
  if (/^[a-z]{2}$/.test(compact)) return compact;
  const subdivision = ISO_SUBDIVISION.exec(compact);
  if (subdivision) return subdivision[1];
  return REGION_CODES.get(lookupKey(value));
}
