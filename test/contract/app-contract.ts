// The handler contract for a whole app as it ships, with its own options: an example server or a
// README snippet, started as its own process with the emulator as Pinterest (the PINTEREST_*
// variables), asked over HTTP on 127.0.0.1. What the default options decide is checked here;
// what other options decide is the handler contract's (./contract.ts), whose delivered payload
// these apps must match too.
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  answerOf,
  BROWSER_UA,
  type ContractAnswer,
  deliveredEvent,
  deliveredPost,
  EMULATED_AD_ACCOUNT,
  requestInit,
  wireEvent,
} from './contract.js';
import { streamUntilAnswered } from './requests.js';

/** An app the suite started. */
export interface ServedApp {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

/** How to start the app under test, given the environment that points it at the emulator. */
export interface AppUnderTest {
  start(env: Record<string, string>): Promise<ServedApp>;
  /** A document the app serves, for the visit cookies. */
  page: string;
  /** The address the app must deliver for the suite's posts and the headers that make it so. */
  visitor: { ip: string; headers?: Record<string, string> };
}

/** What the suite hands `extra`: the running app and the emulator as Pinterest. */
export interface AppContext {
  app(): ServedApp;
  emulator(): Emulator;
}

/** The PINTEREST_* variables of an app that delivers to `emulator`. */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
  return {
    PINTEREST_ACCESS_TOKEN: 'pina_contract_token',
    PINTEREST_AD_ACCOUNT_ID: EMULATED_AD_ACCOUNT,
    PINTEREST_API_URL: `${emulator.url}/v5`,
  };
}

/**
 * Runs the app contract against `app`; `extra` adds the app's own cases, run after the shared
 * ones and before the rate limit's, which uses up the suite's address.
 */
export function describeAppContract(
  name: string,
  app: AppUnderTest,
  extra?: (context: AppContext) => void,
): void {
  describe(`app contract: ${name}`, () => {
    let emulator: Emulator;
    let served: ServedApp;
    beforeAll(async () => {
      emulator = await startEmulator();
      served = await app.start(emulatorEnv(emulator));
    });
    afterAll(async () => {
      await served?.close();
      await emulator?.close();
    });

    const post = async (
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<ContractAnswer> => {
      const init = requestInit({
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          'user-agent': BROWSER_UA,
          ...app.visitor.headers,
          ...headers,
        },
      });
      return answerOf(await fetch(`${served.origin}/api/pin`, init));
    };
    const expectError = (answer: ContractAnswer, status: number, code: string, path = '') => {
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ error: { code, message: expect.any(String), path } });
    };

    it('sets the visit cookies on a document navigation, and none on a fetch', async () => {
      const document = await fetch(`${served.origin}${app.page}?epik=CLICK-1`, {
        headers: { 'sec-fetch-dest': 'document', 'user-agent': BROWSER_UA },
      });
      expect(document.status).toBe(200);
      expect(document.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual([
        '_epik',
        '_pb_bid',
        '_pb_pv',
      ]);
      const data = await fetch(`${served.origin}${app.page}`, {
        headers: { 'sec-fetch-dest': 'empty', 'user-agent': BROWSER_UA },
      });
      expect(data.headers.getSetCookie()).toEqual([]);
    });

    it('refuses broken JSON, a form, forbidden keys and another site, each with its JSON error', async () => {
      expectError(await post('{"events":['), 400, 'invalid_json');
      expectError(
        await post('events=1', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      );
      expectError(
        await post('{"events":[{"props":{"__proto__":{"a":1}}}]}'),
        400,
        'forbidden_key',
        'events[0].props.__proto__',
      );
      expectError(
        await post(
          { events: [wireEvent()] },
          { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
        ),
        403,
        'forbidden_origin',
      );
    });

    it('refuses a body over the default 16 KiB while streaming it, with no Content-Length', async () => {
      const answer = await streamUntilAnswered(
        Number(new URL(served.origin).port),
        { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...app.visitor.headers },
        20 * 1024,
      );
      expectError({ ...answer, headers: new Headers() }, 413, 'payload_too_large');
    });

    it('accepts but does not forward the events of a crawler or of a visitor who refused consent', async () => {
      const bot = await post({ events: [wireEvent()] }, { 'user-agent': 'Googlebot/2.1' });
      expect(bot).toMatchObject({ status: 202, body: { skipped: 'bot' } });
      const denied = await post({ events: [wireEvent()] }, { cookie: '_pb_consent=denied' });
      expect(denied).toMatchObject({ status: 202, body: { skipped: 'consent' } });
    });

    it('delivers the contract’s payload to Pinterest, and nothing it refused or skipped', async () => {
      const time = Date.now() - 1_000;
      const { body, headers } = deliveredPost(time);
      const answer = await post(body, headers);
      expect(answer).toMatchObject({
        status: 202,
        body: { accepted: 1, event_ids: ['evt_add_to_cart_1'] },
      });
      // The app's shared client delivers on its own schedule; what it skipped came before.
      await vi.waitFor(() => expect(emulator.received().events).toHaveLength(1), {
        timeout: 10_000,
      });
      expect(emulator.received().events).toEqual([
        await deliveredEvent({ ip: app.visitor.ip, time }),
      ]);
    });

    extra?.({ app: () => served, emulator: () => emulator });

    it('limits the suite’s address past the default burst, answering 429 with Retry-After', async () => {
      let limited: ContractAnswer | undefined;
      for (let count = 0; count < 40 && !limited; count += 1) {
        const answer = await post({ events: [wireEvent({ event_id: `evt_burst_${count}` })] });
        if (answer.status === 429) limited = answer;
        else expect(answer.status).toBe(202);
      }
      expect(limited).toBeDefined();
      expectError(limited as ContractAnswer, 429, 'rate_limited');
      expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
}
