import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { HashedField } from '../src/types.js';
import { hashUserData } from '../src/user-data/hash.js';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const HASHED_FIELDS: HashedField[] = [
  'em',
  'ph',
  'ge',
  'db',
  'ln',
  'fn',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
  'hashed_maids',
];

describe('hashUserData', () => {
  it('hashes every field after normalizing it', async () => {
    const userData = await hashUserData({
      em: ' Ada@Example.com ',
      ph: '+1 (650) 555-1212',
      ge: 'Female',
      db: '1990-07-04',
      fn: 'Ada',
      ln: 'Lovelace',
      ct: 'St. Louis',
      st: 'California',
      zp: '94025-1234',
      country: 'United States',
      external_id: 'User-42',
      hashed_maids: 'AEBE52E7-03EE-455A-B3C4-E57283966239',
    });
    expect(userData).toEqual({
      em: [sha256('ada@example.com')],
      ph: [sha256('16505551212')],
      ge: [sha256('f')],
      db: [sha256('19900704')],
      fn: [sha256('ada')],
      ln: [sha256('lovelace')],
      ct: [sha256('stlouis')],
      st: [sha256('ca')],
      zp: [sha256('94025')],
      country: [sha256('us')],
      external_id: [sha256('User-42')],
      hashed_maids: [sha256('AEBE52E7-03EE-455A-B3C4-E57283966239')],
    });
    expect(userData.country).toEqual([
      '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621',
    ]);
  });

  it('passes an already hashed value through lowercased instead of hashing it again', async () => {
    const digest = sha256('ada@example.com');
    const userData = await hashUserData({ em: digest.toUpperCase(), external_id: ` ${digest} ` });
    expect(userData).toEqual({ em: [digest], external_id: [digest] });
  });

  it('removes duplicates after hashing, including a raw value and its own digest', async () => {
    const userData = await hashUserData({
      country: ['US', 'USA', sha256('us').toUpperCase()],
      em: ['a@b.co', 'c@d.co', 'A@B.CO '],
    });
    expect(userData).toEqual({ country: [sha256('us')], em: [sha256('a@b.co'), sha256('c@d.co')] });
  });

  it('never hashes the plain identifiers', async () => {
    const plain = {
      client_ip_address: '203.0.113.50',
      client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      click_id: 'dj0yJnU9abc',
      partner_id: 'ramp-123',
    };
    expect(await hashUserData({ ...plain, em: 'a@b.co' })).toEqual({
      ...plain,
      em: [sha256('a@b.co')],
    });
  });

  it('sends doNotHash fields as the caller hashed them and drops anything that is not a digest', async () => {
    const onDrop = vi.fn();
    const upstream = sha256('ADA@EXAMPLE.COM');
    const userData = await hashUserData(
      { em: [` ${upstream.toUpperCase()} `, 'ada@example.com'], ph: '650 555 1212' },
      { doNotHash: ['em'], onDrop },
    );
    expect(userData).toEqual({ em: [upstream], ph: [sha256('6505551212')] });
    expect(onDrop).toHaveBeenCalledExactlyOnceWith({
      field: 'em',
      reason: 'not a SHA-256 hex digest (doNotHash)',
    });
    expect(JSON.stringify(onDrop.mock.calls)).not.toContain('ada@example.com');
  });

  it('reports values that cannot be normalized and sends nothing for them', async () => {
    const onDrop = vi.fn();
    expect(await hashUserData({ ge: 'x', db: '2023-02-30' }, { onDrop })).toEqual({});
    expect(onDrop.mock.calls).toEqual([
      [{ field: 'ge', reason: 'not f, m or n' }],
      [{ field: 'db', reason: 'not a valid date of birth' }],
    ]);
  });

  it('gives arrays of lowercase 64-hex digests for arbitrary string inputs', async () => {
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant(''));
    const input = fc.dictionary(
      fc.constantFrom(...HASHED_FIELDS),
      fc.oneof(value, fc.array(value, { maxLength: 4 })),
    );
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const userData = await hashUserData(raw);
        for (const [field, values] of Object.entries(userData)) {
          expect(HASHED_FIELDS).toContain(field);
          expect(values.length).toBeGreaterThan(0);
          expect(new Set(values).size).toBe(values.length);
          for (const digest of values) expect(digest).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
