// The behaviours every /api/pin adapter shares, written once and run against each of them: the
// Web handler called directly and served over HTTP as a fetch function, node:http through
// toNodeHandler, Next's App Router and Pages Router, Express 4 and 5, Fastify and Hono. Whole apps
// (the examples, README's blocks) run ./app-contract.ts, which holds them to this payload too. An adapter joins with a `HandlerAdapter` of a few
// lines (serve a handler made from the options, post to it, wait for its deliveries). Most cases
// read what the handler queued on a fake client; one delivers through a real client to the
// emulator as Pinterest, where every adapter must produce the same payload.
import {
  createPinterestClient,
  type PinbridgeReport,
  type PinterestEvent,
  validateEvents,
} from '@pinbridge/core';
import type { PinHandlerOptions } from '@pinbridge/core/server';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClient, fakeClient, sha256 } from './fake-client.js';

export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15';

/** One POST to the handler's /api/pin: its body, as text or bytes, and its headers. */
export interface ContractPost {
  body: string | Uint8Array;
  headers?: Record<string, string>;
  /** Sent as a stream of chunks with no Content-Length (chunked over HTTP), as a browser may. */
  streamed?: boolean;
}

/**
 * The `fetch` / `new Request` init of a contract post: what each adapter hands its transport, so
 * a streamed body is streamed alike everywhere.
 *
 * @example
 * const response = await fetch(url, requestInit(post));
 */
export function requestInit({ body, headers, streamed }: ContractPost): RequestInit {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 256) {
        controller.enqueue(bytes.slice(offset, offset + 256));
      }
      controller.close();
    },
  });
  return {
    method: 'POST',
    headers,
    body: streamed ? stream : (body as BodyInit),
    duplex: 'half',
  } as RequestInit;
}

/** The answer as the adapter's transport delivered it. */
export interface ContractAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A handler an adapter serves. */
export interface ServedHandler {
  /** The site's own origin, as a same-origin page would send it. */
  origin: string;
  /** The peer address of the suite's connections, for adapters on a socket; none for Web runtimes. */
  peerIp?: string;
  post(request: ContractPost): Promise<ContractAnswer>;
  /** Resolves once every delivery handed past the answers so far has run. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** How one adapter turns core's handler options into a served /api/pin. */
export interface HandlerAdapter {
  serve(options: PinHandlerOptions): Promise<ServedHandler>;
  /**
   * A framework's JSON parser in front of the handler (Next's Pages bodyParser, express.json())
   * answers broken JSON itself, in its own format: only its 400 is checked then.
   */
  parsesJsonFirst?: boolean;
}

/** A transport's Response as the contract reads it: the body as JSON, or as text when it is none. */
export async function answerOf(response: Response): Promise<ContractAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A framework's own answer in another format (see `parsesJsonFirst`).
  }
  return { status: response.status, headers: response.headers, body };
}

/** One valid wire event, with `overrides` applied. */
export function wireEvent(overrides: Record<string, unknown> = {}) {
  return {
    name: 'add_to_cart',
    event_id: 'evt_add_to_cart_1',
    time: Date.now() - 1_000,
    url: 'https://shop.test/products/1',
    // The Tag's own event data, as usePinterestTrack() posts it: every adapter maps it alike.
    props: {
      value: 42,
      currency: 'USD',
      line_items: [{ product_id: 'SKU-1', product_price: 42, product_quantity: 1 }],
    },
    ...overrides,
  };
}

const json = (body: unknown) => JSON.stringify(body);

/** The ad account the contract's clients deliver to. */
export const EMULATED_AD_ACCOUNT = '549755885175';

/**
 * The contract's one delivered event: {@link wireEvent} at `time`, posted with `user.em` ' Ada@Example.com ',
 * the cookies `_pb_bid=browser-0001; _epik=CLICK-1` and {@link BROWSER_UA}, as `ip`.
 */
export const deliveredPost = (time: number) => ({
  body: { events: [wireEvent({ time, user: { em: ' Ada@Example.com ' } })] },
  headers: { cookie: '_pb_bid=browser-0001; _epik=CLICK-1', 'user-agent': BROWSER_UA },
});

/** What Pinterest (the emulator) receives for {@link deliveredPost}, from every adapter alike. */
export async function deliveredEvent({ ip, time }: { ip: string; time: number }) {
  return {
    event_name: 'add_to_cart',
    action_source: 'web',
    event_time: Math.floor(time / 1000),
    event_id: 'evt_add_to_cart_1',
    user_data: {
      em: [await sha256('ada@example.com')],
      external_id: [await sha256('browser-0001')],
      client_ip_address: ip,
      client_user_agent: BROWSER_UA,
      click_id: 'CLICK-1',
    },
    event_source_url: 'https://shop.test/products/1',
    custom_data: {
      currency: 'USD',
      value: '42',
      contents: [{ id: 'SKU-1', item_price: '42', quantity: 1 }],
      content_ids: ['SKU-1'],
      num_items: 1,
    },
    adAccountId: EMULATED_AD_ACCOUNT,
    receivedAt: expect.any(Number),
  };
}

/** Runs the handler contract against `adapter`. */
export function describeHandlerContract(name: string, adapter: HandlerAdapter): void {
  describe(`handler contract: ${name}`, () => {
    let served: ServedHandler | undefined;
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.close());
    afterEach(async () => {
      await served?.close();
      served = undefined;
      emulator.reset();
    });

    async function start(options: PinHandlerOptions = {}) {
      const client = (options.client as FakeClient | undefined) ?? fakeClient();
      const reports: PinbridgeReport[] = [];
      served = await adapter.serve({
        rateLimit: false,
        debug: false,
        // As behind a proxy of the site's that sets X-Real-IP: the trust model has cases of its own.
        trustedIpHeaders: ['x-real-ip'],
        onReport: (report) => reports.push(report),
        ...options,
        client,
      });
      const handler = served;
      const post = (body: unknown, headers: Record<string, string> = {}, streamed = false) =>
        handler.post({
          streamed,
          body: typeof body === 'string' || body instanceof Uint8Array ? body : json(body),
          headers: {
            'content-type': 'application/json',
            'user-agent': BROWSER_UA,
            'x-real-ip': '203.0.113.5',
            ...headers,
          },
        });
      return { post, client, reports, served: handler };
    }

    const expectError = (answer: ContractAnswer, status: number, code: string, path = '') => {
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ error: { code, message: expect.any(String), path } });
    };

    it('answers 202 with the ids and queues a spec-exact event with IP, user agent, click id and hashed ids', async () => {
      const { post, client, served, reports } = await start();
      const answer = await post(
        { events: [wireEvent({ user: { em: ' Ada@Example.com ' } })] },
        { cookie: '_pb_bid=browser-0001; _epik=CLICK-1' },
      );
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ accepted: 1, event_ids: ['evt_add_to_cart_1'] });
      await served.settled();
      const [event] = client.enqueued as PinterestEvent[];
      expect(event).toMatchObject({
        event_name: 'add_to_cart',
        event_id: 'evt_add_to_cart_1',
        event_source_url: 'https://shop.test/products/1',
        custom_data: { value: '42', currency: 'USD' },
        user_data: {
          client_ip_address: '203.0.113.5',
          client_user_agent: BROWSER_UA,
          click_id: 'CLICK-1',
          em: [await sha256('ada@example.com')],
          external_id: [await sha256('browser-0001')],
        },
      });
      expect(validateEvents({ data: client.enqueued })).toEqual({ valid: true, errors: [] });
      expect(reports.map((report) => [report.stage, report.source])).toEqual([
        ['received', 'handler'],
        ['built', 'handler'],
      ]);
    });

    it('delivers the same payload to Pinterest (the emulator) as every other adapter', async () => {
      const client = createPinterestClient({
        accessToken: 'contract-token',
        adAccountId: EMULATED_AD_ACCOUNT,
        apiUrl: `${emulator.url}/v5`,
        flushIntervalMs: 5,
      });
      try {
        const { post, served } = await start({ client: client as FakeClient });
        const time = Date.now() - 1_000;
        const { body, headers } = deliveredPost(time);
        expect((await post(body, headers)).status).toBe(202);
        await served.settled();
        await client.flush();
        const { events, requests } = emulator.received();
        expect(requests.map((request) => request.status)).toEqual([200]);
        // The contract's trusted X-Real-IP, on a socket or not.
        expect(events).toEqual([await deliveredEvent({ ip: '203.0.113.5', time })]);
      } finally {
        await client.close();
      }
    });

    it('accepts a text/plain body from sendBeacon', async () => {
      const { post, client, served } = await start();
      const answer = await post(json({ events: [wireEvent()] }), {
        'content-type': 'text/plain;charset=UTF-8',
      });
      expect(answer.status).toBe(202);
      await served.settled();
      expect(client.enqueued).toHaveLength(1);
    });

    it.each([
      ['an empty batch', { events: [] }, 'invalid_body', 'events'],
      [
        'an unknown name',
        { events: [wireEvent({ name: 'Cart Abandoned' })] },
        'invalid_body',
        'events[0].name',
      ],
      [
        '__proto__ in props',
        '{"events":[{"props":{"__proto__":{"a":1}}}]}',
        'forbidden_key',
        'events[0].props.__proto__',
      ],
      [
        'an event core cannot build',
        { events: [wireEvent({ props: { currency: 'dollars' } })] },
        'invalid_event',
        'events[0].custom_data.currency',
      ],
    ])('refuses %s with 400 and a JSON error naming the path', async (_, body, code, path) => {
      const { post, client, reports } = await start();
      expectError(await post(body), 400, code, path);
      expect(client.enqueued).toEqual([]);
      expect(reports.at(-1)).toMatchObject({ stage: 'refused', code, path, status: 400 });
    });

    it('refuses broken JSON with 400', async () => {
      const { post, client, reports } = await start();
      const answer = await post('{"events":[');
      if (adapter.parsesJsonFirst) expect(answer.status).toBe(400);
      else {
        expectError(answer, 400, 'invalid_json');
        expect(reports.at(-1)).toMatchObject({
          stage: 'refused',
          code: 'invalid_json',
          status: 400,
        });
      }
      expect(client.enqueued).toEqual([]);
    });

    it('refuses a form with 415', async () => {
      const { post } = await start();
      const answer = await post('events=1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expectError(answer, 415, 'unsupported_media_type');
    });

    it.each([
      ['with its Content-Length', false],
      ['while streaming it, with no Content-Length', true],
    ])('refuses a body over maxBodyBytes with 413, %s', async (_, streamed) => {
      const { post, client } = await start({ maxBodyBytes: 1024 });
      const big = {
        events: [
          wireEvent({ props: { content_name: 'n'.repeat(500), order_id: 'o'.repeat(500) } }),
        ],
      };
      expectError(await post(big, {}, streamed), 413, 'payload_too_large');
      expect(client.enqueued).toEqual([]);
    });

    it('refuses another site’s post with 403 and takes its own', async () => {
      const { post, served } = await start();
      const body = { events: [wireEvent()] };
      const cross = await post(body, {
        origin: 'https://evil.test',
        'sec-fetch-site': 'cross-site',
      });
      expectError(cross, 403, 'forbidden_origin');
      const own = await post(body, { origin: served.origin, 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(202);
    });

    it('limits each IP, answering 429 with Retry-After', async () => {
      const { post } = await start({ rateLimit: { burst: 2 } });
      const body = { events: [wireEvent()] };
      expect((await post(body)).status).toBe(202);
      expect((await post(body)).status).toBe(202);
      const limited = await post(body);
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post(body, { 'x-real-ip': '203.0.113.6' })).status).toBe(202);
    });

    it('never takes an IP from headers the deployment does not vouch for', async () => {
      const { post, client, served } = await start({ trustedIpHeaders: undefined });
      const forged = { 'x-real-ip': '203.0.113.77', 'x-forwarded-for': '198.51.100.9, 10.0.0.1' };
      expect((await post({ events: [wireEvent()] }, forged)).status).toBe(202);
      await post(
        { events: [wireEvent({ event_id: 'evt_junk_ip' })] },
        { 'x-forwarded-for': `${'9'.repeat(600)}<x>` },
      );
      await served.settled();
      const [first, junk] = (client.enqueued as PinterestEvent[]).map(
        (event) => event.user_data.client_ip_address,
      );
      // The socket's peer where the adapter has one, else the runtime's own last X-Forwarded-For entry.
      expect(first).toBe(served.peerIp ?? '10.0.0.1');
      expect(junk).toBe(served.peerIp);
    });

    it('counts trustProxy hops from the right of X-Forwarded-For', async () => {
      const { post, client, served } = await start({ trustedIpHeaders: undefined, trustProxy: 1 });
      const chain = { 'x-forwarded-for': '198.51.100.9, 203.0.113.8', 'x-real-ip': '192.0.2.1' };
      expect((await post({ events: [wireEvent()] }, chain)).status).toBe(202);
      await served.settled();
      expect((client.enqueued as PinterestEvent[])[0].user_data.client_ip_address).toBe(
        '203.0.113.8',
      );
    });

    it('keys the rate limit on the resolved address, not on a header a visitor chooses', async () => {
      const { post } = await start({ trustedIpHeaders: undefined, rateLimit: { burst: 2 } });
      const from = (index: number) => ({
        'x-real-ip': `203.0.113.${index}`,
        'x-forwarded-for': '198.51.100.20',
      });
      expect((await post({ events: [wireEvent()] }, from(1))).status).toBe(202);
      expect((await post({ events: [wireEvent()] }, from(2))).status).toBe(202);
      expectError(await post({ events: [wireEvent()] }, from(3)), 429, 'rate_limited');
    });

    it('accepts but does not forward a crawler’s events', async () => {
      const { post, client, served, reports } = await start();
      const answer = await post({ events: [wireEvent()] }, { 'user-agent': 'Googlebot/2.1' });
      expect(answer).toMatchObject({
        status: 202,
        body: { accepted: 0, event_ids: [], skipped: 'bot' },
      });
      await served.settled();
      expect(client.enqueued).toEqual([]);
      expect(reports).toContainEqual(
        expect.objectContaining({
          stage: 'skipped',
          reason: 'bot',
          event_ids: ['evt_add_to_cart_1'],
        }),
      );
    });

    it('sends nothing without the consent it requires, and sends once granted', async () => {
      const { post, client, served } = await start({ requireConsent: true });
      const body = { events: [wireEvent()] };
      const without = await post(body);
      expect(without).toMatchObject({ status: 202, body: { skipped: 'consent' } });
      expect((await post(body, { cookie: '_pb_consent=granted' })).status).toBe(202);
      await served.settled();
      expect(client.enqueued).toHaveLength(1);
    });

    it('keeps the click id and a browser id in Secure cookies when consent came after landing', async () => {
      const { post, client, served } = await start();
      const landing = wireEvent({ url: 'https://shop.test/?epik=LANDING' });
      const answer = await post(
        { events: [landing] },
        { cookie: '_pb_consent=granted', 'x-forwarded-proto': 'https' },
      );
      const cookies = answer.headers.getSetCookie();
      expect(cookies).toEqual([
        expect.stringMatching(
          /^_pb_bid=[0-9a-f-]{36}; Path=\/; Max-Age=31536000; SameSite=Lax; Secure$/,
        ),
        '_epik=LANDING; Path=/; Max-Age=31536000; SameSite=Lax; Secure',
      ]);
      await served.settled();
      const browserId = cookies[0].slice('_pb_bid='.length, cookies[0].indexOf(';'));
      expect(client.enqueued[0].user_data).toMatchObject({
        click_id: 'LANDING',
        external_id: [await sha256(browserId)],
      });
    });

    it('answers a visitor who refused consent with deletions of the ids they still carry', async () => {
      const { post, client, served } = await start();
      const answer = await post(
        { events: [wireEvent()] },
        {
          cookie: '_pb_consent=denied; _pb_bid=browser-0001; _epik=CLICK-1; _pb_pv=view-1',
          'x-forwarded-proto': 'https',
        },
      );
      expect(answer).toMatchObject({ status: 202, body: { skipped: 'consent' } });
      expect(answer.headers.getSetCookie()).toEqual([
        '_epik=; Path=/; Max-Age=0; SameSite=Lax; Secure',
        '_pb_bid=; Path=/; Max-Age=0; SameSite=Lax; Secure',
        '_pb_pv=; Path=/; Max-Age=0; SameSite=Lax; Secure',
      ]);
      await served.settled();
      expect(client.enqueued).toEqual([]);
    });

    it('flags the events of a visitor sending Sec-GPC: 1 for Limited Data Processing', async () => {
      const { post, client, served } = await start();
      expect((await post({ events: [wireEvent()] }, { 'sec-gpc': '1' })).status).toBe(202);
      await served.settled();
      expect(client.enqueued[0].custom_data?.opt_out_type).toBe('LDP');
      expect(validateEvents({ data: client.enqueued })).toEqual({ valid: true, errors: [] });
    });

    it('sends none of a Sec-GPC: 1 visitor’s events with gpc: drop', async () => {
      const { post, client, served } = await start({ gpc: 'drop' });
      const answer = await post({ events: [wireEvent()] }, { 'sec-gpc': '1' });
      expect(answer).toMatchObject({ status: 202, body: { skipped: 'gpc' } });
      await served.settled();
      expect(client.enqueued).toEqual([]);
    });

    it('reports every value it drops, by field and reason, never the value', async () => {
      const { post, client, served, reports } = await start();
      const user = {
        em: 'ada@example.com',
        // No digit of any script: Arabic-Indic or Devanagari digits are a phone (see normalizePhone).
        ph: 'ask at the desk',
        db: '2023-02-30',
        country: 'Narnia',
        st: 'Zzz',
        ge: 'x',
      };
      expect((await post({ events: [wireEvent({ user })] })).status).toBe(202);
      await served.settled();
      expect(client.enqueued[0].user_data).not.toHaveProperty('ph');
      const dropped = reports.filter((report) => report.stage === 'value_dropped');
      expect(dropped.map((report) => report.field)).toEqual([
        'user_data.ph',
        'user_data.ge',
        'user_data.db',
        'user_data.st',
        'user_data.country',
      ]);
      for (const report of dropped) {
        expect(report).toMatchObject({
          source: 'handler',
          event_ids: ['evt_add_to_cart_1'],
          count: 1,
        });
        expect(report.reason).toEqual(expect.any(String));
      }
      const text = JSON.stringify(dropped);
      // Every dropped value but `ge: 'x'`, too short to search for.
      for (const value of Object.values(user).slice(1, -1)) expect(text).not.toContain(value);
    });
  });
}
