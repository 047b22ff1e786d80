import { PinbridgeError } from './error.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Pinterest reads money as strings that parse to a double: 129.99 -> "129.99". */
export function toDecimalString(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // toString keeps the shortest round-trip digits, but switches to exponent form from 1e21.
    return Math.abs(value) < 1e21 ? String(value) : value.toFixed(0);
  }
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new PinbridgeError('must be a number or a decimal string', path);
}

/** A non-negative whole number (a count or a quantity). */
export function toCount(value: unknown, path: string): number {
  const count = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return count;
  throw new PinbridgeError('must be a non-negative integer', path);
}

/** A string, or a number turned into one (ids often arrive as numbers). */
export function toText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new PinbridgeError('must be a string', path);
}
