import type { EventName, PinterestEvent, UserDataInput } from '@pinbridge/core';
import { buildEvent, fromSemanticEvent } from '@pinbridge/core';
import { clickIdFor, type Visitor } from './request-context.js';
import { mergeUserData, type PinterestUser } from './user.js';
import type { WireEvent } from './wire-format.js';

/** An event from the browser (a {@link WireEvent}) or from server code, where ids are optional. */
export type EventSource = Pick<WireEvent, 'name' | 'props' | 'user'> & {
  event_id?: string;
  time?: number | Date;
  url?: string;
};

/**
 * One wire event as a spec-exact Conversions API event: the name and props through core's
 * semantic mapping, the browser's id and time, and what the request knows about the visitor.
 *
 * @example
 * const event = await toPinterestEvent(wire, readVisitor(request.headers, ip), user);
 */
export function toPinterestEvent(
  wire: EventSource,
  visitor: Visitor,
  user: PinterestUser | null | undefined,
  mapping?: Readonly<Record<string, EventName>>,
): Promise<PinterestEvent> {
  const semantic = fromSemanticEvent(wire.name, wire.props, { mapping });
  return buildEvent(
    {
      ...semantic,
      event_id: wire.event_id,
      event_time: wire.time,
      event_source_url: wire.url,
      user_data: mergeUserData(wire.user as UserDataInput | undefined, user, visitor.browserId),
    },
    {
      client_ip_address: visitor.ip,
      client_user_agent: visitor.userAgent,
      click_id: clickIdFor(visitor, wire.url),
    },
  );
}
