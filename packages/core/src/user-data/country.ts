import { COUNTRIES } from './country-data.js';
import { lookupKey } from './text.js';

const ALPHA_2 = new Set<string>();
const ALPHA_3 = new Map<string, string>();
const NAMES = new Map<string, string>();

for (const line of COUNTRIES.trim().split('\n')) {
  const [alpha2, alpha3, names] = [line.slice(0, 2), line.slice(3, 6), line.slice(7)];
  ALPHA_2.add(alpha2);
  ALPHA_3.set(alpha3, alpha2);
  for (const name of names.split('|')) NAMES.set(lookupKey(name), alpha2);
}

/**
 * A country as Pinterest hashes it: the ISO 3166-1 alpha-2 code, lowercase. Accepts alpha-2 and
 * alpha-3 codes (dots ignored, so "U.S.A." counts) and English names ("United Kingdom", "UK").
 * Undefined for anything else, so a typo never becomes a hash that matches nobody.
 *
 * @example
 * normalizeCountry('USA'); // 'us'
 * normalizeCountry('United Kingdom'); // 'gb'
 * normalizeCountry('DEU'); // 'de'
 */
export function normalizeCountry(value: string): string | undefined {
  const code = value
    .trim()
    .toLowerCase()
    .replace(/[.\s]+/g, '');
  if (ALPHA_2.has(code)) return code;
  return ALPHA_3.get(code) ?? NAMES.get(lookupKey(value));
}
