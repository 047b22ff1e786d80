import type { EventName, PinterestEvent } from '@pinbridge/core';
import { PinbridgeError } from '@pinbridge/core';
import type { Visitor } from './request-context.js';
import { toPinterestEvent } from './to-event.js';
import type { PinterestUser } from './user.js';
import type { WireEvent } from './wire-format.js';

/** An event core refused to build, with the path of the offending value in the request body. */
export interface RejectedEvent {
  event_id: string;
  path: string;
  message: string;
}

/**
 * Builds every event of a batch; one that core refuses (say, no identifier at all) is set aside
 * with its reason instead of sinking the others.
 *
 * @example
 * const { events, rejected } = await buildBatch(parsed.events, visitor, user);
 */
export async function buildBatch(
  wires: readonly WireEvent[],
  visitor: Visitor,
  user: PinterestUser | null | undefined,
  mapping?: Readonly<Record<string, EventName>>,
): Promise<{ events: PinterestEvent[]; rejected: RejectedEvent[] }> {
  const settled = await Promise.allSettled(
    wires.map((wire) => toPinterestEvent(wire, visitor, user, mapping)),
  );
  const events: PinterestEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') {
      events.push(outcome.value);
      continue;
    }
    const error = outcome.reason;
    // Core's messages name the field and the rule, never the value, so they may go back to the browser.
    const known = error instanceof PinbridgeError;
    rejected.push({
      event_id: wires[index].event_id,
      path: `events[${index}]${known && error.path ? `.${error.path}` : ''}`,
      message: known ? error.message : 'could not be built',
    });
  }
  return { events, rejected };
}
