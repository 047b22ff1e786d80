import type { FaultName, FaultRates, Faults } from './types.js';

const FAULT_NAMES: readonly FaultName[] = [
  '429',
  '503',
  '500',
  '400',
  '401',
  '403',
  'drop',
  'slow',
  'ok',
];

// Drawn in this order from one random number, so a seed fixes the whole sequence.
const RATE_FAULTS: readonly [keyof FaultRates, FaultName][] = [
  ['status429', '429'],
  ['status503', '503'],
  ['status500', '500'],
  ['drop', 'drop'],
  ['slow', 'slow'],
];

/** Decides the outcome of each API request: the script first, then the rates. */
export class FaultPlan {
  readonly slowMs: number;
  readonly retryAfterSeconds: number;
  private readonly script: FaultName[];
  private readonly random: () => number;

  constructor(private readonly faults: Faults = {}) {
    this.slowMs = faults.slowMs ?? 2000;
    this.retryAfterSeconds = faults.retryAfterSeconds ?? 1;
    this.script = [...(faults.script ?? [])];
    this.random = faults.seed === undefined ? Math.random : mulberry32(faults.seed);
  }

  next(): FaultName {
    const scripted = this.script.shift();
    if (scripted) return scripted;
    const rates = this.faults.rates ?? {};
    const draw = this.random();
    let threshold = 0;
    for (const [rate, fault] of RATE_FAULTS) {
      threshold += rates[rate] ?? 0;
      if (draw < threshold) return fault;
    }
    return 'ok';
  }
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), repeatable, good enough for tests. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Checks a fault configuration that came as JSON (POST /_emulator/faults) or from code.
 * Throws a TypeError naming the bad field.
 */
export function parseFaults(input: unknown): Faults {
  if (!isRecord(input)) throw new TypeError('faults must be an object');
  const { rates, slowMs, retryAfterSeconds, script, seed } = input;
  if (rates !== undefined) {
    if (!isRecord(rates)) throw new TypeError('faults.rates must be an object');
    for (const [key, value] of Object.entries(rates)) {
      if (!RATE_FAULTS.some(([rate]) => rate === key)) {
        throw new TypeError(`faults.rates.${key} is not a known rate`);
      }
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new TypeError(`faults.rates.${key} must be a number from 0 to 1`);
      }
    }
  }
  for (const [name, value] of Object.entries({ slowMs, retryAfterSeconds })) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
      throw new TypeError(`faults.${name} must be a non-negative number`);
    }
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new TypeError('faults.seed must be an integer');
  }
  if (script !== undefined && !(Array.isArray(script) && script.every(isFaultName))) {
    throw new TypeError(`faults.script must list only ${FAULT_NAMES.join(', ')}`);
  }
  return input as Faults;
}

function isFaultName(value: unknown): value is FaultName {
  return (FAULT_NAMES as readonly unknown[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
