import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  emulator,
  event,
  NOW,
  NOW_MS,
  postEvents,
  statusAndBody,
  TOKEN,
} from './helpers.js';

const INVALID = { code: 4196, message: 'The request was invalid.' };
const processed = { status: 'processed', error_message: '', warning_message: '' };
const pastMessage = (given: number) =>
  `Invalid event_timestamp parameter. Given timestamp is in the past. Current timestamp: ${NOW}, Given event_timestamp: ${given}`;

describe('POST /v5/ad_accounts/:id/events', () => {
  it('processes valid events, answers per event in order and stores them', async () => {
    const pinterest = await emulator();
    const events = [event({ event_id: 'a' }), event({ event_id: 'b', event_name: 'page_visit' })];
    const response = await postEvents(pinterest, { data: events });
    expect(response.headers.get('x-pinterest-rid')).toMatch(/^[0-9a-f]{16}$/);
    expect(await statusAndBody(response)).toEqual({
      status: 200,
      body: { num_events_received: 2, num_events_processed: 2, events: [processed, processed] },
    });
    const { events: stored, requests } = pinterest.received();
    expect(stored).toEqual(events.map((e) => ({ ...e, adAccountId: ACCOUNT, receivedAt: NOW_MS })));
    expect(requests).toEqual([
      {
        at: NOW_MS,
        requestId: response.headers.get('x-pinterest-rid'),
        adAccountId: ACCOUNT,
        test: false,
        status: 200,
        eventCount: 2,
      },
    ]);
  });

  it('validates without storing in test mode', async () => {
    const pinterest = await emulator();
    const response = await postEvents(pinterest, { data: [event()] }, { query: '?test=true' });
    expect(await statusAndBody(response)).toEqual({
      status: 200,
      body: { num_events_received: 1, num_events_processed: 1, events: [processed] },
    });
    expect(pinterest.received().events).toEqual([]);
    expect(pinterest.received().requests[0]).toMatchObject({ test: true, status: 200 });
  });

  it.each([
    ['no Authorization header', null],
    ['an empty bearer token', ''],
  ])('answers 401 code 2 for %s', async (_, token) => {
    const pinterest = await emulator();
    const response = await postEvents(pinterest, { data: [event()] }, { token });
    expect(await statusAndBody(response)).toEqual({
      status: 401,
      body: { code: 2, message: 'Authentication failed.' },
    });
    expect(pinterest.received().events).toEqual([]);
  });

  it('accepts only the configured token when one is set', async () => {
    const pinterest = await emulator({ accessToken: TOKEN });
    expect((await postEvents(pinterest, { data: [event()] }, { token: 'other' })).status).toBe(401);
    expect((await postEvents(pinterest, { data: [event()] })).status).toBe(200);
  });

  it('checks the token before the account id and the body', async () => {
    const pinterest = await emulator();
    const response = await postEvents(pinterest, null, { token: null, account: 'x', raw: '{' });
    expect(response.status).toBe(401);
  });

  it.each([
    ['non-digits', 'act_123'],
    ['more than 18 digits', '1234567890123456789'],
  ])('answers 400 code 4196 for an ad account id with %s', async (_, account) => {
    const pinterest = await emulator();
    const response = await postEvents(pinterest, { data: [event()] }, { account });
    expect(await statusAndBody(response)).toEqual({ status: 400, body: INVALID });
  });

  it('answers 403 code 29 for an account outside adAccountIds', async () => {
    const pinterest = await emulator({ adAccountIds: ['1'] });
    const response = await postEvents(pinterest, { data: [event()] }, { account: '2' });
    expect(await statusAndBody(response)).toEqual({
      status: 403,
      body: { code: 29, message: 'You are not permitted to access that resource.' },
    });
    expect((await postEvents(pinterest, { data: [event()] }, { account: '1' })).status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"data": [', undefined],
    ['a body without data', '{}', 'data'],
    ['no events', '{"data": []}', 'data'],
    ['1,001 events', JSON.stringify({ data: Array.from({ length: 1001 }, () => event()) }), 'data'],
    [
      'an unknown custom_data key',
      JSON.stringify({ data: [event({ custom_data: { category_name: 'x' } })] }),
      'data[0].custom_data.category_name',
    ],
    [
      'an unknown event key',
      JSON.stringify({ data: [event(), event({ wrapper: 'x' })] }),
      'data[1].wrapper',
    ],
    [
      'event_time as a string',
      JSON.stringify({ data: [event({ event_time: String(NOW) })] }),
      'data[0].event_time',
    ],
    [
      'a missing user_data identifier',
      JSON.stringify({ data: [event({ user_data: { ph: [] } })] }),
      'data[0].user_data',
    ],
  ])('answers 400 code 4196 for %s, keeping the reason in the record', async (_, raw, path) => {
    const pinterest = await emulator();
    const response = await postEvents(pinterest, null, { raw });
    expect(await statusAndBody(response)).toEqual({ status: 400, body: INVALID });
    const [request] = pinterest.received().requests;
    expect(request.status).toBe(400);
    if (path) expect(request.issues?.map((issue) => issue.path)).toContain(path);
    expect(pinterest.received().events).toEqual([]);
  });

  it('finds a schema problem hidden behind 100 per-event problems', async () => {
    const pinterest = await emulator();
    const events = Array.from({ length: 150 }, () =>
      event({ user_data: { em: ['jane@example.com'] } }),
    );
    events[140] = event({ extra: true });
    const response = await postEvents(pinterest, { data: events });
    expect(response.status).toBe(400);
    expect(pinterest.received().requests[0].issues?.map((issue) => issue.path)).toEqual([
      'data[140].extra',
    ]);
  });

  it('fails bad events one by one in a 200 when some pass', async () => {
    const pinterest = await emulator();
    const old = NOW - 8 * 24 * 3600;
    const events = [
      event({ event_id: 'ok' }),
      event({ user_data: { em: ['jane@example.com'] } }),
      event({ event_time: old }),
      event({ event_time: NOW + 3600 }),
    ];
    const { status, body } = await statusAndBody(await postEvents(pinterest, { data: events }));
    expect(status).toBe(200);
    expect(body.num_events_received).toBe(4);
    expect(body.num_events_processed).toBe(1);
    expect(body.events[0]).toEqual(processed);
    expect(body.events[1]).toEqual({
      status: 'failed',
      error_message: expect.stringContaining('user_data.em[0]: must be a SHA-256 digest'),
      warning_message: '',
    });
    expect(body.events[1].error_message).not.toContain('jane');
    expect(body.events[2].error_message).toBe(pastMessage(old));
    expect(body.events[3].error_message).toContain('Given timestamp is in the future.');
    expect(pinterest.received().events.map((e) => e.event_id)).toEqual(['ok']);
  });

  it('answers 422 code 953 with details when no event passes', async () => {
    const pinterest = await emulator();
    const old = NOW - 30 * 24 * 3600;
    const response = await postEvents(pinterest, {
      data: [event({ event_time: old }), event({ event_name: 'purchase' })],
    });
    expect(await statusAndBody(response)).toEqual({
      status: 422,
      body: {
        code: 953,
        message:
          'The action could not be processed properly due to some or all data provided being invalid.',
        details: {
          num_events_received: 2,
          num_events_processed: 0,
          events: [
            { status: 'failed', error_message: pastMessage(old), warning_message: '' },
            {
              status: 'failed',
              error_message: expect.stringMatching(/^event_name: must be one of: /),
              warning_message: '',
            },
          ],
        },
      },
    });
    expect(pinterest.received().events).toEqual([]);
  });

  it('honours maxEventAgeSeconds', async () => {
    const pinterest = await emulator({ maxEventAgeSeconds: 3600 });
    const response = await postEvents(pinterest, { data: [event({ event_time: NOW - 3601 })] });
    expect(response.status).toBe(422);
  });

  it('never logs or stores the token', async () => {
    const lines: string[] = [];
    const pinterest = await emulator({ log: (line) => lines.push(line) });
    await postEvents(pinterest, { data: [event()] });
    await postEvents(pinterest, { data: [] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`/v5/ad_accounts/${ACCOUNT}/events -> 200`);
    const everything = JSON.stringify([lines, pinterest.received()]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('secret');
  });

  it('answers unknown routes with 404 and a request id', async () => {
    const pinterest = await emulator();
    const response = await fetch(`${pinterest.url}/v5/ad_accounts/1/events`, { method: 'GET' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-pinterest-rid')).toMatch(/^[0-9a-f]{16}$/);
  });
});
