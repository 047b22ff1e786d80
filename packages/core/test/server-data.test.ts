import type { PinbridgeReport } from '@pinbridge/core';
import { createPinHandler, type PinHandlerOptions } from '@pinbridge/core/server';
import { describe, expect, it } from 'vitest';
import { expectError, fakeClient, fakeWaitUntil, postPin, wireEvent } from './server-helpers.js';

// Every event carries an email, so it is identifiable whatever IP the handler resolves.
const user = { em: 'ada@example.com' };
const event = (overrides: Record<string, unknown> = {}) => wireEvent({ user, ...overrides });

function handler(options: PinHandlerOptions = {}) {
  const client = fakeClient();
  const reports: PinbridgeReport[] = [];
  const lines: string[] = [];
  const { waitUntil, settled } = fakeWaitUntil();
  const handle = createPinHandler({
    client,
    rateLimit: false,
    onReport: (report) => reports.push(report),
    debug: (line) => lines.push(line),
    ...options,
  });
  const POST = (body: unknown) => handle(postPin(body), { waitUntil, ip: '203.0.113.5' });
  return { POST, client, reports, lines, settled };
}

describe('money in the wire', () => {
  it.each([
    ['a negative value', { value: -100, currency: 'USD' }, 'events[0].props.value'],
    ['a negative value as text', { value: '-100' }, 'events[0].props.value'],
    ['a negative total', { total: -5 }, 'events[0].props.total'],
    ['a negative revenue', { revenue: '-0.5' }, 'events[0].props.revenue'],
    ['a value past a double', { value: '1e400' }, 'events[0].props.value'],
    ['Infinity as text', { value: 'Infinity' }, 'events[0].props.value'],
    ['a negative predicted_ltv', { predicted_ltv: -1 }, 'events[0].props.predicted_ltv'],
    [
      'a negative item_price',
      {
        contents: [
          { id: 'A', item_price: 1 },
          { id: 'B', item_price: -1 },
        ],
      },
      'events[0].props.contents[1].item_price',
    ],
    [
      'a negative product price',
      { products: [{ product_id: 'A', price: -9.99 }] },
      'events[0].props.products[0].price',
    ],
    ['a negative single-product price', { sku: 'A', price: -1 }, 'events[0].props.price'],
  ])('refuses %s with 400 naming the path, and sends nothing', async (_, props, path) => {
    const { POST, client, settled } = handler();
    const body = { events: [event({ event_id: 'evt_fine_00001' }), event({ props })] };
    const error = await expectError(
      await POST(body),
      400,
      'invalid_body',
      path.replace('[0]', '[1]'),
    );
    expect(error.message).not.toMatch(/-|1e400|Infinity/);
    await settled();
    expect(client.enqueued).toEqual([]);
  });

  it('forwards huge, tiny and exponent-form amounts as plain digits', async () => {
    const { POST, client, settled } = handler();
    const props = {
      value: 1e21,
      predicted_ltv: '1e5',
      contents: [
        { id: 'A', item_price: 1e308, quantity: 1 },
        { id: 'B', item_price: 1e-7, quantity: 1 },
      ],
    };
    expect((await POST({ events: [event({ props })] })).status).toBe(202);
    await settled();
    expect(client.enqueued[0].custom_data).toMatchObject({
      value: `1${'0'.repeat(21)}`,
      predicted_ltv: '100000',
      contents: [{ item_price: `1${'0'.repeat(308)}` }, { item_price: '0.0000001' }],
    });
  });
});

describe('times', () => {
  it('recognises a time sent in seconds instead of milliseconds', async () => {
    const { POST, client, reports, settled } = handler();
    const seconds = Math.floor(Date.now() / 1000) - 3600;
    expect((await POST({ events: [event({ time: seconds })] })).status).toBe(202);
    await settled();
    expect(client.enqueued[0].event_time).toBe(seconds);
    expect(reports.filter((report) => report.field === 'event_time')).toEqual([]);
  });

  it('still clamps a time in seconds that is outside the window', async () => {
    const { POST, client, reports, settled } = handler();
    const monthAgo = Math.floor(Date.now() / 1000) - 30 * 86_400;
    expect((await POST({ events: [event({ time: monthAgo })] })).status).toBe(202);
    await settled();
    expect(client.enqueued[0].event_time).toBeGreaterThan(Date.now() / 1000 - 7 * 86_400);
    expect(reports).toContainEqual(
      expect.objectContaining({ stage: 'value_dropped', field: 'event_time' }),
    );
  });
});

describe('duplicate event_ids in one body', () => {
  it('sends the first copy once, lists the others in the 202 and reports them', async () => {
    const { POST, client, reports, settled } = handler();
    const twice = 'evt_duplicated_1';
    const body = {
      events: [
        event({ event_id: twice }),
        event({ event_id: 'evt_other_00001' }),
        event({ event_id: twice, props: { value: 1 } }),
        event({ event_id: twice, props: { value: 2 } }),
      ],
    };
    const response = await POST(body);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 2,
      event_ids: [twice, 'evt_other_00001'],
      duplicates: [twice, twice],
    });
    await settled();
    expect(client.enqueued.map((sent) => sent.event_id)).toEqual([twice, 'evt_other_00001']);
    // The first copy is the one sent.
    expect(client.enqueued[0].custom_data?.value).toBe('42');
    expect(reports).toContainEqual(
      expect.objectContaining({
        stage: 'skipped',
        reason: 'duplicate',
        event_ids: [twice, twice],
        count: 2,
      }),
    );
  });

  it('keeps the 202 of a body without duplicates as it was', async () => {
    const { POST } = handler();
    const response = await POST({ events: [event()] });
    expect(await response.json()).toEqual({ accepted: 1, event_ids: ['evt_add_to_cart_1'] });
  });
});

describe('keys a visitor chose are never echoed', () => {
  const KEY = 'jane.doe@example.com';

  it.each([
    [
      'an unknown user key',
      { events: [event({ user: { em: 'a@b.co', [KEY]: 'x' } })] },
      'invalid_body',
      'events[0].user[field 2]',
    ],
    [
      'a props key over a too long value',
      { events: [event({ props: { value: 1, [KEY]: 'v'.repeat(600) } })] },
      'too_large_value',
      'events[0].props[field 2]',
    ],
    [
      'a contents key over a too long value',
      { events: [event({ props: { contents: [{ id: 'A', [KEY]: 'v'.repeat(600) }] } })] },
      'too_large_value',
      'events[0].props.contents[0][field 2]',
    ],
    [
      'an event key over a forbidden key',
      `{"events":[{"name":"lead","${KEY}":{"__proto__":{}}}]}`,
      'forbidden_key',
      'events[0][field 2].__proto__',
    ],
    [
      'an envelope key nesting too deep',
      { [KEY]: JSON.parse(`${'['.repeat(12)}${']'.repeat(12)}`), events: [event()] },
      'too_deep',
      `[field 1]${'[0]'.repeat(9)}`,
    ],
  ])('names %s by its position', async (_, body, code, path) => {
    const { POST, reports, lines } = handler();
    const error = await expectError(await POST(body), 400, code, path);
    expect(error.message).not.toContain('jane');
    const told = [...lines, ...reports.map((report) => JSON.stringify(report))];
    expect(told.length).toBeGreaterThan(0);
    for (const line of told) expect(line).not.toContain('jane');
  });
});
