import { createHash } from 'node:crypto';
import { afterEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.js';

export const NOW_MS = Date.UTC(2025, 5, 1, 12);
export const NOW = NOW_MS / 1000;
export const TOKEN = 'pina_secret-token-value';
export const ACCOUNT = '549755885175';
export const EMAIL = createHash('sha256').update('jane@example.com').digest('hex');

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** An emulator on a free port with a fixed clock, closed after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ now: () => NOW_MS, ...options });
  running.push(started);
  return started;
}

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: NOW - 60,
    event_id: `evt-${Math.random().toString(36).slice(2)}`,
    user_data: { em: [EMAIL], client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' },
    custom_data: { currency: 'USD', value: '129.99' },
    ...overrides,
  };
}

interface PostOptions {
  token?: string | null;
  account?: string;
  query?: string;
  raw?: string;
}

/** POSTs a body to the emulator's events endpoint, with a bearer token unless `token: null`. */
export function postEvents(target: Emulator, body: unknown, options: PostOptions = {}) {
  const { token = TOKEN, account = ACCOUNT, query = '', raw } = options;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return fetch(`${target.url}/v5/ad_accounts/${account}/events${query}`, {
    method: 'POST',
    headers,
    body: raw ?? JSON.stringify(body),
  });
}

export async function statusAndBody(response: Response) {
  return { status: response.status, body: await response.json() };
}
