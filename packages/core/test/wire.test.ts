import { describe, expect, it } from 'vitest';
import { PinbridgeError } from '../src/error.js';
import {
  assertConsentRule,
  consentAllows,
  EVENT_ID,
  eventIdFor,
  pageViewCookie,
  readPageViewCookie,
} from '../src/wire/index.js';

describe('eventIdFor', () => {
  it('is FNV-1a 64 of the normalized name and key, so every runtime and version agrees', () => {
    // Vectors computed with an independent implementation (Python).
    expect(eventIdFor('checkout', 'ORD-001')).toBe('checkout_b6f79fb17700b53e');
    expect(eventIdFor('Order Completed', 'ü-42')).toBe('order_completed_4a37e52a934e6d1f');
  });

  it('gives ids the /api/pin handler accepts, distinct per name and key', () => {
    const ids = [
      eventIdFor('checkout', 'ORD-001'),
      eventIdFor('checkout', 'ORD-002'),
      eventIdFor('add_payment_info', 'ORD-001'),
      eventIdFor('a'.repeat(100), 'k'),
    ];
    for (const id of ids) expect(id).toMatch(EVENT_ID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(eventIdFor('checkout', 42)).toBe(eventIdFor('checkout', '42'));
  });

  it('refuses a name without letters or digits and an empty key', () => {
    expect(() => eventIdFor('  ', 'ORD-1')).toThrow(PinbridgeError);
    expect(() => eventIdFor('checkout', '')).toThrow(PinbridgeError);
  });
});

describe('page-view cookie', () => {
  it('round-trips the id and whether the server sent its copy', () => {
    expect(readPageViewCookie(pageViewCookie('pv_12345678', true))).toEqual({
      eventId: 'pv_12345678',
      sentByServer: true,
    });
    expect(readPageViewCookie(pageViewCookie('pv_12345678', false))).toEqual({
      eventId: 'pv_12345678',
      sentByServer: false,
    });
  });
});

describe('consentAllows', () => {
  it('never allows after a refusal, and needs a grant only when consent is required', () => {
    expect(consentAllows(undefined)).toBe(true);
    expect(consentAllows('denied')).toBe(false);
    expect(consentAllows(undefined, { requireConsent: true })).toBe(false);
    expect(consentAllows('granted', { requireConsent: true })).toBe(true);
  });

  it('makes consent required when a cookie is configured, unless told otherwise', () => {
    const consent = { cookie: 'cmp', granted: ['all'], denied: ['none'] };
    expect(consentAllows(undefined, { consent })).toBe(false);
    expect(consentAllows('all', { consent })).toBe(true);
    expect(consentAllows('granted', { consent })).toBe(false);
    expect(consentAllows(undefined, { consent, requireConsent: false })).toBe(true);
    expect(consentAllows('none', { consent, requireConsent: false })).toBe(false);
  });
});

describe('assertConsentRule', () => {
  it('accepts what the browser and the server can both apply', () => {
    expect(() => assertConsentRule({})).not.toThrow();
    expect(() =>
      assertConsentRule({
        consent: { cookie: 'cmp.v2', granted: ['all'], denied: ['none'] },
        requireConsent: false,
      }),
    ).not.toThrow();
  });

  it('names the offending field under the given path, as invalid_config', () => {
    const pathOf = (rule: unknown) => {
      try {
        assertConsentRule(rule, 'NEXT_PUBLIC_PINBRIDGE');
      } catch (error) {
        expect(error).toBeInstanceOf(PinbridgeError);
        expect(error).toMatchObject({ code: 'invalid_config' });
        return (error as PinbridgeError).path;
      }
      return undefined;
    };
    expect(pathOf(null)).toBe('NEXT_PUBLIC_PINBRIDGE');
    expect(pathOf({ requireConsent: 1 })).toBe('NEXT_PUBLIC_PINBRIDGE.requireConsent');
    expect(pathOf({ consent: [] })).toBe('NEXT_PUBLIC_PINBRIDGE.consent');
    expect(pathOf({ consent: { cookie: 'a;b' } })).toBe('NEXT_PUBLIC_PINBRIDGE.consent.cookie');
    expect(pathOf({ consent: { granted: [''] } })).toBe('NEXT_PUBLIC_PINBRIDGE.consent.granted');
    expect(pathOf({ consent: { denied: 'none' } })).toBe('NEXT_PUBLIC_PINBRIDGE.consent.denied');
  });
});
