import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { HashedField, UserDataValue } from '../src/types.js';
import { asciiDigits } from '../src/user-data/digits.js';
import { hashUserData } from '../src/user-data/hash.js';
import { normalizeUserData } from '../src/user-data/normalize.js';

const DIGEST = '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621';

/** The normalized values of one field given one raw value. */
const normalizeOne = (field: HashedField, value: UserDataValue) =>
  normalizeUserData({ [field]: value })[field];

describe('normalizeUserData rules', () => {
  it.each([
    ['em', ' Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['em', 'BOB@b.co', 'bob@b.co'],
    ['ph', '+1 (650) 555-1212', '16505551212'],
    ['ph', '0049 30 1234567', '49301234567'],
    ['ph', '+44 20 7946 0958', '442079460958'],
    ['ph', '１６５０５５５１２１２', '16505551212'],
    ['ph', 16505551212, '16505551212'],
    ['ge', 'F', 'f'],
    ['ge', 'Female', 'f'],
    ['ge', 'woman', 'f'],
    ['ge', 'M', 'm'],
    ['ge', ' Male ', 'm'],
    ['ge', 'man', 'm'],
    ['ge', 'non-binary', 'n'],
    ['ge', 'Nonbinary', 'n'],
    ['ge', 'non binary', 'n'],
    ['ge', 'n', 'n'],
    ['db', '19900704', '19900704'],
    ['db', '1990-07-04', '19900704'],
    ['db', '1990/07/04', '19900704'],
    ['db', '1990-07-04T00:00:00Z', '19900704'],
    ['db', '1990-07-04T23:30:00-05:00', '19900704'],
    ['db', '2000-02-29', '20000229'],
    ['db', 19900704, '19900704'],
    ['db', new Date('1990-07-04'), '19900704'],
    ['db', new Date(1990, 6, 4), '19900704'],
    ['fn', '  Ada ', 'ada'],
    ['fn', 'JOSÉ', 'josé'],
    ['ln', "O'Brien", "o'brien"],
    ['ct', 'St. Louis', 'stlouis'],
    ['ct', 'Menlo Park', 'menlopark'],
    ['ct', 'São Paulo', 'sãopaulo'],
    ['ct', 'Winston-Salem', 'winstonsalem'],
    ['st', 'California', 'ca'],
    ['st', 'CA', 'ca'],
    ['st', 'n.y.', 'ny'],
    ['st', 'New York', 'ny'],
    ['st', 'District of Columbia', 'dc'],
    ['st', 'Québec', 'qc'],
    ['st', 'Newfoundland & Labrador', 'nl'],
    ['st', 'US-TX', 'tx'],
    ['st', 'SP', 'sp'],
    ['zp', '94025-1234', '94025'],
    ['zp', '94025 1234', '94025'],
    ['zp', '02134', '02134'],
    ['zp', 94025, '94025'],
    ['zp', 'SW1A 1AA', 'sw1a1aa'],
    ['zp', 'K1A 0B1', 'k1a0b1'],
    ['zp', '1011-AB', '1011ab'],
    ['country', 'USA', 'us'],
    ['country', 'United States', 'us'],
    ['country', 'U.S.', 'us'],
    ['country', 'us', 'us'],
    ['country', 'United Kingdom', 'gb'],
    ['country', 'UK', 'gb'],
    ['country', 'GBR', 'gb'],
    ['country', 'DEU', 'de'],
    ['country', 'Germany', 'de'],
    ['country', 'the Netherlands', 'nl'],
    ['country', 'South Korea', 'kr'],
    ['country', "Côte d'Ivoire", 'ci'],
    ['country', 'Saint Kitts and Nevis', 'kn'],
    ['external_id', '  User-42 ', 'User-42'],
    ['external_id', 42, '42'],
    [
      'hashed_maids',
      ' AEBE52E7-03EE-455A-B3C4-E57283966239 ',
      'AEBE52E7-03EE-455A-B3C4-E57283966239',
    ],
  ] as [HashedField, UserDataValue, string][])('%s: %j -> %j', (field, input, expected) => {
    expect(normalizeOne(field, input)).toEqual([expected]);
  });
});

describe('normalizeUserData drops', () => {
  it.each([
    ['ge', 'x', 'not f, m or n'],
    ['ge', 'unknown', 'not f, m or n'],
    ['db', '2023-02-30', 'not a valid date of birth'],
    ['db', '1900-02-29', 'not a valid date of birth'],
    ['db', '1990-13-01', 'not a valid date of birth'],
    ['db', 'yesterday', 'not a valid date of birth'],
    ['db', '0001-01-01', 'not a valid date of birth'],
    ['db', new Date(Number.NaN), 'not a valid date of birth'],
    ['ph', 'call me', 'phone number without digits'],
    ['ph', '000', 'phone number without digits'],
    ['st', 'Bavaria', 'not a two-letter state or province'],
    ['st', 'NSW', 'not a two-letter state or province'],
    ['country', 'Atlantis', 'not a known country'],
    ['country', 'ZZ', 'not a known country'],
    ['ct', '...', 'city without letters'],
    ['zp', '--', 'postcode without letters or digits'],
    ['em', '   ', 'blank'],
    ['em', new Date(0), 'unsupported type'],
    ['em', { address: 'secret@example.com' }, 'unsupported type'],
    ['ph', Number.POSITIVE_INFINITY, 'not a finite number'],
  ] as [HashedField, UserDataValue, string][])('%s: %j is dropped (%s)', (field, input, reason) => {
    const onDrop = vi.fn();
    const result = normalizeUserData({ [field]: input }, { onDrop });
    expect(result).toEqual({});
    expect(onDrop).toHaveBeenCalledExactlyOnceWith({ field, reason });
  });

  it('never puts the raw value into the report', () => {
    const onDrop = vi.fn();
    normalizeUserData(
      { ge: 'secret-gender', db: '2023-02-30', em: 'keep@example.com' },
      { onDrop },
    );
    expect(onDrop).toHaveBeenCalledTimes(2);
    const reported = JSON.stringify(onDrop.mock.calls);
    expect(reported).not.toContain('secret-gender');
    expect(reported).not.toContain('2023-02-30');
  });

  it('drops null, undefined and empty strings silently', () => {
    const onDrop = vi.fn();
    expect(normalizeUserData({ em: ['', null, undefined], ph: null, fn: '' }, { onDrop })).toEqual(
      {},
    );
    expect(onDrop).not.toHaveBeenCalled();
  });

  it('ignores unknown keys and reports them by position only: a key may be a value', () => {
    const onDrop = vi.fn();
    const input = { em: 'a@b.co', 'raw@example.com': 'x' } as Record<string, string>;
    expect(normalizeUserData(input, { onDrop })).toEqual({ em: ['a@b.co'] });
    expect(onDrop).toHaveBeenCalledExactlyOnceWith({
      field: '[field 2]',
      reason: 'not a user_data field',
    });
  });
});

describe('normalizeUserData shape', () => {
  it('turns scalars into arrays and keeps every value of an array', () => {
    expect(normalizeUserData({ em: 'a@b.co', ph: ['650-555-1212', '+1 415 555 0000'] })).toEqual({
      em: ['a@b.co'],
      ph: ['6505551212', '14155550000'],
    });
  });

  it('removes duplicates after normalization', () => {
    const result = normalizeUserData({
      em: ['A@B.co', ' a@b.co', 'a@b.co'],
      country: ['US', 'USA', 'United States'],
      ge: ['F', 'female', 'woman'],
    });
    expect(result).toEqual({ em: ['a@b.co'], country: ['us'], ge: ['f'] });
  });

  it('passes a 64-hex digest through lowercased instead of normalizing it', () => {
    expect(normalizeOne('ph', ` ${DIGEST.toUpperCase()} `)).toEqual([DIGEST]);
    expect(normalizeOne('ge', DIGEST)).toEqual([DIGEST]);
  });

  it('trims the plain identifiers and leaves out empty ones', () => {
    const result = normalizeUserData({
      client_ip_address: ' 203.0.113.50 ',
      client_user_agent: 'Mozilla/5.0',
      click_id: '  ',
      partner_id: null,
    });
    expect(result).toEqual({ client_ip_address: '203.0.113.50', client_user_agent: 'Mozilla/5.0' });
  });

  it('does not change its input', () => {
    const input = { em: [' A@B.co '], st: 'California' };
    const copy = structuredClone(input);
    normalizeUserData(input);
    expect(input).toEqual(copy);
  });
});

describe('Unicode identifiers', () => {
  const PLAIN = 'jane.doe@example.com';
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

  it.each([
    ['full-width letters', 'ｊａｎｅ．ｄｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['a zero-width space', 'jane\u200b.doe@example.com'],
    ['a zero-width non-joiner and joiner', 'ja\u200cne.d\u200doe@example.com'],
    ['a word joiner', 'jane.doe@\u2060example.com'],
    ['a byte-order mark', '\ufeffjane.doe@example.com'],
    ['all at once, capitalised, padded', ' \u200bＪane.Doe@Example.com\u2060 '],
  ])('hashes an email with %s as the plain address', async (_, email) => {
    expect(normalizeOne('em', email)).toEqual([PLAIN]);
    expect((await hashUserData({ em: email })).em).toEqual([sha256(PLAIN)]);
  });

  it.each([
    ['Arabic-Indic', '٠١٢٣٤٥٦٧٨٩'],
    ['Extended Arabic-Indic', '۰۱۲۳۴۵۶۷۸۹'],
    ['Devanagari', '०१२३४५६७८९'],
    ['Bengali', '০১২৩৪৫৬৭৮৯'],
    ['Thai', '๐๑๒๓๔๕๖๗๘๙'],
    ['full-width', '０１２３４５６７８９'],
  ])('reads %s digits in a phone as their ASCII digits', (_, digits) => {
    expect(asciiDigits(digits)).toBe('0123456789');
    // Then the phone rule of ASCII digits applies: leading zeros go.
    expect(normalizeOne('ph', digits)).toEqual(normalizeOne('ph', '0123456789'));
    expect(normalizeOne('ph', `+49 ${digits}`)).toEqual(['490123456789']);
  });

  it('maps every decimal digit of every script to its ASCII digit', () => {
    // Intl writes numbers in each numbering system it knows: an oracle independent of core.
    const systems = Intl.supportedValuesOf('numberingSystem');
    let checked = 0;
    for (const system of systems) {
      const digits = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false })
        .format(1234567890)
        .normalize('NFC');
      if (!/^\p{Nd}{10}$/u.test(digits)) continue;
      expect(normalizeOne('ph', digits), system).toEqual(['1234567890']);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
