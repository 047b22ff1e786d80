import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { badgesOf } from '../src/inspector/badges.js';
import type { Answer, ServerCopy } from '../src/inspector/log.js';
import { inspect, judgement } from '../src/inspector/pairs.js';
import { redact } from '../src/inspector/redact.js';
import type { TagCall } from '../src/types.js';

const HASH = createHash('sha256').update('jane@example.com').digest('hex');
const OK: Answer = {
  status: 200,
  requestId: 'rid',
  test: false,
  outcome: { status: 'processed', error_message: '', warning_message: '' },
};

const track = (name: string, data: unknown, time = 1_000): TagCall => ({
  command: 'track',
  args: [name, data],
  page: 'https://shop.example/',
  time,
});

const copy = (event: Record<string, unknown>, at = 1_500, answer = OK): ServerCopy => ({
  at,
  adAccountId: '1',
  event,
  answer,
});

describe('inspect', () => {
  it('pairs the tag and the server copy of an event_id when the names correspond', () => {
    const { rows } = inspect(
      [track('addtocart', { event_id: 'a', value: 10 })],
      [copy({ event_name: 'add_to_cart', event_id: 'a' })],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      key: 'a',
      eventId: 'a',
      name: 'add_to_cart',
      time: 1_000,
      state: 'paired',
      tag: { name: 'addtocart', calls: 1, data: { event_id: 'a', value: 10 } },
      server: { name: 'add_to_cart', attempts: 1, verdict: { ok: true, text: 'processed' } },
    });
  });

  it('reads the tag names case-insensitively, as the Tag does', () => {
    const { rows } = inspect(
      [track('PageVisit', { event_id: 'p' })],
      [copy({ event_name: 'page_visit', event_id: 'p' })],
    );
    expect(rows[0].state).toBe('paired');
  });

  it('tells tag only, server only and names differ apart', () => {
    const { rows } = inspect(
      [track('checkout', { event_id: 'tag' }, 1), track('signup', { event_id: 'both' }, 2)],
      [
        copy({ event_name: 'lead', event_id: 'both' }, 3),
        copy({ event_name: 'lead', event_id: 'srv' }, 4),
      ],
    );
    const states = Object.fromEntries(rows.map((row) => [row.key, row.state]));
    expect(states).toEqual({ tag: 'tag_only', both: 'names_differ', srv: 'server_only' });
  });

  it('lists the newest first, by when either copy was first seen', () => {
    const { rows } = inspect(
      [track('lead', { event_id: 'old' }, 10), track('lead', { event_id: 'new' }, 30)],
      [copy({ event_name: 'lead', event_id: 'old' }, 40)],
    );
    expect(rows.map((row) => row.key)).toEqual(['new', 'old']);
  });

  it('counts retries as attempts and shows the latest answer', () => {
    const event = { event_name: 'checkout', event_id: 'c' };
    const limited: Answer = {
      status: 429,
      requestId: 'r1',
      test: false,
      fault: '429',
      error: { code: 8, message: 'rate limit' },
    };
    const { rows } = inspect([], [copy(event, 1, limited), copy(event, 2)]);
    expect(rows[0].server).toMatchObject({ attempts: 2, answer: OK, verdict: { ok: true } });
  });

  it('gives each tag conversion without an event_id a row of its own; ignores other commands', () => {
    const { rows } = inspect(
      [
        { command: 'load', args: ['2612345678901', { em: HASH }], page: '', time: 1 },
        { command: 'page', args: [], page: '', time: 2 },
        track('pagevisit', undefined, 3),
        track('pagevisit', {}, 4),
      ],
      [],
    );
    expect(rows.map((row) => [row.eventId, row.state])).toEqual([
      [null, 'tag_only'],
      [null, 'tag_only'],
    ]);
    expect(new Set(rows.map((row) => row.key)).size).toBe(2);
  });

  it('sums the pairing rate, the click id share and the failures over all rows', () => {
    const failed: Answer = {
      ...OK,
      status: 200,
      outcome: { status: 'failed', error_message: 'Invalid event_timestamp', warning_message: '' },
    };
    const { summary } = inspect(
      [
        track('lead', { event_id: 'a' }),
        track('lead', { event_id: 'b' }),
        track('lead', { event_id: 'c' }),
      ],
      [
        copy({ event_name: 'lead', event_id: 'a', user_data: { click_id: 'dj0yJnU9' } }),
        copy({ event_name: 'lead', event_id: 'b' }, 1, failed),
        copy({ event_name: 'lead', event_id: 'd', user_data: { click_id: 'x' } }),
      ],
    );
    expect(summary).toEqual({
      rows: 4,
      tagEvents: 3,
      tagWithServerTwin: 2,
      serverEvents: 3,
      withClickId: 2,
      failingValidation: 1,
    });
  });

  it('shows at most `limit` rows but summarizes them all', () => {
    const copies = [1, 2, 3].map((n) => copy({ event_name: 'lead', event_id: `e${n}` }, n));
    const { rows, summary } = inspect([], copies, 2);
    expect(rows.map((row) => row.key)).toEqual(['e3', 'e2']);
    expect(summary.serverEvents).toBe(3);
  });

  it('never passes a raw identifier through: copies are redacted', () => {
    const { rows } = inspect(
      [track('signup', { event_id: 's', em: 'jane@example.com' })],
      [
        copy({
          event_name: 'signup',
          event_id: 's',
          user_data: { em: [HASH], client_ip_address: '203.0.113.7' },
        }),
      ],
    );
    expect(JSON.stringify(rows)).not.toContain('jane@example.com');
    expect(JSON.stringify(rows)).not.toContain('203.0.113.7');
    expect(JSON.stringify(rows)).not.toContain(HASH);
    expect(rows[0].tag?.data).toEqual({ event_id: 's', em: '(not hashed, 16 characters)' });
  });
});

describe('judgement', () => {
  it.each<[string, Answer, { ok: boolean; invalid: boolean; text: string }]>([
    [
      'a processed event in test mode',
      { ...OK, test: true },
      { ok: true, invalid: false, text: 'processed (test mode, not recorded)' },
    ],
    [
      'a failed event',
      {
        ...OK,
        status: 422,
        outcome: { status: 'failed', error_message: 'bad time', warning_message: '' },
      },
      { ok: false, invalid: true, text: 'failed: bad time' },
    ],
    [
      'a 400 with issues',
      {
        status: 400,
        requestId: 'r',
        test: false,
        error: { code: 4196, message: 'The request was invalid.' },
        issues: [
          {
            path: 'data[0].user_data.em[0]',
            message: 'must be a SHA-256 hex digest',
            kind: 'schema',
          },
        ],
      },
      {
        ok: false,
        invalid: true,
        text: '400 data[0].user_data.em[0]: must be a SHA-256 hex digest',
      },
    ],
    [
      'an injected 503',
      {
        status: 503,
        requestId: 'r',
        test: false,
        fault: '503',
        error: { code: 4197, message: 'ramped down' },
      },
      { ok: false, invalid: false, text: '503 ramped down (injected fault)' },
    ],
    [
      'a dropped connection',
      { status: 0, requestId: 'r', test: false, fault: 'drop' },
      { ok: false, invalid: false, text: 'no answer: the connection dropped' },
    ],
  ])('words %s', (_, answer, expected) => {
    expect(judgement(answer)).toEqual(expected);
  });
});

describe('badgesOf', () => {
  const badge = (event: Record<string, unknown>, name: string) =>
    badgesOf(event).find((found) => found.name === name);

  it('names the identifiers as Pinterest Event Quality does, hashes shortened', () => {
    const event = {
      event_source_url: 'https://shop.example/checkout?email=jane%40example.com',
      user_data: {
        em: [HASH],
        client_ip_address: '203.0.113.7',
        client_user_agent: 'Mozilla/5.0',
        click_id: 'dj0yJnU9',
        external_id: [HASH, HASH],
      },
      custom_data: { value: '49.99', currency: 'USD', order_id: 'o-1', content_ids: ['SKU-A'] },
    };
    const present = Object.fromEntries(
      badgesOf(event)
        .filter((found) => found.state === 'present')
        .map((found) => [found.name, found.detail]),
    );
    expect(present).toEqual({
      hashed_email: `sha256 ${HASH.slice(0, 6)}…${HASH.slice(-4)}`,
      ip_address: '11 characters',
      user_agent: '11 characters',
      click_id_epik: '8 characters',
      advertiser_external_id: `sha256 ${HASH.slice(0, 6)}…${HASH.slice(-4)} +1`,
      order_id: '3 characters',
      order_value: '49.99 USD',
      product_id: '1 id',
      source_url: 'https://shop.example/checkout',
    });
    expect(JSON.stringify(badgesOf(event))).not.toContain('203.0.113.7');
  });

  it('marks a hash that is not 64-hex, without showing it', () => {
    const found = badge({ user_data: { ph: ['+1 650 555 1212'] } }, 'hashed_phone');
    expect(found).toEqual({
      name: 'hashed_phone',
      state: 'malformed',
      detail: 'not a 64-hex sha256',
    });
  });

  it('reads product ids from contents when content_ids is missing', () => {
    const event = { custom_data: { contents: [{ id: 'A' }, { id: 'B' }] } };
    expect(badge(event, 'product_id')).toMatchObject({ state: 'present', detail: '2 ids' });
    expect(badge({}, 'product_id')).toMatchObject({ state: 'missing' });
  });
});

describe('redact', () => {
  it('shortens hashes, hides unhashed values of hashed fields and the host part of an IP', () => {
    expect(
      redact({
        user_data: {
          em: [HASH, 'jane@example.com'],
          client_ip_address: '2001:db8:85a3:8d3:1319:8a2e:370:7348',
        },
        custom_data: { value: '1' },
      }),
    ).toEqual({
      user_data: {
        em: [`${HASH.slice(0, 6)}…${HASH.slice(-4)}`, '(not hashed, 16 characters)'],
        client_ip_address: '2001:db8:85a3::x',
      },
      custom_data: { value: '1' },
    });
  });
});
