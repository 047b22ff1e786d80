import { PinbridgeError } from './error.js';

// How people and programs write an amount: digits, an optional fraction, an optional exponent.
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

// No double lies beyond these exponents; the bound also keeps "1e-99999" from spelling out
// 99,999 zeros.
const MAX_EXPONENT = 400;

// The exponent form String() gives a double past 1e21 and below 1e-6.
const EXPONENT_FORM = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/;

/**
 * A finite number in plain digits: its shortest round-trip digits (what `String` writes) with
 * any exponent spelled out, so the text reads back as the same double.
 *
 * @example
 * plainNumber(1e21); // '1000000000000000000000'
 * plainNumber(1.5e-7); // '0.00000015'
 */
export function plainNumber(value: number): string {
  const text = String(value);
  // Checked first: nearly every amount is in plain digits already, and exec() costs more.
  const match = text.includes('e') ? EXPONENT_FORM.exec(text) : null;
  if (!match) return text;
  const [, sign, whole, fraction = '', exponent] = match;
  return sign + plainDigits(whole + fraction, whole.length + Number(exponent));
}

/** An amount in plain digits, or why it is no amount Pinterest can take. */
type Parsed = { text: string } | { problem: string };

function parse(value: unknown): Parsed {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { problem: 'must be a finite number' };
    if (value < 0) return { problem: 'must not be negative' };
    return { text: plainNumber(value) };
  }
  if (typeof value !== 'string') return { problem: 'must be a number or a decimal string' };
  const text = value.trim();
  const match = DECIMAL.exec(text);
  if (!match) return { problem: 'must be a number or a decimal string' };
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const nonZero = /[1-9]/.test(whole) || /[1-9]/.test(fraction);
  if (sign && nonZero) return { problem: 'must not be negative' };
  const read = Number(text);
  if (Math.abs(exponent) > MAX_EXPONENT || !Number.isFinite(read) || (read === 0 && nonZero)) {
    return { problem: 'is outside the range of a double' };
  }
  if (exponentText === undefined) return { text: sign ? text.slice(1) : text };
  return { text: plainDigits(whole + fraction, whole.length + exponent) };
}

// The digits with the decimal point `point` places from their start (negative: before them).
function plainDigits(digits: string, point: number): string {
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return text.replace(/^0+(?=\d)/, '');
}

/**
 * What is wrong with an amount of money (`value`, `predicted_ltv`, `item_price`, or a props
 * field that becomes one), or `undefined` when it is a non-negative finite number, or a string
 * written as one, in plain digits or with an exponent. The handler's wire check and buildEvent
 * judge by this one rule.
 *
 * @example
 * moneyProblem(-100); // 'must not be negative'
 * moneyProblem('1e5'); // undefined
 */
export function moneyProblem(value: unknown): string | undefined {
  const parsed = parse(value);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/**
 * An amount as Pinterest reads it: a string of plain digits that parses to the double meant
 * (Pinterest parses these strings into doubles), never exponent form. Numbers and numeric strings
 * follow one rule: a number is written as its shortest round-trip digits, and any exponent is
 * spelled out, so `1e5` and `"1e5"` both give `"100000"` and `1e21` gives 22 digits. A string in
 * plain digits is kept as written (`"3.00"`). Throws a PinbridgeError at `path` for what
 * {@link moneyProblem} refuses.
 *
 * @example
 * toMoney(129.99, 'custom_data.value'); // '129.99'
 * toMoney(1e-7, 'custom_data.value'); // '0.0000001'
 */
export function toMoney(value: unknown, path: string): string {
  const parsed = parse(value);
  if ('problem' in parsed) throw new PinbridgeError(parsed.problem, path);
  return parsed.text;
}
