import { describe, expect, it } from 'vitest';
import { normalizeCountry } from '../src/user-data/country.js';
import { COUNTRIES } from '../src/user-data/country-data.js';
import { normalizeRegion } from '../src/user-data/region.js';
import { CANADIAN_REGIONS, US_REGIONS } from '../src/user-data/region-names.js';

const rows = COUNTRIES.trim()
  .split('\n')
  .map((line) => line.split(' ', 2));
const englishName = new Intl.DisplayNames(['en'], { type: 'region' });

describe('country table', () => {
  it('lists each of the 249 ISO 3166-1 countries once, with distinct alpha-3 codes', () => {
    expect(rows).toHaveLength(249);
    expect(new Set(rows.map(([alpha2]) => alpha2)).size).toBe(249);
    expect(new Set(rows.map(([, alpha3]) => alpha3)).size).toBe(249);
    for (const [alpha2, alpha3] of rows) {
      expect(alpha2).toMatch(/^[a-z]{2}$/);
      expect(alpha3).toMatch(/^[a-z]{3}$/);
    }
  });

  it('maps every alpha-2 and alpha-3 code, in any case, to the alpha-2 code', () => {
    for (const [alpha2, alpha3] of rows) {
      expect(normalizeCountry(alpha2.toUpperCase())).toBe(alpha2);
      expect(normalizeCountry(alpha3.toUpperCase())).toBe(alpha2);
      expect(normalizeCountry(alpha3)).toBe(alpha2);
    }
  });

  it("maps each country's English name (as the platform's Intl knows it) to its code", () => {
    for (const [alpha2] of rows) {
      const name = englishName.of(alpha2.toUpperCase());
      expect(name && normalizeCountry(name), name).toBe(alpha2);
    }
  });

  it.each([
    ['United States of America', 'us'],
    ['America', 'us'],
    ['Great Britain', 'gb'],
    ['England', 'gb'],
    ['Russian Federation', 'ru'],
    ['Korea, Republic of', 'kr'],
    ['North Korea', 'kp'],
    ['Viet Nam', 'vn'],
    ['Turkey', 'tr'],
    ['Türkiye', 'tr'],
    ['Czech Republic', 'cz'],
    ['Ivory Coast', 'ci'],
    ['Democratic Republic of the Congo', 'cd'],
    ['Congo', 'cg'],
    ['Holland', 'nl'],
    ['UAE', 'ae'],
    ['Deutschland', 'de'],
    ['España', 'es'],
    ['St. Lucia', 'lc'],
  ])('maps the common name %j to %j', (name, code) => {
    expect(normalizeCountry(name)).toBe(code);
  });
});

describe('region names', () => {
  it.each(Object.entries({ ...US_REGIONS, ...CANADIAN_REGIONS }))('maps %j to %j', (name, code) => {
    expect(normalizeRegion(name)).toBe(code);
    expect(normalizeRegion(name.toUpperCase())).toBe(code);
  });

  it("covers the 50 states, DC, 5 US territories and Canada's 13 provinces and territories", () => {
    expect(new Set(Object.values(US_REGIONS)).size).toBe(56);
    expect(new Set(Object.values(CANADIAN_REGIONS)).size).toBe(13);
  });
});
