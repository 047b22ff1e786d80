import { buildEvent, fromSemanticEvent, PinbridgeError } from '@pinbridge/core';
import { sendPinterestEvent } from '@pinbridge/core/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY_ITEM_PROPS, MONEY_PROPS, PROP_KEYS } from '../src/semantic.js';
import { fakeClient } from './server-helpers.js';

const visitor = { client_ip_address: '203.0.113.50', client_user_agent: 'Mozilla/5.0 (X11)' };
const PLAIN = /^\d+(\.\d+)?$/;

async function builtValue(value: unknown): Promise<string | undefined> {
  const event = await buildEvent(
    { event_name: 'checkout', custom_data: { value } } as never,
    visitor,
  );
  return event.custom_data?.value ?? undefined;
}

describe('money as Pinterest reads it: plain digits, one rule for numbers and strings', () => {
  it.each([
    [1e21, `1${'0'.repeat(21)}`],
    [1e308, `1${'0'.repeat(308)}`],
    [1.5e22, `15${'0'.repeat(21)}`],
    [1e-7, '0.0000001'],
    [1.25e-10, '0.000000000125'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [129.99, '129.99'],
    [0, '0'],
    [-0, '0'],
    ['1e5', '100000'],
    [1e5, '100000'],
    ['1.5E3', '1500'],
    ['2.5e-3', '0.0025'],
    ['1e+21', `1${'0'.repeat(21)}`],
    [' 3.00 ', '3.00'],
    ['12345678901234567890.125', '12345678901234567890.125'],
  ])('writes %j as %j', async (input, expected) => {
    expect(await builtValue(input)).toBe(expected);
  });

  it('writes any non-negative double in plain digits that parse back to the same double', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), async (n) => {
        const text = await builtValue(n);
        expect(text).toMatch(PLAIN);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
        // The string a number is written as gives the same answer.
        expect(await builtValue(String(n))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['value', { value: -100 }, 'custom_data.value'],
    ['value as a string', { value: '-100' }, 'custom_data.value'],
    ['a tiny negative value', { value: -1e-9 }, 'custom_data.value'],
    ['an infinite value', { value: Number.POSITIVE_INFINITY }, 'custom_data.value'],
    ['NaN', { value: Number.NaN }, 'custom_data.value'],
    ['a value past a double', { value: '1e400' }, 'custom_data.value'],
    ['a value below any double', { value: '1e-400' }, 'custom_data.value'],
    ['Infinity as text', { value: 'Infinity' }, 'custom_data.value'],
    ['predicted_ltv', { predicted_ltv: -5 }, 'custom_data.predicted_ltv'],
    [
      'item_price',
      {
        contents: [
          { id: 'A', item_price: 1 },
          { id: 'B', item_price: -1 },
        ],
      },
      'custom_data.contents[1].item_price',
    ],
  ])('refuses a negative or non-finite %s at its path', async (_, custom_data, path) => {
    const attempt = buildEvent({ event_name: 'checkout', custom_data } as never, visitor);
    await expect(attempt).rejects.toBeInstanceOf(PinbridgeError);
    await expect(attempt).rejects.toMatchObject({ path });
  });

  it('refuses negative money in sendPinterestEvent before anything is queued', async () => {
    const client = fakeClient();
    const send = (props: Record<string, unknown>) =>
      sendPinterestEvent(
        { name: 'checkout', props, user: { email: 'bo@example.com' } },
        { client, headers: new Headers({ 'user-agent': 'Mozilla/5.0' }) },
      );
    await expect(send({ value: -100, currency: 'USD' })).rejects.toMatchObject({
      name: 'PinbridgeError',
      path: 'props.value',
    });
    await expect(send({ products: [{ product_id: 'A', price: -3 }] })).rejects.toMatchObject({
      path: 'props.products[0].price',
    });
    await expect(send({ total: '-1e2' })).rejects.toMatchObject({ path: 'props.total' });
    expect(client.enqueued).toEqual([]);
  });
});

describe('the props vocabulary', () => {
  // Props that record every key read: a cart with products, and a single product at the top.
  function recording(read: Set<string>, target: Record<string, unknown>) {
    return new Proxy(target, {
      get: (object, key) => {
        read.add(String(key));
        return object[String(key)];
      },
    });
  }

  it('lists every key fromSemanticEvent reads', () => {
    const read = new Set<string>();
    const product = recording(read, { product_id: 'A' });
    fromSemanticEvent('Order Completed', recording(read, { products: [product] }));
    fromSemanticEvent('Product Added', recording(read, { sku: 'A' }));
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((key) => !PROP_KEYS.includes(key))).toEqual([]);
  });

  it('names as money exactly the keys that become value, predicted_ltv or item_price', () => {
    for (const key of PROP_KEYS) {
      const top = fromSemanticEvent('checkout', { [key]: 7, product_id: 'A' }).custom_data ?? {};
      const money =
        top.value === 7 || top.predicted_ltv === 7 || top.contents?.[0]?.item_price === 7;
      expect(MONEY_PROPS.includes(key as never), `props.${key}`).toBe(money);
      for (const list of ['contents', 'line_items', 'products'] as const) {
        const items = [{ id: 'A', product_id: 'A', [key]: 7 }];
        const [item] = fromSemanticEvent('checkout', { [list]: items }).custom_data?.contents ?? [];
        expect(MONEY_ITEM_PROPS[list] === key, `${list}[].${key}`).toBe(item?.item_price === 7);
      }
    }
  });
});
