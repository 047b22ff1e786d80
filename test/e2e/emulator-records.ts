// Reading what the emulator received in the browser e2e tests: the Tag's conversions, the CAPI
// copy of each by event_id, and waiting until a pair has arrived.
import type { EventName, PinterestEvent } from '@pinbridge/core';
import { toTagEventName } from '@pinbridge/core';
import type { Emulator } from '@pinbridge/emulator';

export type Received = ReturnType<Emulator['received']>;

/** Polls `read` every 100 ms until it returns a value, or throws naming `what` after the timeout. */
export async function until<T>(
  read: () => T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Tag conversions (pintrk 'track' calls) by event_id, with the event data the Tag was given. */
export function tagTracks(received: Received) {
  return received.tag
    .filter((call) => call.command === 'track')
    .map((call) => {
      const data = (call.args[1] ?? {}) as { event_id?: string } & Record<string, unknown>;
      return { name: String(call.args[0]), id: data.event_id, data, page: call.page };
    });
}

/** Each Tag conversion of `name`, with its server copy once that has arrived. */
export function pairs(received: Received, name: EventName) {
  const tagName = toTagEventName(name);
  return tagTracks(received)
    .filter((call) => call.name === tagName)
    .map((call) => ({ tag: call, capi: received.events.find((e) => e.event_id === call.id) }));
}

export type Pair = ReturnType<typeof pairs>[number];

/** The first Tag conversion of `name` matching `where` whose server copy has arrived. */
export async function pairedWhere(
  emulator: Emulator,
  name: EventName,
  where: (pair: Pair) => boolean,
  what: string,
) {
  return until(() => {
    const found = pairs(emulator.received(), name).find((pair) => pair.capi && where(pair));
    return found?.capi ? { tag: found.tag, capi: found.capi } : undefined;
  }, what);
}

/** The first Tag conversion of `name` whose server copy has arrived. */
export const pairedEvent = (emulator: Emulator, name: EventName) =>
  pairedWhere(emulator, name, () => true, `a paired ${name}`);

/** The event as pinbridge sent it: without the fields the emulator adds when recording. */
export function withoutEmulatorFields(event: PinterestEvent): PinterestEvent {
  const {
    adAccountId: _,
    receivedAt: __,
    ...sent
  } = event as PinterestEvent & Record<string, unknown>;
  return sent as PinterestEvent;
}
