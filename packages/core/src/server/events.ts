import { buildEvent } from '../build-event.js';
import { PinbridgeError } from '../error.js';
import { fromSemanticEvent } from '../semantic.js';
import type {
  DroppedValue,
  EventName,
  HashedField,
  PinterestEvent,
  UserDataInput,
  UserDataValue,
} from '../types.js';
import type { WireEvent } from '../wire/event.js';
import type { LdpState } from './policy.js';
import type { Visitor } from './visitor.js';

type Value = UserDataValue | readonly UserDataValue[];

/**
 * The signed-in user as your server knows them, raw: pinbridge normalizes and hashes every value
 * before it leaves the process, and never logs one.
 *
 * @example
 * const user: PinterestUser = { email: 'ada@example.com', id: 'user_42', country: 'GB' };
 */
export interface PinterestUser {
  email?: Value;
  phone?: Value;
  /** Your own user id; sent hashed as `external_id`. */
  id?: Value;
  first_name?: Value;
  last_name?: Value;
  gender?: Value;
  /** A Date or a string such as `1990-01-31`. */
  date_of_birth?: Value;
  city?: Value;
  state?: Value;
  zip?: Value;
  country?: Value;
}

/** Your function that returns the signed-in user (session, auth library), or nothing. */
export type GetUser<Args extends unknown[] = [request: Request]> = (
  ...args: Args
) => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;

const FIELDS: Readonly<Record<keyof PinterestUser, HashedField>> = {
  email: 'em',
  phone: 'ph',
  id: 'external_id',
  first_name: 'fn',
  last_name: 'ln',
  gender: 'ge',
  date_of_birth: 'db',
  city: 'ct',
  state: 'st',
  zip: 'zp',
  country: 'country',
};

function toList(value: Value | undefined): UserDataValue[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? [...value] : [value as UserDataValue];
}

/**
 * The identifiers the server vouches for, as user_data input: each user's fields in turn, a
 * later one winning field by field where it has a value (an undefined or empty one never erases),
 * then LDP's state and country, and the browser id appended to `external_id`. They win over what
 * the browser sent (see buildEvent's `user_data` option).
 *
 * @example
 * trustedUserData([event.user, await getUser()], 'b1d', undefined);
 * // { em: ['ada@example.com'], external_id: ['user-1', 'b1d'] }
 */
export function trustedUserData(
  users: readonly (PinterestUser | null | undefined)[],
  browserId: string | undefined,
  ldp: LdpState | undefined,
): UserDataInput {
  const trusted: UserDataInput = {};
  const all: readonly (PinterestUser | null | undefined)[] = ldp ? [...users, ldp] : users;
  for (const user of all) {
    if (!user) continue;
    for (const key of Object.keys(user) as (keyof PinterestUser)[]) {
      const values = Object.hasOwn(FIELDS, key) ? toList(user[key]) : [];
      if (values.length > 0) trusted[FIELDS[key]] = values;
    }
  }
  if (browserId) trusted.external_id = [...toList(trusted.external_id), browserId];
  return trusted;
}

/** An event from the browser (a {@link WireEvent}) or from server code, checked by the wire's rules. */
export type CheckedEvent = Omit<WireEvent, 'url'> & { url?: string };

/** What the request knows that every event of it shares. */
export interface EventFacts {
  visitor: Visitor;
  /** See {@link trustedUserData}. */
  trusted: UserDataInput;
  ldp?: LdpState;
  mapping?: Readonly<Record<string, EventName>>;
}

/**
 * One checked event as a spec-exact Conversions API event: the name and props through core's
 * semantic mapping, the event's id and time, what the request knows about the visitor, and the
 * identifiers the server trusts. Values left out are told to `onDrop`.
 *
 * @example
 * const event = await toPinterestEvent(wire, { visitor, trusted }, report);
 */
export function toPinterestEvent(
  source: CheckedEvent,
  facts: EventFacts,
  onDrop?: (dropped: DroppedValue) => void,
): Promise<PinterestEvent> {
  const props = facts.ldp ? { ...source.props, opt_out_type: 'LDP' } : source.props;
  const semantic = fromSemanticEvent(source.name, props, { mapping: facts.mapping });
  const { visitor } = facts;
  // Spelled out: on Node 20, `{ ...object, key: value }` takes V8's slow path (microseconds).
  return buildEvent(
    {
      event_name: semantic.event_name,
      custom_data: semantic.custom_data,
      event_id: source.event_id,
      event_time: source.time,
      event_source_url: source.url,
      user_data: source.user as UserDataInput | undefined,
    },
    {
      client_ip_address: visitor.ip,
      client_user_agent: visitor.userAgent,
      click_id: visitor.clickId,
    },
    { user_data: facts.trusted, onDrop },
  );
}

/** An event core refused to build, with the path of the offending value in the request body. */
export interface RejectedEvent {
  event_id: string;
  path: string;
  message: string;
}

const at = (index: number, path: string | undefined) => `events[${index}]${path ? `.${path}` : ''}`;

/**
 * Builds every event of a batch; one that core refuses (say, no identifier at all) is set aside
 * with its reason instead of sinking the others. No second check follows: buildEvent's output is
 * exact by contract (its property test holds it to validateEvents).
 *
 * @example
 * const { events, rejected } = await buildEvents(wires, facts, (id, dropped) => report(id, dropped));
 */
export async function buildEvents(
  sources: readonly CheckedEvent[],
  facts: EventFacts,
  onDrop: (eventId: string, dropped: DroppedValue) => void,
): Promise<{ events: PinterestEvent[]; rejected: RejectedEvent[] }> {
  const events: PinterestEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (let index = 0; index < sources.length; index += 1) {
    const { event_id } = sources[index];
    try {
      events.push(
        await toPinterestEvent(sources[index], facts, (dropped) => onDrop(event_id, dropped)),
      );
    } catch (error) {
      // Core's messages name the field and the rule, never the value, so they may go back to the browser.
      const known = error instanceof PinbridgeError;
      rejected.push({
        event_id,
        path: at(index, known ? error.path : undefined),
        message: known ? error.message : 'could not be built',
      });
    }
  }
  return { events, rejected };
}
