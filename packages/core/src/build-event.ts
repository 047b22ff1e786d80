import { nanoid } from 'nanoid';
import { buildCustomData } from './custom-data.js';
import { PinbridgeError } from './error.js';
import { copyEventFields } from './event-fields.js';
import { toEventTime } from './event-time.js';
import { joinPath } from './key-path.js';
import type {
  EventContext,
  EventInput,
  HashOptions,
  PinterestEvent,
  UserData,
  UserDataInput,
} from './types.js';
import { hashUserDataNow } from './user-data/hash.js';
import { isEventName } from './wire/events.js';

const ACTION_SOURCES = new Set(['web', 'app_android', 'app_ios', 'offline']);

export interface BuildOptions extends HashOptions {
  /** Identifiers the server trusts (the signed-in user); they win over the input's. */
  user_data?: UserDataInput;
  /** `partner_name` when the input has none; only a value Pinterest agreed with you. */
  partnerName?: string;
  /** The clock, in milliseconds; tests pin it. */
  now?: () => number;
}

/**
 * One event exactly as Pinterest's schema describes it: required fields always present, user_data
 * normalized and hashed, custom_data typed, and no key Pinterest would reject. What it returns
 * passes `validateEvents` (a property test holds it to that), so callers need not check again;
 * what it cannot make exact it throws as a PinbridgeError naming the path. Values and keys it
 * leaves out are told to `options.onDrop` (field and reason, never the value).
 *
 * @example
 * const event = await buildEvent(
 *   { event_name: 'checkout', custom_data: { value: 129.99, currency: 'usd' } },
 *   { client_ip_address: '203.0.113.50', client_user_agent: 'Mozilla/5.0' },
 *   { user_data: { em: 'Ada@Example.com' }, onDrop: ({ field, reason }) => console.warn(field, reason) },
 * );
 */
export async function buildEvent(
  input: EventInput,
  context: EventContext = {},
  options: BuildOptions = {},
): Promise<PinterestEvent> {
  if (typeof input !== 'object' || input === null) throw new PinbridgeError('must be an object');
  if (!isEventName(input.event_name)) {
    throw new PinbridgeError("is not one of Pinterest's event names", 'event_name');
  }
  const action_source = input.action_source ?? 'web';
  if (!ACTION_SOURCES.has(action_source)) {
    throw new PinbridgeError('must be web, app_android, app_ios or offline', 'action_source');
  }
  const { onDrop } = options;
  const hashOptions: HashOptions = {
    doNotHash: options.doNotHash,
    onDrop:
      onDrop && ((dropped) => onDrop({ ...dropped, field: joinPath('user_data', dropped.field) })),
  };
  const event_time = toEventTime(input.event_time, options.now?.() ?? Date.now());
  const event_id = toEventId(input.event_id);
  // Awaited only when it is a promise (Web Crypto): on Node the event costs no extra tick.
  const hashed = hashUserDataNow(mergeUserData(input.user_data, context, options), hashOptions);
  const user_data = hashed instanceof Promise ? await hashed : hashed;
  const event: PinterestEvent = {
    event_name: input.event_name,
    action_source,
    event_time,
    event_id,
    user_data,
    ...copyEventFields(input, onDrop),
  };
  const source_url = event.event_source_url ?? context.event_source_url;
  if (source_url) event.event_source_url = source_url;
  const partner = event.partner_name ?? options.partnerName;
  if (partner) event.partner_name = partner;
  const custom_data = buildCustomData(input.custom_data, onDrop);
  if (custom_data) event.custom_data = custom_data;
  assertIdentifiable(event.user_data);
  return event;
}

function toEventId(id: unknown): string {
  if (id === undefined || id === null || id === '') return nanoid();
  // A blank id pairs the event with no Tag copy: Pinterest's rules refuse it.
  if (typeof id !== 'string' || id.length > 256 || id.trim() === '') {
    throw new PinbridgeError('must be a non-blank string of at most 256 characters', 'event_id');
  }
  return id;
}

// The request's own facts outrank what the browser claims; the signed-in user outranks both.
function mergeUserData(
  input: UserDataInput | undefined,
  context: EventContext,
  options: BuildOptions,
): UserDataInput {
  const fromContext: UserDataInput = {};
  if (context.client_ip_address) fromContext.client_ip_address = context.client_ip_address;
  if (context.client_user_agent) fromContext.client_user_agent = context.client_user_agent;
  if (context.click_id) fromContext.click_id = context.click_id;
  return { ...input, ...fromContext, ...options.user_data };
}

function assertIdentifiable(user: UserData): void {
  if (user.em?.length || user.hashed_maids?.length) return;
  if (user.client_ip_address && user.client_user_agent) return;
  throw new PinbridgeError(
    'needs em, hashed_maids, or client_ip_address with client_user_agent',
    'user_data',
  );
}
