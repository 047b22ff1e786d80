import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../../../test/helpers/schema.js';
import { type IssueKind, MAX_ISSUES, validateEvents } from '../src/validate.js';

const NOW_MS = Date.UTC(2025, 5, 1, 12);
const NOW = NOW_MS / 1000;
const now = () => NOW_MS;

const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const EMAIL = sha('jane@example.com');

type Json = Record<string, unknown>;

function minimalEvent(): Json {
  return {
    event_name: 'page_visit',
    action_source: 'web',
    event_time: NOW - 10,
    event_id: 'evt-1',
    user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' },
  };
}

function fullEvent(): Json {
  return {
    event_name: 'checkout',
    action_source: 'app_ios',
    event_time: NOW,
    event_id: 'evt-2',
    event_source_url: 'https://shop.example/checkout',
    opt_out: false,
    partner_name: 'ss-pinbridge',
    language: 'en',
    app_id: '429047995',
    app_name: 'Shop',
    app_version: '7.9',
    device_brand: 'Apple',
    device_carrier: null,
    device_model: 'iPhone X',
    device_type: 'iPhone',
    os_version: '18.3',
    wifi: true,
    app_info: {
      app_id: '429047995',
      app_name: 'Shop',
      app_package_name: 'com.shop.app',
      app_store: 'Apple App Store',
      app_version: '7.9',
      install_time: 1739222269,
      user_agent: 'Shop/7.9',
      window_height: 900,
      window_width: 30720,
    },
    device_info: {
      battery_level: 100,
      brand: 'Apple',
      carrier: 'Carrier',
      cpu_cores: 6,
      external_storage_free_space: 0,
      external_storage_size: 0,
      form_factor: 'cellphone',
      kernel_version: '24.1',
      languages: ['en', 'fr'],
      locale: 'en-US',
      model: 'iPhone16,1',
      network_type: 'cellular_5g',
      os_family: 'ios',
      os_name: '18',
      os_release_name: 'Dawn',
      os_version: '18.3',
      screen_density: 460,
      screen_height: 2868,
      screen_width: 1320,
      storage_free_space: 184,
      storage_size: 256,
      timezone: 'America/New_York',
      timezone_abbr: 'EDT',
      type: 'iPhone',
    },
    user_data: {
      em: [EMAIL, sha('jane@work.example')],
      ph: [sha('16505551212')],
      ge: [sha('f')],
      db: [sha('19900214')],
      ln: [sha('doe')],
      fn: [sha('jane')],
      ct: [sha('stlouis')],
      st: [sha('mo')],
      zp: [sha('63101')],
      country: [sha('us')],
      external_id: [sha('user-42')],
      hashed_maids: [sha('maid')],
      client_ip_address: '2001:db8::1',
      client_user_agent: 'Mozilla/5.0',
      click_id: null,
      partner_id: 'partner-1',
    },
    custom_data: {
      currency: 'USD',
      value: '129.99',
      content_ids: ['SKU-A', 'SKU-B'],
      contents: [
        { id: 'SKU-A', item_price: '49.99', quantity: 2, item_name: 'A' },
        { id: 'SKU-B', item_price: '30.01', quantity: 1, item_category: 'c', item_brand: 'b' },
      ],
      num_items: 3,
      order_id: 'ORD-001',
      search_string: null,
      content_name: 'Checkout',
      content_category: null,
      content_brand: null,
      opt_out_type: 'LDP',
      predicted_ltv: '1e3',
      np: null,
      external_measurement_id: null,
      external_measurement_vendor_id: null,
    },
  };
}

const body = (...events: Json[]): Json => ({ data: events });

/** Sets `value` at a dotted path of an event (array indexes as numbers); undefined deletes. */
function withField(event: Json, path: string, value: unknown): Json {
  const copy = structuredClone(event);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const change = (path: string, value: unknown, base = minimalEvent) =>
  body(withField(base(), path, value));

const validBodies: [string, unknown][] = [
  ['a minimal web event (IP + user agent)', body(minimalEvent())],
  ['an event with every field', body(fullEvent())],
  ['an event identified by email only', change('user_data', { em: [EMAIL] })],
  ['an event identified by a mobile ad id only', change('user_data', { hashed_maids: [EMAIL] })],
  ['open user_data keeps unknown keys', change('user_data.opt_out_type', 'LDP')],
  ['event_time at the clock-skew limit', change('event_time', NOW + 60)],
  ['nullable fields set to null', change('event_source_url', null)],
  ['custom_data value as null', change('custom_data', { value: null, currency: null })],
  ['an empty custom_data', change('custom_data', {})],
  ['1,000 events', body(...Array.from({ length: 1000 }, minimalEvent))],
];

// [description, body, path of the single issue, kind]
const invalidBodies: [string, unknown, string, IssueKind][] = [
  ['body is null', null, '', 'schema'],
  ['body is an array', [minimalEvent()], '', 'schema'],
  ['body without data', {}, 'data', 'schema'],
  ['unknown top-level key', { ...body(minimalEvent()), test: true }, 'test', 'schema'],
  ['data is an object', { data: minimalEvent() }, 'data', 'schema'],
  ['no events', body(), 'data', 'schema'],
  ['1,001 events', body(...Array.from({ length: 1001 }, minimalEvent)), 'data', 'schema'],
  ['an event is a string', { data: ['page_visit'] }, 'data[0]', 'schema'],
  ['event_name missing', change('event_name', undefined), 'data[0].event_name', 'schema'],
  ['action_source missing', change('action_source', undefined), 'data[0].action_source', 'schema'],
  ['event_time missing', change('event_time', undefined), 'data[0].event_time', 'schema'],
  ['event_id missing', change('event_id', undefined), 'data[0].event_id', 'schema'],
  ['user_data missing', change('user_data', undefined), 'data[0].user_data', 'schema'],
  [
    'unknown event key',
    change('advertiser_tracking_enabled', true),
    'data[0].advertiser_tracking_enabled',
    'schema',
  ],
  ['odd unknown key', change('my key', 1), 'data[0]["my key"]', 'schema'],
  ['event_name not a string', change('event_name', 3), 'data[0].event_name', 'schema'],
  ['event_name not listed', change('event_name', 'purchase'), 'data[0].event_name', 'rule'],
  ['action_source not a string', change('action_source', null), 'data[0].action_source', 'schema'],
  ['action_source not listed', change('action_source', 'website'), 'data[0].action_source', 'rule'],
  ['event_time as a string', change('event_time', String(NOW)), 'data[0].event_time', 'schema'],
  ['event_time fractional', change('event_time', NOW + 0.5), 'data[0].event_time', 'schema'],
  ['event_time in milliseconds', change('event_time', NOW_MS - 1000), 'data[0].event_time', 'rule'],
  ['event_time in the future', change('event_time', NOW + 61), 'data[0].event_time', 'rule'],
  ['event_id empty', change('event_id', ' '), 'data[0].event_id', 'rule'],
  ['event_id a number', change('event_id', 42), 'data[0].event_id', 'schema'],
  ['opt_out not boolean', change('opt_out', 'yes'), 'data[0].opt_out', 'schema'],
  ['wifi not boolean', change('wifi', 1), 'data[0].wifi', 'schema'],
  ['language not a string', change('language', 5), 'data[0].language', 'schema'],
  ['user_data an array', change('user_data', []), 'data[0].user_data', 'schema'],
  [
    'user_data without identifier',
    change('user_data', { ph: [EMAIL] }),
    'data[0].user_data',
    'schema',
  ],
  [
    'IP without user agent',
    change('user_data.client_user_agent', undefined),
    'data[0].user_data',
    'schema',
  ],
  [
    'empty email list as the only identifier',
    change('user_data', { em: [] }),
    'data[0].user_data',
    'rule',
  ],
  ['em a string', change('user_data', { em: EMAIL }), 'data[0].user_data.em', 'schema'],
  [
    'em item unhashed',
    change('user_data.em', [EMAIL, 'jane@example.com']),
    'data[0].user_data.em[1]',
    'rule',
  ],
  [
    'em item uppercase hex',
    change('user_data.em', [EMAIL.toUpperCase()]),
    'data[0].user_data.em[0]',
    'rule',
  ],
  ['em item a number', change('user_data.em', [5]), 'data[0].user_data.em[0]', 'schema'],
  ['ph item unhashed', change('user_data.ph', ['16505551212']), 'data[0].user_data.ph[0]', 'rule'],
  [
    'country item unhashed',
    change('user_data.country', ['us']),
    'data[0].user_data.country[0]',
    'rule',
  ],
  [
    'client_ip_address null',
    change('user_data.client_ip_address', null),
    'data[0].user_data.client_ip_address',
    'schema',
  ],
  [
    'partner_id a number',
    change('user_data.partner_id', 5),
    'data[0].user_data.partner_id',
    'schema',
  ],
  ['click_id an object', change('user_data.click_id', {}), 'data[0].user_data.click_id', 'schema'],
  ['custom_data null', change('custom_data', null), 'data[0].custom_data', 'schema'],
  [
    'custom_data unknown key',
    change('custom_data.category_name', 'x'),
    'data[0].custom_data.category_name',
    'schema',
  ],
  [
    'Datafly custom_event_name',
    change('custom_data.custom_event_name', 'x'),
    'data[0].custom_data.custom_event_name',
    'schema',
  ],
  ['value a number', change('custom_data.value', 129.99), 'data[0].custom_data.value', 'schema'],
  ['value not numeric', change('custom_data.value', '12,99'), 'data[0].custom_data.value', 'rule'],
  [
    'predicted_ltv not numeric',
    change('custom_data.predicted_ltv', 'high'),
    'data[0].custom_data.predicted_ltv',
    'rule',
  ],
  [
    'num_items a string',
    change('custom_data.num_items', '3'),
    'data[0].custom_data.num_items',
    'schema',
  ],
  [
    'num_items fractional',
    change('custom_data.num_items', 1.5),
    'data[0].custom_data.num_items',
    'schema',
  ],
  [
    'content_ids numbers',
    change('custom_data.content_ids', [1]),
    'data[0].custom_data.content_ids[0]',
    'schema',
  ],
  [
    'contents not an array',
    change('custom_data.contents', {}),
    'data[0].custom_data.contents',
    'schema',
  ],
  [
    'item_price a number',
    change('custom_data.contents', [{ id: 'a', item_price: 9.5 }]),
    'data[0].custom_data.contents[0].item_price',
    'schema',
  ],
  [
    'item_price not numeric',
    change('custom_data.contents', [{ id: 'a', item_price: 'free' }]),
    'data[0].custom_data.contents[0].item_price',
    'rule',
  ],
  [
    'quantity a string',
    change('custom_data.contents', [{ id: 'a', quantity: '2' }]),
    'data[0].custom_data.contents[0].quantity',
    'schema',
  ],
  [
    'contents unknown key',
    change('custom_data.contents', [{ id: 'a', sku: 'a' }]),
    'data[0].custom_data.contents[0].sku',
    'schema',
  ],
  [
    'opt_out_type not LDP',
    change('custom_data.opt_out_type', 'ldp'),
    'data[0].custom_data.opt_out_type',
    'rule',
  ],
  [
    'external_measurement_vendor_id a string',
    change('custom_data.external_measurement_vendor_id', '7'),
    'data[0].custom_data.external_measurement_vendor_id',
    'schema',
  ],
  ['app_info unknown key', change('app_info.os', 'ios'), 'data[0].app_info.os', 'schema'],
  [
    'app_package_name too long',
    change('app_info.app_package_name', 'a'.repeat(201)),
    'data[0].app_info.app_package_name',
    'schema',
  ],
  [
    'window_width too large',
    change('app_info.window_width', 30721),
    'data[0].app_info.window_width',
    'schema',
  ],
  [
    'install_time negative',
    change('app_info.install_time', -1),
    'data[0].app_info.install_time',
    'schema',
  ],
  ['device_info unknown key', change('device_info.ram', 8), 'data[0].device_info.ram', 'schema'],
  [
    'form_factor not listed',
    change('device_info.form_factor', 'phone'),
    'data[0].device_info.form_factor',
    'schema',
  ],
  [
    'network_type not listed',
    change('device_info.network_type', 'cellular_7g'),
    'data[0].device_info.network_type',
    'schema',
  ],
  [
    'os_family not listed',
    change('device_info.os_family', 'ubuntu'),
    'data[0].device_info.os_family',
    'schema',
  ],
  [
    'battery_level above 100',
    change('device_info.battery_level', 101),
    'data[0].device_info.battery_level',
    'schema',
  ],
  [
    '101 languages',
    change('device_info.languages', Array(101).fill('en')),
    'data[0].device_info.languages',
    'schema',
  ],
  [
    'timezone_abbr too long',
    change('device_info.timezone_abbr', 'ABCDEF'),
    'data[0].device_info.timezone_abbr',
    'schema',
  ],
  [
    'locale emoji over 35 characters',
    change('device_info.locale', '🙂'.repeat(36)),
    'data[0].device_info.locale',
    'schema',
  ],
];

describe('validateEvents', () => {
  it.each(validBodies)('accepts %s', (_, input) => {
    expect(validateEvents(input, { now })).toEqual({ valid: true, errors: [] });
  });

  it.each(invalidBodies)('rejects %s', (_, input, path, kind) => {
    const { valid, errors } = validateEvents(input, { now });
    expect(valid).toBe(false);
    expect(errors).toEqual([{ path, kind, message: expect.any(String) }]);
  });

  it('names the event and item in the path', () => {
    const bad = withField(fullEvent(), 'custom_data.contents', [{ id: 'a', item_price: '€5' }]);
    const input = body(minimalEvent(), minimalEvent(), fullEvent(), bad);
    expect(validateEvents(input, { now }).errors.map((e) => e.path)).toEqual([
      'data[3].custom_data.contents[0].item_price',
    ]);
  });

  it('reports every problem of an event, not only the first', () => {
    const event = { ...minimalEvent(), event_name: 'purchase', action_source: 1, extra: 1 };
    expect(validateEvents(body(event), { now }).errors.map((e) => e.path)).toEqual([
      'data[0].event_name',
      'data[0].action_source',
      'data[0].extra',
    ]);
  });

  it(`stops collecting after ${MAX_ISSUES} issues`, () => {
    const events = Array.from({ length: 1000 }, () => ({ ...minimalEvent(), event_name: 'x' }));
    const { valid, errors } = validateEvents(body(...events), { now });
    expect(valid).toBe(false);
    expect(errors).toHaveLength(MAX_ISSUES);
    expect(errors[MAX_ISSUES - 1].path).toBe(`data[${MAX_ISSUES - 1}].event_name`);
  });

  it('treats undefined values as absent, as JSON.stringify does', () => {
    const event = { ...minimalEvent(), custom_data: { value: undefined }, wifi: undefined };
    expect(validateEvents(body(event), { now }).valid).toBe(true);
    const missing = { ...minimalEvent(), event_id: undefined };
    expect(validateEvents(body(missing), { now }).errors[0].path).toBe('data[0].event_id');
  });

  it('never repeats the offending value in a message', () => {
    const input = change('user_data', {
      em: ['jane@example.com'],
      client_ip_address: '203.0.113.7',
    });
    const { errors } = validateEvents(input, { now });
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toContain('jane');
    expect(JSON.stringify(errors)).not.toContain('203.0.113.7');
  });

  it('compares event_time with the real clock by default', () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect(validateEvents(change('event_time', future)).errors[0]).toMatchObject({
      path: 'data[0].event_time',
      kind: 'rule',
    });
    expect(validateEvents(change('event_time', Math.floor(Date.now() / 1000))).valid).toBe(true);
  });
});

// Pinterest's schema is decisive for `schema` issues only; it cannot see the `rule` ones
// (64-hex digests, event names, future times). So a body passes the schema exactly when the
// project's validator finds no `schema` issue.
describe('validateEvents agrees with Pinterest schema', () => {
  const passesSchema = (input: unknown) =>
    !validateEvents(input, { now }).errors.some((issue) => issue.kind === 'schema');

  it('on the corpus of valid and invalid bodies', () => {
    const corpus = [
      ...validBodies.map(([name, input]) => ({ name, input, schemaValid: true })),
      ...invalidBodies.map(([name, input, , kind]) => ({
        name,
        input,
        schemaValid: kind === 'rule',
      })),
    ];
    for (const { name, input, schemaValid } of corpus) {
      expect(passesSchema(input), name).toBe(schemaValid);
      if (schemaValidator) expect(schemaValidator(input).valid, `ajv: ${name}`).toBe(schemaValid);
    }
  });

  it('on events with one field replaced by arbitrary JSON', () => {
    const fields = [
      ...Object.keys(fullEvent()),
      'unknown_key',
      'user_data.em',
      'user_data.client_user_agent',
      'user_data.other',
      'custom_data.value',
      'custom_data.contents',
      'custom_data.contents.0.quantity',
      'custom_data.num_items',
      'custom_data.unknown_key',
      'app_info.window_height',
      'device_info.form_factor',
      'device_info.languages',
    ];
    const field = fc.constantFrom(...fields);
    const value = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(field, value, (path, replacement) => {
        const input = body(withField(fullEvent(), path, replacement));
        const result = validateEvents(input, { now });
        expect(result.valid).toBe(result.errors.length === 0);
        if (schemaValidator) expect(passesSchema(input)).toBe(schemaValidator(input).valid);
      }),
      { numRuns: 500, seed: 20250601 },
    );
  });
});
