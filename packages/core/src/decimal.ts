import { PinbridgeError } from './error.js';
import { plainNumber } from './money.js';

/** A non-negative whole number (a count or a quantity). */
export function toCount(value: unknown, path: string): number {
  const count = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return count;
  throw new PinbridgeError('must be a non-negative integer', path);
}

/** A string, or a number turned into one in plain digits (ids often arrive as numbers). */
export function toText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return plainNumber(value);
  throw new PinbridgeError('must be a string', path);
}
