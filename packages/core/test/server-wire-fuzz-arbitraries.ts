// Bodies generated from the wire format itself: envelopes `{ events: [...] }` whose events have
// the wire's fields (names, ids by the id rule, times, urls, props in the props vocabulary, user
// identifiers), mostly shaped to pass the wire check, with hostile values in every field.
import { EVENT_ID, EVENT_NAMES, WIRE_USER_FIELDS } from '@pinbridge/core/wire';
import fc from 'fast-check';
import { MONEY_PROPS, PROP_KEYS } from '../src/semantic.js';

const NOW = Date.now();
const DAY = 86_400_000;

/** Ids a body may repeat: a few shared ones make duplicates within one body common. */
const SHARED_IDS = ['evt_shared_0001', 'evt_shared_0002', 'evt_shared_0003'];

const exoticChar = fc.oneof(
  fc.constantFrom(
    '\u200b', // zero-width space
    '\u200d', // zero-width joiner
    '\u2060', // word joiner
    '\ufeff', // byte-order mark
    '\u202e', // right-to-left override
    '\u0301', // a combining accent
    '\ud800', // a lone surrogate half
    'ｅ', // full-width
    '٣', // Arabic-Indic digit
    '३', // Devanagari digit
    '🏳️‍🌈', // a ZWJ emoji sequence
    'ß',
    'İ',
    '\u0000',
    '"',
    '\\',
    '<',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** Text with exotic Unicode: short, or long enough to cross the 512-character cap. */
const exoticText = fc.oneof(
  { weight: 120, arbitrary: fc.string({ unit: exoticChar, maxLength: 16 }) },
  { weight: 60, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(exoticChar, fc.integer({ min: 480, max: 540 }))
      .map(([char, length]) => char.repeat(length).slice(0, length)),
  },
);

const hugeAndTiny = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, 1e308, 1.7976931348623157e308, 5e-324, 1e-7, -0, 2 ** 53 + 2, -1e21, -100),
  fc.integer(),
);

const numericText = fc.constantFrom(
  '1e5',
  '1E21',
  '1e+308',
  '1e400',
  '1e-400',
  '2.5e-3',
  '-1',
  '-0',
  ' 42 ',
  '0.10',
  '007',
  'Infinity',
  'NaN',
  '0x10',
  '1_000',
  '١٢٣',
);

/** Any value a field might hold: numbers at the edges, numeric text, exotic text, other types. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: hugeAndTiny },
  { weight: 2, arbitrary: numericText },
  { weight: 3, arbitrary: exoticText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
);

/** A positive amount, as a number or as text, at the edges of a double. */
const amount = fc.oneof(
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 1e21, 1e308, 5e-324, 1e-7, '1e5', '1E21', '2.5e-3', '0.10', ' 42 '),
);

/** Mostly what a field of that name means, sometimes anything. */
const mostly = <T>(sound: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 30, arbitrary: sound }, { weight: 1, arbitrary: hostile });

/** `arbitrary` once in `times` draws, otherwise null. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, times: number) =>
  fc.oneof({ weight: times - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** A visitor's own keys: emails, phones, exotic text, not in any vocabulary. */
const foreignKey = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('jane.doe@example.com', '+1 (415) 555-0133', 'custom_field', 'Ünïcödé key'),
  fc.string({ unit: exoticChar, minLength: 1, maxLength: 12 }),
);

/** Objects nested `depth` levels under foreign and vocabulary keys, with a hostile leaf. */
const deep = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.array(fc.oneof(foreignKey, fc.constantFrom(...PROP_KEYS)), { minLength: 1, maxLength: 3 }),
    hostile,
  )
  .map(([depth, keys, leaf]) => {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level += 1) {
      const key = keys[level % keys.length];
      value = level % 3 === 2 ? [value] : { [key]: value };
    }
    return value;
  });

const item = (moneyKey: string, idKey: string) =>
  fc
    .record(
      {
        [idKey]: mostly(fc.oneof(fc.string({ unit: exoticChar, maxLength: 12 }), fc.nat())),
        [moneyKey]: mostly(amount),
        quantity: mostly(fc.nat(100)),
        product_quantity: mostly(fc.nat(100)),
        item_name: mostly(exoticText),
        product_name: mostly(exoticText),
        name: mostly(exoticText),
        brand: mostly(exoticText),
      },
      { requiredKeys: [idKey] },
    )
    .chain((base) =>
      rarely(fc.tuple(foreignKey, hostile), 6).map((extra) =>
        extra ? { ...base, [extra[0]]: extra[1] } : base,
      ),
    );

const money = Object.fromEntries(MONEY_PROPS.map((key) => [key, mostly(amount)]));

const props = fc
  .record(
    {
      ...money,
      currency: mostly(fc.constantFrom('USD', 'eur', ' gbp ')),
      order_id: mostly(exoticText),
      search_string: mostly(exoticText),
      search_query: mostly(exoticText),
      query: mostly(exoticText),
      content_name: mostly(exoticText),
      content_ids: mostly(fc.array(fc.oneof(exoticText, hugeAndTiny), { maxLength: 4 })),
      num_items: mostly(fc.nat(1000)),
      order_quantity: mostly(fc.nat(1000)),
      opt_out_type: mostly(fc.constant('LDP')),
      product_id: mostly(exoticText),
      contents: fc.array(item('item_price', 'id'), { maxLength: 3 }),
      line_items: fc.array(item('product_price', 'product_id'), { maxLength: 3 }),
      products: fc.array(item('price', 'product_id'), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .chain((base) =>
    fc
      .array(
        fc.tuple(
          foreignKey,
          fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: deep }),
        ),
        { maxLength: 2 },
      )
      .map((extras) => ({ ...base, ...Object.fromEntries(extras) })),
  );

/** Emails and phones in the many ways one identifier can be typed. */
const identifier = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((email) => email.replace('@', '\u200b@')),
  fc
    .emailAddress()
    .map((email) =>
      email.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)),
    ),
  fc.constantFrom('+1 (650) 555-1212', '٠١٢٣٤٥٦٧٨٩', '+९१ ९८७६५ ४३२१०', '１６５０５５５１２１２'),
  exoticText,
);

const user = fc
  .record(
    Object.fromEntries(
      WIRE_USER_FIELDS.map((field) => [
        field,
        fc.oneof(identifier, fc.array(identifier, { maxLength: 3 })),
      ]),
    ),
    { requiredKeys: [] },
  )
  .chain((base) =>
    rarely(fc.tuple(foreignKey, exoticText), 30).map((extra) =>
      extra ? { ...base, [extra[0]]: extra[1] } : base,
    ),
  );

const event = fc.record(
  {
    // Browser events carry Pinterest's names only (the Tag's copy carries the same).
    name: fc.constantFrom(...EVENT_NAMES),
    event_id: fc.oneof(fc.stringMatching(EVENT_ID), fc.constantFrom(...SHARED_IDS)),
    time: fc.oneof(
      fc.integer({ min: NOW - 10 * DAY, max: NOW + DAY }),
      // Seconds where milliseconds were asked for.
      fc.integer({ min: Math.floor(NOW / 1000) - 10 * 86_400, max: Math.floor(NOW / 1000) }),
      hugeAndTiny,
    ),
    url: fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      exoticText.map((text) => `https://shop.test/${text}?epik=dj0yJnU9`),
    ),
    props,
    user,
  },
  { requiredKeys: ['name', 'event_id', 'time', 'url'] },
);

/** An envelope of 1 to 6 events, now and then with a foreign key of its own. */
export const wireBody = fc
  .tuple(
    fc.array(event, { minLength: 1, maxLength: 4 }),
    rarely(fc.tuple(foreignKey, fc.oneof(hostile, deep)), 10),
  )
  .map(([events, extra]) => (extra ? { events, [extra[0]]: extra[1] } : { events }));
