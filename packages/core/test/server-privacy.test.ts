import { createPinHandler, type PinHandlerOptions } from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, fakeWaitUntil, postPin, wireEvent } from './server-helpers.js';

const EMAIL = 'Ada.Lovelace@Example.com';
const PHONE = '+1 (415) 555-0133';
// Every form a raw identifier could take on its way to a log line.
const FORBIDDEN = [EMAIL, EMAIL.toLowerCase(), 'ada.lovelace', PHONE, '4155550133', '14155550133'];

const user = { em: EMAIL, ph: PHONE };
const boom = (message: string) => () => {
  throw new Error(message);
};

/** Every flow, as [label, body or raw text, extra headers, extra options]. */
const FLOWS: [string, unknown, Record<string, string>, PinHandlerOptions][] = [
  ['valid, browser identifiers', { events: [wireEvent({ user })] }, {}, {}],
  [
    'valid, getUser with email and phone',
    { events: [wireEvent()] },
    {},
    { getUser: () => ({ email: EMAIL, phone: PHONE }) },
  ],
  [
    'getUser throwing with the email in its message',
    { events: [wireEvent({ user })] },
    {},
    { getUser: boom(`no session for ${EMAIL}`) },
  ],
  [
    'a consent function throwing with the email',
    { events: [wireEvent({ user })] },
    {},
    { consent: boom(`consent lookup ${EMAIL}`) },
  ],
  [
    'a resolver throwing with the phone (internal error)',
    { events: [wireEvent({ user })] },
    {},
    { getClientIp: boom(`ip of ${PHONE}`) },
  ],
  ['the email as event name', { events: [wireEvent({ name: EMAIL, user })] }, {}, {}],
  ['the email as event_id', { events: [wireEvent({ event_id: EMAIL, user })] }, {}, {}],
  [
    'an overlong email',
    { events: [wireEvent({ user: { em: `${EMAIL}${'x'.repeat(600)}`, ph: PHONE } })] },
    {},
    {},
  ],
  ['a numeric phone', { events: [wireEvent({ user: { em: EMAIL, ph: 14155550133 } })] }, {}, {}],
  [
    'an unaccepted identifier field',
    { events: [wireEvent({ user: { email: EMAIL, phone: PHONE } })] },
    {},
    {},
  ],
  // Keys are input too: a visitor's own keys are named by position, never written out.
  ['the email as a user key', { events: [wireEvent({ user: { [EMAIL]: 'x' } })] }, {}, {}],
  [
    'the email as a props key',
    { events: [wireEvent({ user, props: { [EMAIL]: 'p'.repeat(600) } })] },
    {},
    {},
  ],
  [
    'the phone as a contents key',
    {
      events: [
        wireEvent({ user, props: { contents: [{ id: 'A', [PHONE]: [[[[[[[[[]]]]]]]]] }] } }),
      ],
    },
    {},
    {},
  ],
  [
    'the email as an envelope key',
    { [EMAIL]: { [PHONE]: 'e'.repeat(600) }, events: [wireEvent({ user })] },
    {},
    {},
  ],
  [
    'an event core refuses',
    { events: [wireEvent({ user, props: { value: 1, currency: EMAIL } })] },
    {},
    {},
  ],
  [
    'Pinterest refusing the event',
    { events: [wireEvent({ event_id: 'evt_refused_01', user })] },
    {},
    {},
  ],
  ['a crawler', { events: [wireEvent({ user })] }, { 'user-agent': 'Googlebot/2.1' }, {}],
  ['no consent', { events: [wireEvent({ user })] }, { cookie: '_pb_consent=denied' }, {}],
  ['a cross-site post', { events: [wireEvent({ user })] }, { origin: 'https://evil.test' }, {}],
  ['a wrong content type', { events: [wireEvent({ user })] }, { 'content-type': 'text/html' }, {}],
  [
    'a forbidden key',
    `{"events":[{"user":{"em":"${EMAIL}"},"__proto__":{"ph":"${PHONE}"}}]}`,
    {},
    {},
  ],
  ['broken JSON', `{"events":[{"user":{"em":"${EMAIL}","ph":"${PHONE}"`, {}, {}],
  [
    'an oversized body',
    { events: [wireEvent({ user, props: { pad: 'p'.repeat(20_000) } })] },
    {},
    {},
  ],
];

function expectClean(label: string, lines: readonly string[]) {
  for (const line of lines) {
    for (const secret of FORBIDDEN) {
      expect(line.toLowerCase(), `${label}: ${line}`).not.toContain(secret.toLowerCase());
    }
  }
}

describe('no raw PII in logs, reports or responses (core handler)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
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

  it.each(FLOWS)('%s', async (label, body, headers, options) => {
    const consoleLines = spyConsole();
    const captured: string[] = [];
    const run = async (extra: PinHandlerOptions) => {
      const client = fakeClient({ refuse: ['evt_refused_01'] });
      const { waitUntil, settled } = fakeWaitUntil();
      const handle = createPinHandler({ client, ...options, ...extra });
      const response = await handle(postPin(body, headers), { waitUntil });
      await settled();
      expect(response.status).toBeLessThan(500);
      captured.push(await response.text(), JSON.stringify([...response.headers]));
    };
    // Once with the built-in sinks (console), once with your own.
    await run({ debug: true });
    await run({
      debug: (line, report) => captured.push(line, JSON.stringify(report)),
      onReport: (report) => captured.push(JSON.stringify(report)),
      onError: (report) => captured.push(JSON.stringify(report)),
    });
    expect(consoleLines.length + captured.length).toBeGreaterThan(2);
    expectClean(label, [...consoleLines, ...captured]);
  });
});
