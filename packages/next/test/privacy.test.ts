import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinterestApiRoute } from '../src/pages.js';
import { fakeClient } from './helpers.js';
import { serveApiRoute } from './next-api-server.js';
import { wireEvent } from './wire.js';

const EMAIL = 'Ada.Lovelace@Example.com';
const PHONE = '+1 (415) 555-0133';
// Every form a raw identifier could take on its way to a log line.
const FORBIDDEN = [EMAIL, EMAIL.toLowerCase(), 'ada.lovelace', PHONE, '4155550133', '14155550133'];
const user = { em: EMAIL, ph: PHONE };

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await stop?.();
  stop = undefined;
});

function spyConsole(): string[] {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(
        args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
      );
    });
  }
  return lines;
}

// The core handler's flows are checked in packages/core/test/server-privacy.test.ts; this is the
// Pages Router's own way in: Next's body parser, the node bridge, and getUser(req, res).
describe('no raw PII in logs, reports or responses (Pages Router)', () => {
  it.each([
    ['bodyParser on', true],
    ['bodyParser off', false],
  ])('valid and refused bodies, getUser throwing, with %s', async (_, bodyParser) => {
    const consoleLines = spyConsole();
    const route = createPinterestApiRoute({
      client: fakeClient(),
      debug: true,
      getUser: () => {
        throw new Error(`no session for ${EMAIL}`);
      },
    });
    const served = await serveApiRoute(route, { api: { bodyParser } });
    stop = served.close;
    const answers: string[] = [];
    for (const body of [
      JSON.stringify({ events: [wireEvent({ user })] }),
      JSON.stringify({ events: [wireEvent({ name: EMAIL })] }),
      JSON.stringify({ events: [{ user }] }),
      JSON.stringify({ events: [wireEvent({ event_id: EMAIL, user })] }),
    ]) {
      const response = await fetch(served.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0' },
        body,
      });
      answers.push(await response.text(), JSON.stringify([...response.headers]));
    }
    await vi.waitFor(() =>
      expect(consoleLines.some((line) => line.includes('getUser threw Error'))).toBe(true),
    );
    for (const line of [...consoleLines, ...answers]) {
      for (const secret of FORBIDDEN) {
        expect(line.toLowerCase(), line).not.toContain(secret.toLowerCase());
      }
    }
  });
});
