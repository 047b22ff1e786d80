import { shortHash } from './redact.js';

// Match-quality badges, named as Pinterest's Event Quality Score names its components
// (GET /v5/ad_accounts/{id}/conversion_eqs: hashed_email, ip_address, user_agent, click_id_epik,
// advertiser_external_id, hashed_maid, order_id, order_value, product_id, source_url). EQS has no
// component for the phone or the partner id; those two follow the same pattern.

export type BadgeState = 'present' | 'missing' | 'malformed';

export interface Badge {
  name: string;
  state: BadgeState;
  /** A safe description: a shortened hash, a count, a URL's path; never a raw identifier. */
  detail: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

type Read = (event: Record<string, unknown>) => unknown;
type Describe = (value: unknown) => Omit<Badge, 'name'>;

const userData =
  (field: string): Read =>
  (event) =>
    record(event.user_data)[field];
const customData =
  (field: string): Read =>
  (event) =>
    record(event.custom_data)[field];

const BADGES: readonly [name: string, read: Read, describe: Describe][] = [
  ['hashed_email', userData('em'), hashes],
  ['hashed_phone', userData('ph'), hashes],
  ['ip_address', userData('client_ip_address'), plain],
  ['user_agent', userData('client_user_agent'), plain],
  ['click_id_epik', userData('click_id'), plain],
  ['advertiser_external_id', userData('external_id'), hashes],
  ['hashed_maid', userData('hashed_maids'), hashes],
  ['partner_id', userData('partner_id'), plain],
  ['order_id', customData('order_id'), plain],
  ['order_value', (event) => [customData('value')(event), customData('currency')(event)], money],
  ['product_id', productIds, list],
  ['source_url', (event) => event.event_source_url, url],
];

/**
 * The identifiers and metadata an event carries, one badge per EQS parameter, in a fixed order.
 *
 * @example
 * badgesOf({ user_data: { em: ['3f2a…'] } })[0]; // { name: 'hashed_email', state: 'present', detail: 'sha256 3f2a1b…9c1d' }
 */
export function badgesOf(event: Record<string, unknown>): Badge[] {
  return BADGES.map(([name, read, describe]) => {
    const value = read(event);
    const empty = value === undefined || value === null || value === '';
    return {
      name,
      ...(empty ? { state: 'missing' as const, detail: 'missing' } : describe(value)),
    };
  });
}

function hashes(value: unknown): Omit<Badge, 'name'> {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return { state: 'missing', detail: 'missing' };
  if (!values.every((item) => typeof item === 'string' && SHA256_HEX.test(item))) {
    return { state: 'malformed', detail: 'not a 64-hex sha256' };
  }
  const more = values.length > 1 ? ` +${values.length - 1}` : '';
  return { state: 'present', detail: `sha256 ${shortHash(values[0])}${more}` };
}

// IP, user agent and ids are sent in plain text: the badge says only that they are there.
function plain(value: unknown): Omit<Badge, 'name'> {
  if (typeof value !== 'string') return { state: 'malformed', detail: 'not a string' };
  return { state: 'present', detail: `${value.length} characters` };
}

function money(value: unknown): Omit<Badge, 'name'> {
  const [amount, currency] = value as [unknown, unknown];
  if (amount === undefined || amount === null) return { state: 'missing', detail: 'missing' };
  if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount)) {
    return { state: 'malformed', detail: 'not a decimal string' };
  }
  return {
    state: 'present',
    detail: `${amount} ${typeof currency === 'string' ? currency : ''}`.trim(),
  };
}

function productIds(event: Record<string, unknown>): unknown {
  const ids = customData('content_ids')(event);
  if (Array.isArray(ids) && ids.length > 0) return ids;
  const contents = customData('contents')(event);
  if (!Array.isArray(contents)) return undefined;
  const fromContents = contents.map((item) => record(item).id).filter((id) => id !== undefined);
  return fromContents.length > 0 ? fromContents : undefined;
}

function list(value: unknown): Omit<Badge, 'name'> {
  const count = (value as unknown[]).length;
  return { state: 'present', detail: `${count} id${count === 1 ? '' : 's'}` };
}

// The query is left out: it can carry anything a form put there.
function url(value: unknown): Omit<Badge, 'name'> {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return { state: 'malformed', detail: 'not a URL' };
  }
  const { origin, pathname } = new URL(value);
  return { state: 'present', detail: `${origin}${pathname}` };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
