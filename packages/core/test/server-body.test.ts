import type { PinbridgeReport } from '@pinbridge/core';
import { createPinHandler, type PinHandlerOptions } from '@pinbridge/core/server';
import { describe, expect, it } from 'vitest';
import { expectError, fakeClient, fakeWaitUntil, postPin, wireEvent } from './server-helpers.js';

function handler(options: PinHandlerOptions = {}) {
  const client = fakeClient();
  const { waitUntil, settled } = fakeWaitUntil();
  const handle = createPinHandler({ client, ...options });
  const POST = (request: Request) => handle(request, { waitUntil });
  return { POST, client, settled };
}

/** A body that keeps producing 4 KiB chunks, recording how many were pulled and whether it was cancelled. */
function endlessStream() {
  const state = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(`{"events":[${' '.repeat(4096)}`.slice(0, 4096));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += 1;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** A JSON POST whose body is `stream`, as a framework hands on an upload still arriving. */
const streamedPost = (stream: ReadableStream<Uint8Array>): Request =>
  new Request('https://shop.test/api/pin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);

/** `{ a: { a: … {} } }`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
}

describe('/api/pin body checks (Web Request)', () => {
  it('refuses a declared Content-Length over the limit before reading', async () => {
    const { POST, client } = handler();
    const { stream, state } = endlessStream();
    const request = streamedPost(stream);
    request.headers.set('content-length', '20000');
    const response = await POST(request);
    await expectError(response, 413, 'payload_too_large');
    expect(response.headers.get('connection')).toBe('close');
    expect(state.pulled).toBeLessThanOrEqual(1);
    expect(client.enqueued).toEqual([]);
  });

  it('counts bytes while reading and cancels an endless body past the limit', async () => {
    const { POST, client } = handler({ maxBodyBytes: 10_000 });
    const { stream, state } = endlessStream();
    const request = streamedPost(stream);
    const error = await expectError(await POST(request), 413, 'payload_too_large');
    expect(error.message).toContain('10000');
    expect(state.cancelled).toBe(true);
    // 3 chunks (12 KiB) pass the limit; a stream may be pulled a little ahead of the reader.
    expect(state.pulled).toBeLessThan(6);
    expect(client.enqueued).toEqual([]);
  });

  it('answers 408 with Connection: close to a body that has not arrived by bodyTimeoutMs', async () => {
    const { POST, client } = handler({ bodyTimeoutMs: 150 });
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"events":['));
      },
      cancel() {
        cancelled = true;
      },
    });
    const started = performance.now();
    const response = await POST(streamedPost(stalled));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.headers.get('connection')).toBe('close');
    await expectError(response, 408, 'request_timeout');
    expect(cancelled).toBe(true);
    expect(client.enqueued).toEqual([]);
    expect(() => createPinHandler({ bodyTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_config', path: 'bodyTimeoutMs' }),
    );
  });

  it('answers an upload the client broke off as 400 body_aborted, reported as a refusal only', async () => {
    const reports: PinbridgeReport[] = [];
    const { POST } = handler({ onReport: (report) => reports.push(report) });
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"events":['));
        setTimeout(() => controller.error(new TypeError('terminated')), 5);
      },
    });
    const response = await POST(streamedPost(broken));
    await expectError(response, 400, 'body_aborted');
    expect(reports.map((report) => [report.stage, report.code])).toEqual([
      ['refused', 'body_aborted'],
    ]);
  });

  it('takes a body up to 16 KiB by default and refuses one byte more', async () => {
    const { POST } = handler();
    const base = JSON.stringify({ events: [wireEvent()] });
    const exact = base.padEnd(16 * 1024, ' ');
    expect((await POST(postPin(exact))).status).toBe(202);
    await expectError(await POST(postPin(`${exact} `)), 413, 'payload_too_large');
  });

  it.each([
    ['no content type', undefined],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['xml', 'application/xml'],
    ['json in UTF-16', 'application/json; charset=utf-16'],
  ])('refuses %s with 415', async (_, type) => {
    const { POST, client } = handler();
    const request = postPin({ events: [wireEvent()] });
    if (type) request.headers.set('content-type', type);
    else request.headers.delete('content-type');
    await expectError(await POST(request), 415, 'unsupported_media_type');
    expect(client.enqueued).toEqual([]);
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset="UTF-8"',
    'text/plain;charset=UTF-8',
    'text/plain',
  ])('accepts %s', async (type) => {
    const { POST, settled, client } = handler();
    const response = await POST(postPin({ events: [wireEvent()] }, { 'content-type': type }));
    expect(response.status).toBe(202);
    await settled();
    expect(client.enqueued).toHaveLength(1);
  });

  it.each([
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'invalid_encoding', ''],
    [
      'a lone surrogate half in UTF-8',
      new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]),
      'invalid_encoding',
      '',
    ],
    ['an empty body', '', 'invalid_json', ''],
    ['whitespace', '  \n', 'invalid_json', ''],
    ['truncated JSON', '{"events":[', 'invalid_json', ''],
    ['a JSON string', '"events"', 'invalid_body', 'events'],
    ['null', 'null', 'invalid_body', 'events'],
    [
      '__proto__ at the top',
      '{"__proto__":{"polluted":1},"events":[]}',
      'forbidden_key',
      '__proto__',
    ],
    [
      '__proto__ inside props',
      `{"events":[{"name":"lead","props":{"a":{"__proto__":{"x":1}}}}]}`,
      'forbidden_key',
      // Keys outside the wire's vocabulary are named by position: a key may be a value.
      'events[0].props[field 1].__proto__',
    ],
    [
      'constructor',
      '{"events":[{"constructor":{"prototype":{}}}]}',
      'forbidden_key',
      'events[0].constructor',
    ],
    ['prototype', '{"events":[],"x":{"prototype":1}}', 'forbidden_key', '[field 2].prototype'],
  ])('refuses %s with 400', async (_, body, code, path) => {
    const { POST, client } = handler();
    await expectError(await POST(postPin(body)), 400, code, path);
    expect(client.enqueued).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    [
      'deep nesting',
      { events: [wireEvent({ props: nested(8) })] },
      'too_deep',
      `events[0].props${'[field 1]'.repeat(7)}`,
    ],
    [
      'a url over 2048 characters',
      { events: [wireEvent({ url: `https://shop.test/${'a'.repeat(2040)}` })] },
      'too_large_value',
      'events[0].url',
    ],
    [
      'a name over 512 characters',
      { events: [wireEvent({ name: 'x'.repeat(513) })] },
      'too_large_value',
      'events[0].name',
    ],
    [
      'a props string over 512',
      { events: [wireEvent({ props: { content_name: 'n'.repeat(513) } })] },
      'too_large_value',
      'events[0].props.content_name',
    ],
    [
      'an email over 512',
      { events: [wireEvent({ user: { em: `${'e'.repeat(510)}@x.io` } })] },
      'too_large_value',
      'events[0].user.em',
    ],
    [
      '101 contents',
      {
        events: [
          wireEvent({
            props: { contents: Array.from({ length: 101 }, (_, i) => ({ id: `S${i}` })) },
          }),
        ],
      },
      'too_large_value',
      'events[0].props.contents',
    ],
    [
      '65 props keys',
      {
        events: [
          wireEvent({
            props: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 1])),
          }),
        ],
      },
      'too_large_value',
      'events[0].props',
    ],
    [
      'a key over 128 characters',
      { events: [wireEvent({ props: { ['k'.repeat(129)]: 1 } })] },
      'too_large_value',
      'events[0].props',
    ],
    [
      '26 events',
      {
        events: Array.from({ length: 26 }, (_, i) =>
          wireEvent({ event_id: `evt_many_${String(i).padStart(4, '0')}` }),
        ),
      },
      'invalid_body',
      'events',
    ],
    [
      'a numeric time',
      { events: [wireEvent({ time: '1700000000000' })] },
      'invalid_body',
      'events[0].time',
    ],
    [
      'an unknown event name',
      { events: [wireEvent({ name: 'Cart Abandoned' })] },
      'invalid_body',
      'events[0].name',
    ],
    [
      'an array user',
      { events: [wireEvent({ user: ['a@b.c'] })] },
      'invalid_body',
      'events[0].user',
    ],
  ])('refuses %s with 400 naming the value', async (_, body, code, path) => {
    const { POST, client } = handler();
    const error = await expectError(await POST(postPin(body)), 400, code, path);
    expect(error.message).not.toMatch(/x{20}|n{20}|e{20}/);
    expect(client.enqueued).toEqual([]);
  });

  it('keeps a 2048-character url and 512-character strings', async () => {
    const { POST, settled, client } = handler();
    const url = `https://shop.test/${'a'.repeat(2048 - 'https://shop.test/'.length)}`;
    const props = { content_name: 'n'.repeat(512), value: 1, currency: 'USD' };
    const response = await POST(postPin({ events: [wireEvent({ url, props })] }));
    expect(response.status).toBe(202);
    await settled();
    expect(client.enqueued[0].event_source_url).toBe(url);
  });

  it('answers an event core cannot build as 400 invalid_event, never 5xx', async () => {
    const { POST, client } = handler({ onReport: () => {} });
    const body = { events: [wireEvent({ props: { value: 1, currency: 'dollars' } })] };
    await expectError(
      await POST(postPin(body)),
      400,
      'invalid_event',
      'events[0].custom_data.currency',
    );
    expect(client.enqueued).toEqual([]);
  });

  it('turns a bug into a report and a 400, never a 5xx or a throw', async () => {
    const reports: PinbridgeReport[] = [];
    const { POST, client } = handler({
      onReport: (report) => reports.push(report),
      getClientIp: () => {
        throw new RangeError('boom');
      },
    });
    await expectError(await POST(postPin({ events: [wireEvent()] })), 400, 'internal_error');
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'error',
        code: 'internal_error',
        source: 'handler',
        message: expect.stringContaining('RangeError'),
      }),
      expect.objectContaining({ stage: 'refused', code: 'internal_error', status: 400 }),
    ]);
    expect(client.enqueued).toEqual([]);
  });
});
