import type { EventName, PinterestEvent } from '@pinbridge/core';
import { PinbridgeError, validateEvents } from '@pinbridge/core';
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

// Built events are checked against Pinterest's rules once more before they may leave: whatever
// slipped through the wire checks and core's builder stays here, named, instead of failing at
// Pinterest (where one bad event can sink a whole batch of other visitors' events).
function ruleBreak(event: PinterestEvent): { path: string; message: string } | undefined {
  const [first] = validateEvents({ data: [event] }).errors;
  return first && { path: first.path.replace(/^data\[0\]\.?/, ''), message: first.message };
}

const at = (index: number, path: string | undefined) => `events[${index}]${path ? `.${path}` : ''}`;

/**
 * Builds every event of a batch; one that core refuses (say, no identifier at all) or that would
 * break Pinterest's rules is set aside with its reason instead of sinking the others.
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
    const event_id = wires[index].event_id;
    if (outcome.status === 'fulfilled') {
      const broken = ruleBreak(outcome.value);
      if (!broken) events.push(outcome.value);
      else rejected.push({ event_id, path: at(index, broken.path), message: broken.message });
      continue;
    }
    const error = outcome.reason;
    // Core's messages name the field and the rule, never the value, so they may go back to the browser.
    const known = error instanceof PinbridgeError;
    rejected.push({
      event_id,
      path: at(index, known ? error.path : undefined),
      message: known ? error.message : 'could not be built',
    });
  }
  return { events, rejected };
}
