import { HASHED_FIELDS } from '@pinbridge/core';

const HASHED = new Set<string>(HASHED_FIELDS);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A copy of an event or tag call fit to show: hashes shortened, a field that should be hashed
 * but holds something else replaced by a note of its length (a tag can be given a raw email),
 * and the client IP cut to its network part. GET /_emulator/events keeps the copies whole.
 *
 * @example
 * redact({ user_data: { em: ['jane@example.com'], client_ip_address: '203.0.113.7' } });
 * // { user_data: { em: ['(not hashed, 16 characters)'], client_ip_address: '203.0.113.x' } }
 */
export function redact(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([field, item]) => [field, redact(item, field)]),
    );
  }
  if (HASHED.has(key)) {
    const hashed = typeof value === 'string' && SHA256_HEX.test(value);
    return hashed ? shortHash(value) : `(not hashed, ${String(value).length} characters)`;
  }
  if (key === 'client_ip_address' && typeof value === 'string') return maskIp(value);
  return value;
}

/**
 * A shortened hash: enough to compare two copies by eye, too little to look anything up.
 *
 * @example
 * shortHash('8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d'); // '8c87b4…b52d'
 */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 6)}…${hash.slice(-4)}`;
}

function maskIp(ip: string): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return ip.replace(/\.\d+$/, '.x');
  // IPv6: the first three groups, the usual size of one site's prefix.
  return `${ip.split(':').slice(0, 3).join(':')}::x`;
}
