import fc from 'fast-check';

/** One generated request to /api/pin: its body, as text or bytes, and its Content-Type. */
export interface FuzzInput {
  kind: string;
  body: string | Uint8Array;
  contentType?: string;
  contentLength?: boolean;
  /** The statuses this input may get, when its kind decides it (a forbidden key: 400, or 413 when also oversized). */
  expected?: readonly number[];
}

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();

const NAMES = [
  'add_to_cart',
  'checkout',
  'page_visit',
  'search',
  'lead',
  'signup',
  'custom',
  'view_category',
  'Order Completed',
  'Product Added',
  'Products Searched',
];
const FIELDS = ['name', 'event_id', 'time', 'url', 'props', 'user'];
const HUGE_AT = [
  'name',
  'event_id',
  'url',
  'props.content_name',
  'props.order_id',
  'props.query',
  'user.em',
  'user.ph',
];

const content = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    item_price: fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 8 })),
    quantity: fc.oneof(fc.integer(), fc.double()),
  },
  { requiredKeys: ['id'] },
);

const props = fc.record(
  {
    value: fc.oneof(
      fc.integer({ min: -10, max: 100_000 }),
      fc.double(),
      fc.string({ maxLength: 10 }),
      fc.constant(null),
    ),
    currency: fc.constantFrom('USD', 'eur', 'XX', 'GBPX', ''),
    contents: fc.array(content, { maxLength: 4 }),
    content_ids: fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer()), { maxLength: 4 }),
    order_id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    query: fc.string({ maxLength: 30 }),
    num_items: fc.oneof(fc.integer({ min: -2, max: 50 }), fc.double()),
    opt_out_type: fc.constantFrom('LDP', 'other'),
    total: fc.oneof(fc.double(), fc.integer()),
    products: fc.array(
      fc.record({
        product_id: fc.string({ maxLength: 8 }),
        price: fc.double(),
        quantity: fc.integer(),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

const user = fc.record(
  {
    em: fc.oneof(
      fc.emailAddress(),
      fc.array(fc.emailAddress(), { maxLength: 3 }),
      fc.string({ maxLength: 20 }),
    ),
    ph: fc.oneof(fc.stringMatching(/^\+?[0-9 ()-]{0,16}$/), fc.string({ maxLength: 10 })),
    fn: fc.string({ maxLength: 15 }),
    ge: fc.constantFrom('f', 'm', 'x', 'female', ''),
    db: fc.constantFrom('1990-01-31', '19900131', 'yesterday', ''),
    country: fc.constantFrom('US', 'gb', 'Germany', 'zz'),
    st: fc.constantFrom('CA', 'ny', 'Texas', '??'),
    zp: fc.string({ maxLength: 10 }),
    external_id: fc.string({ maxLength: 30 }),
  },
  { requiredKeys: [] },
);

const event = fc.record(
  {
    name: fc.constantFrom(...NAMES),
    event_id: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    time: fc.integer({ min: NOW - 30 * DAY, max: NOW + 2 * DAY }),
    url: fc.oneof(
      fc.webUrl({ withQueryParameters: true }),
      fc.constant('https://shop.test/?epik=CLICK'),
    ),
    props,
    user,
  },
  { requiredKeys: ['name', 'event_id', 'time', 'url'] },
);

const validBody = fc.record({ events: fc.array(event, { minLength: 1, maxLength: 4 }) });

type Body = { events: Record<string, unknown>[] };

const mutation = fc.oneof(
  fc.record({ op: fc.constant('drop'), at: fc.nat(), field: fc.constantFrom(...FIELDS) }),
  fc.record({
    op: fc.constant('replace'),
    at: fc.nat(),
    field: fc.constantFrom(...FIELDS, 'props.value', 'props.contents', 'user.em'),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({ op: fc.constant('duplicate'), at: fc.nat() }),
  fc.record({
    op: fc.constant('huge'),
    at: fc.nat(),
    field: fc.constantFrom(...HUGE_AT),
    length: fc.integer({ min: 400, max: 4000 }),
  }),
  fc.record({ op: fc.constant('deep'), at: fc.nat(), depth: fc.integer({ min: 2, max: 40 }) }),
  fc.record({
    op: fc.constant('pollute'),
    at: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
    where: fc.constantFrom('body', 'event', 'props', 'user'),
  }),
  fc.record({ op: fc.constant('many'), at: fc.nat(), count: fc.integer({ min: 50, max: 400 }) }),
  fc.record({ op: fc.constant('events'), value: fc.jsonValue({ maxDepth: 2 }) }),
);

type Mutation = Record<string, unknown> & { op: string };

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const [head, tail] = path.split('.');
  if (!tail) {
    target[head] = value;
    return;
  }
  target[head] ??= {};
  const inner = target[head] as Record<string, unknown>;
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) inner[tail] = value;
}

function mutate(body: Body, change: Mutation): void {
  const { events } = body;
  if (change.op === 'events') {
    (body as Record<string, unknown>).events = change.value;
    return;
  }
  // An earlier 'events' mutation may have left no array of objects to work on.
  if (!Array.isArray(events) || events.length === 0) return;
  const event = events[(change.at as number) % events.length];
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return;
  switch (change.op) {
    case 'drop':
      delete event[change.field as string];
      break;
    case 'replace':
      setPath(event, change.field as string, change.value);
      break;
    case 'duplicate':
      events.push({ ...event });
      break;
    case 'huge':
      setPath(event, change.field as string, 'h'.repeat(change.length as number));
      break;
    case 'deep': {
      let nested: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < (change.depth as number); i += 1) nested = { n: nested };
      event.props = nested;
      break;
    }
    case 'pollute': {
      const part = change.where as string;
      if (part !== 'body' && part !== 'event') event[part] ??= {};
      const where = part === 'body' ? body : part === 'event' ? event : event[part];
      if (typeof where !== 'object' || where === null) break;
      // An own, enumerable __proto__ key, as JSON.parse would produce it.
      Object.defineProperty(where, change.key as string, {
        value: { polluted: true },
        enumerable: true,
        configurable: true,
        writable: true,
      });
      break;
    }
    case 'many':
      setPath(
        event,
        'props.contents',
        Array.from({ length: change.count as number }, (_, i) => ({ id: `S${i}`, quantity: 1 })),
      );
      break;
  }
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

const mutated: fc.Arbitrary<FuzzInput> = fc
  .tuple(validBody, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([body, changes]) => {
    for (const change of changes) mutate(body as Body, change as Mutation);
    const text = json(body);
    // Whatever else a mutation did, a forbidden key that made it into the text must be refused.
    const polluted = /"(__proto__|constructor|prototype)":/.test(text);
    return {
      kind: 'mutated',
      body: text,
      contentType: 'application/json',
      expected: polluted ? [400, 413] : undefined,
    };
  });

const TYPES = ['application/json', 'text/plain;charset=UTF-8', 'application/json; charset=utf-8'];
const WRONG_TYPES = [
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'image/png',
];

/** The mix: random JSON, valid and mutated bodies, random bytes, wrong types and oversize bodies. */
export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .jsonValue()
      .map((value) => ({ kind: 'json', body: json(value), contentType: 'application/json' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validBody, fc.constantFrom(...TYPES))
      .map(([body, contentType]) => ({ kind: 'valid', body: json(body), contentType })),
  },
  { weight: 6, arbitrary: mutated },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => ({
      kind: 'bytes',
      body: bytes,
      contentType: 'application/json',
      expected: [400],
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(validBody, fc.option(fc.constantFrom(...WRONG_TYPES), { nil: undefined }))
      .map(([body, contentType]) => ({
        kind: 'type',
        body: json(body),
        contentType,
        expected: [415],
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(validBody, fc.integer({ min: 16 * 1024 + 1, max: 64 * 1024 }), fc.boolean())
      .map(([body, size, contentLength]) => ({
        kind: 'oversize',
        body: json(body).padEnd(size, ' '),
        contentType: 'application/json',
        contentLength,
      })),
  },
);
