import { createHash } from 'node:crypto';
import type { EventName } from '@pinbridge/core';
import {
  buildEvent,
  EVENT_NAMES,
  fromSemanticEvent,
  PinbridgeError,
  toTagEventName,
  validateEvents,
} from '@pinbridge/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { schemaValidator } from '../../../test/helpers/schema.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const visitor = { client_ip_address: '203.0.113.50', client_user_agent: 'Mozilla/5.0 (X11)' };
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0, 750);
const now = () => NOW;

describe('buildEvent', () => {
  it('fills the required fields', async () => {
    const event = await buildEvent({ event_name: 'page_visit' }, visitor, { now });
    expect(event).toEqual({
      event_name: 'page_visit',
      action_source: 'web',
      event_time: Math.floor(NOW / 1000),
      event_id: expect.stringMatching(/^[\w-]{21}$/),
      user_data: visitor,
    });
  });

  it('mints a different event_id per event and keeps a given one', async () => {
    const [a, b] = await Promise.all([
      buildEvent({ event_name: 'lead' }, visitor),
      buildEvent({ event_name: 'lead' }, visitor),
    ]);
    expect(a.event_id).not.toBe(b.event_id);
    const kept = await buildEvent({ event_name: 'lead', event_id: 'evt_abc123def456' }, visitor);
    expect(kept.event_id).toBe('evt_abc123def456');
  });

  it.each([
    ['seconds', 1706540000, 1706540000],
    ['milliseconds, floored', 1706540000999, 1706540000],
    ['fractional seconds, floored', 1706540000.9, 1706540000],
    ['an ISO string', '2024-01-29T14:53:20.500Z', 1706540000],
    ['a numeric string', '1706540000', 1706540000],
    ['a Date', new Date(1706540000_000), 1706540000],
    ['the future, clamped to now', NOW + 3_600_000, Math.floor(NOW / 1000)],
  ])('reads event_time from %s', async (_, input, expected) => {
    const event = await buildEvent({ event_name: 'lead', event_time: input }, visitor, { now });
    expect(event.event_time).toBe(expected);
  });

  it('rejects a time that is no time', async () => {
    await expect(buildEvent({ event_name: 'lead', event_time: 'soon' }, visitor)).rejects.toThrow(
      'event_time:',
    );
  });

  it('types custom_data as Pinterest wants it', async () => {
    const event = await buildEvent(
      {
        event_name: 'add_to_cart',
        custom_data: {
          value: 42,
          currency: ' eur ',
          contents: [
            { id: 7, item_price: 19.5, quantity: 2, item_name: 'Mug' },
            { id: 'B', item_price: '3.00' },
          ],
        },
      },
      visitor,
    );
    expect(event.custom_data).toEqual({
      value: '42',
      currency: 'EUR',
      contents: [
        { id: '7', item_price: '19.5', quantity: 2, item_name: 'Mug' },
        { id: 'B', item_price: '3.00' },
      ],
      content_ids: ['7', 'B'],
      num_items: 3,
    });
  });

  it.each([
    [{ value: 'ten' }, 'custom_data.value'],
    [{ currency: 'dollars' }, 'custom_data.currency'],
    [{ num_items: 1.5 }, 'custom_data.num_items'],
    [{ contents: [{ item_price: 1 }] }, 'custom_data.contents[0].id'],
    [{ contents: [{ id: 'A', quantity: -1 }] }, 'custom_data.contents[0].quantity'],
    [{ opt_out_type: 'GDPR' }, 'custom_data.opt_out_type'],
  ])('rejects bad custom_data %j at its path', async (custom_data, path) => {
    const attempt = buildEvent({ event_name: 'checkout', custom_data } as never, visitor);
    await expect(attempt).rejects.toBeInstanceOf(PinbridgeError);
    await expect(attempt).rejects.toMatchObject({ path });
  });

  it('never emits a key Pinterest would reject, and says which it left out', async () => {
    const onDrop = vi.fn();
    const event = await buildEvent(
      {
        event_name: 'custom',
        custom_event_name: 'Wishlist Shared',
        custom_data: { category_name: 'shoes', value: 1 },
        user_data: { ge: 'x', 'jane@example.com': 'a' },
      } as never,
      visitor,
      { onDrop },
    );
    expect(Object.keys(event)).not.toContain('custom_event_name');
    expect(event.custom_data).toEqual({ value: '1' });
    expect(onDrop.mock.calls).toEqual([
      [{ field: 'user_data[field 2]', reason: 'not a user_data field' }],
      [{ field: 'user_data.ge', reason: 'not f, m or n' }],
      // Keys outside Pinterest's fields are named by position: a key may be a value.
      [{ field: '[field 2]', reason: 'not a Conversions API event field' }],
      [{ field: 'custom_data[field 1]', reason: 'not a custom_data field' }],
    ]);
  });

  it('rejects names Pinterest does not know', async () => {
    await expect(
      buildEvent({ event_name: 'Order Completed' as EventName }, visitor),
    ).rejects.toMatchObject({
      path: 'event_name',
    });
  });

  it('requires an identity Pinterest can match', async () => {
    await expect(
      buildEvent({ event_name: 'lead' }, { client_ip_address: '203.0.113.50' }),
    ).rejects.toMatchObject({ path: 'user_data' });
    const byEmail = await buildEvent({ event_name: 'lead', user_data: { em: 'a@b.co' } });
    expect(byEmail.user_data.em).toEqual([sha256('a@b.co')]);
  });

  it('merges the request context under trusted identifiers', async () => {
    const event = await buildEvent(
      {
        event_name: 'checkout',
        user_data: { em: 'claimed@example.com', client_ip_address: '198.51.100.1' },
      },
      { ...visitor, click_id: 'dj0yJnU9', event_source_url: 'https://shop.test/checkout' },
      { user_data: { em: ' Ada@Example.com ', external_id: 'user-42' } },
    );
    expect(event.user_data).toEqual({
      ...visitor,
      click_id: 'dj0yJnU9',
      em: [sha256('ada@example.com')],
      external_id: [sha256('user-42')],
    });
    expect(event.event_source_url).toBe('https://shop.test/checkout');
  });

  it('carries the optional app, device, privacy and partner fields', async () => {
    const event = await buildEvent(
      {
        event_name: 'app_install',
        action_source: 'app_android',
        opt_out: false,
        language: 'en',
        app_info: { app_name: 'Shop', install_time: 1706540000 },
        device_info: { form_factor: 'cellphone', os_family: 'android', languages: ['en'] },
        custom_data: { opt_out_type: 'LDP' },
        user_data: { hashed_maids: 'cdda802e-fb9c-47ad-9866-0794d394c912' },
      },
      {},
      { partnerName: 'ss-pinbridge' },
    );
    expect(event).toMatchObject({
      partner_name: 'ss-pinbridge',
      opt_out: false,
      language: 'en',
      app_info: { app_name: 'Shop', install_time: 1706540000 },
      device_info: { form_factor: 'cellphone' },
      custom_data: { opt_out_type: 'LDP' },
    });
    await expect(
      buildEvent({ event_name: 'lead', device_info: { form_factor: 'phablet' } } as never, visitor),
    ).rejects.toMatchObject({ path: 'device_info.form_factor' });
    await expect(
      buildEvent({ event_name: 'lead', app_info: { app_colour: 'red' } } as never, visitor),
    ).rejects.toMatchObject({ path: 'app_info.app_colour' });
  });

  it.each(EVENT_NAMES)('emits a schema-exact %s', async (name) => {
    const event = await buildEvent(
      {
        event_name: name as EventName,
        event_source_url: 'https://shop.test/p/1',
        user_data: { em: 'ada@example.com', ph: '+1 650 555 1212', country: 'US', zp: '94025' },
        custom_data: {
          value: 10,
          currency: 'usd',
          contents: [{ id: 'A', item_price: 10, quantity: 1 }],
        },
      },
      visitor,
    );
    const body = { data: [event] };
    expect(validateEvents(body)).toEqual({ valid: true, errors: [] });
    if (schemaValidator) expect(schemaValidator(body).errors).toEqual([]);
  });

  it('rejects a blank event_id, which would pair the event with no Tag copy', async () => {
    await expect(buildEvent({ event_name: 'lead', event_id: '  ' }, visitor)).rejects.toMatchObject(
      {
        path: 'event_id',
      },
    );
  });

  // The contract the handler relies on instead of checking built events again: whatever loose
  // input it is given, buildEvent either throws a PinbridgeError or returns an exact event.
  it('returns only events validateEvents accepts, or throws a PinbridgeError', async () => {
    const loose = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: false }),
    );
    // Mostly absent or sound, sometimes anything: enough events get built to test the output.
    const field = (...sound: fc.Arbitrary<unknown>[]) =>
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        ...sound.map((arbitrary) => ({ arbitrary, weight: 3 })),
        { arbitrary: loose, weight: 1 },
      );
    const text = fc.string({ maxLength: 12 });
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 10_000 }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.constantFrom('1e3', '12.50', 1e21),
    );
    const content = fc.record(
      {
        id: fc.oneof(text, fc.integer()),
        item_price: field(amount),
        quantity: field(fc.nat(9)),
        item_name: field(text),
      },
      { requiredKeys: ['id'] },
    );
    const input = fc.record(
      {
        event_name: fc.constantFrom(...EVENT_NAMES),
        action_source: field(fc.constantFrom('web', 'app_ios', 'offline')),
        event_id: field(fc.constant('  '), fc.string({ minLength: 1, maxLength: 40 })),
        event_time: field(
          fc.constant('2026-01-01T00:00:00Z'),
          fc.constant(Date.now() + 86_400_000),
          fc.integer({ min: 0 }),
        ),
        event_source_url: field(text),
        language: field(text),
        opt_out: field(fc.boolean()),
        partner_name: field(text),
        custom_event_name: field(text),
        user_data: fc.dictionary(
          fc.constantFrom(
            'em',
            'ph',
            'ge',
            'db',
            'fn',
            'st',
            'country',
            'zp',
            'external_id',
            'email',
          ),
          fc.oneof(loose, fc.array(loose, { maxLength: 3 })),
          { maxKeys: 4 },
        ),
        custom_data: fc.record(
          {
            value: field(amount),
            currency: field(fc.constantFrom('usd', 'EUR', 'US')),
            order_id: field(text, fc.integer()),
            contents: field(fc.array(content, { maxLength: 3 })),
            content_ids: field(fc.array(fc.oneof(text, fc.integer()), { maxLength: 3 })),
            num_items: field(fc.nat(20)),
            opt_out_type: field(fc.constant('LDP')),
            predicted_ltv: field(amount),
            unknown_key: field(text),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['event_name'] },
    );
    const context = fc.record(
      {
        client_ip_address: fc.constantFrom('203.0.113.9', ''),
        client_user_agent: fc.constantFrom('Mozilla/5.0', ''),
        click_id: fc.oneof(text, fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    let built = 0;
    await fc.assert(
      fc.asyncProperty(input, context, async (raw, facts) => {
        let event: Awaited<ReturnType<typeof buildEvent>>;
        try {
          event = await buildEvent(raw as never, facts);
        } catch (error) {
          expect(error).toBeInstanceOf(PinbridgeError);
          return;
        }
        built += 1;
        expect(validateEvents({ data: [event] }).errors).toEqual([]);
        if (schemaValidator) expect(schemaValidator({ data: [event] }).errors).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    // The property covered built events, not only refusals.
    expect(built).toBeGreaterThan(100);
  });
});

describe('fromSemanticEvent', () => {
  const seedCheckout = {
    order_id: 'ORD-001',
    total: 129.99,
    currency: 'USD',
    products: [
      { product_id: 'SKU-A', name: 'Widget', price: 49.99, quantity: 2 },
      { product_id: 'SKU-B', name: 'Gadget', price: 30.01, quantity: 1 },
    ],
  };

  it("gives the Datafly seed's checkout custom_data exactly", async () => {
    const input = fromSemanticEvent('Order Completed', seedCheckout);
    expect(input.event_name).toBe('checkout');
    const event = await buildEvent(input, visitor);
    expect(event.custom_data).toEqual({
      currency: 'USD',
      value: '129.99',
      order_id: 'ORD-001',
      num_items: 3,
      content_ids: ['SKU-A', 'SKU-B'],
      contents: [
        { id: 'SKU-A', item_price: '49.99', quantity: 2, item_name: 'Widget' },
        { id: 'SKU-B', item_price: '30.01', quantity: 1, item_name: 'Gadget' },
      ],
    });
  });

  it.each([
    ['page', 'page_visit'],
    ['Page Viewed', 'page_visit'],
    ['Product Added', 'add_to_cart'],
    ['Order Completed', 'checkout'],
    ['Product Purchased', 'checkout'],
    ['Signed Up', 'signup'],
    ['Lead Generated', 'lead'],
    ['Products Searched', 'search'],
    ['Product Viewed', 'view_category'],
    ['add_to_cart', 'add_to_cart'],
    ['Wishlist Shared', 'custom'],
  ])('maps %s to %s', (name, expected) => {
    expect(fromSemanticEvent(name).event_name).toBe(expected);
  });

  it("maps the Tag's event data (Pinterest's own checkout example) to the same conversion", async () => {
    const tagData = {
      value: 116,
      order_quantity: 2,
      currency: 'USD',
      order_id: 'X-151481',
      promo_code: 'WINTER',
      line_items: [
        {
          product_name: 'Pillows (Set of 2)',
          product_id: '11',
          product_price: 48,
          product_quantity: 1,
          product_category: 'Home',
          product_brand: 'Soft',
          product_variant: 'blue',
        },
        { product_id: '12', product_price: '68.00', product_quantity: 1 },
      ],
    };
    const input = fromSemanticEvent('checkout', tagData);
    const event = await buildEvent(input, visitor);
    expect(event.custom_data).toEqual({
      currency: 'USD',
      value: '116',
      order_id: 'X-151481',
      num_items: 2,
      content_ids: ['11', '12'],
      contents: [
        {
          id: '11',
          item_price: '48',
          quantity: 1,
          item_name: 'Pillows (Set of 2)',
          item_category: 'Home',
          item_brand: 'Soft',
        },
        { id: '12', item_price: '68.00', quantity: 1 },
      ],
    });
    expect(fromSemanticEvent('search', { search_query: 'linen' }).custom_data).toEqual({
      search_string: 'linen',
    });
    // Each list in its own vocabulary: Segment's names mean nothing in the Tag's line_items.
    expect(
      fromSemanticEvent('checkout', { line_items: [{ sku: 'S', price: 1, product_id: 'P' }] })
        .custom_data,
    ).toEqual({ contents: [{ id: 'P' }] });
  });

  it('maps the query of a search and a single added product', () => {
    expect(fromSemanticEvent('Products Searched', { query: 'blue mug' }).custom_data).toEqual({
      search_string: 'blue mug',
    });
    expect(
      fromSemanticEvent('Product Added', { sku: 'M-1', price: 12, quantity: 1, brand: 'Acme' })
        .custom_data,
    ).toEqual({ contents: [{ id: 'M-1', item_price: 12, quantity: 1, item_brand: 'Acme' }] });
  });

  it('takes value from value, total or revenue', () => {
    expect(fromSemanticEvent('checkout', { revenue: 5 }).custom_data).toEqual({ value: 5 });
    expect(fromSemanticEvent('checkout', { value: 7, total: 5 }).custom_data).toEqual({ value: 7 });
  });

  it('lets the mapping be overridden', () => {
    const mapping = { 'Trial Started': 'subscribe' } as const;
    expect(fromSemanticEvent('Trial Started', {}, { mapping }).event_name).toBe('subscribe');
    expect(fromSemanticEvent('Order Completed', {}, { mapping }).event_name).toBe('custom');
  });
});

describe('toTagEventName', () => {
  // Pinterest's API <-> Tag table (developer docs), in the lowercase form its plugins send.
  it.each([
    ['add_to_cart', 'addtocart'],
    ['page_visit', 'pagevisit'],
    ['checkout', 'checkout'],
    ['signup', 'signup'],
    ['search', 'search'],
    ['view_category', 'viewcategory'],
    ['add_payment_info', 'addpaymentinfo'],
    ['custom', 'custom'],
  ])('names %s %s on the Tag', (name, tagName) => {
    expect(toTagEventName(name)).toBe(tagName);
  });
});
