/**
 * The events of one body with each event_id once (its first copy, in body order), and the ids of
 * the copies left out, one entry per copy. Pinterest counts an event_id once anyway: sending the
 * copies would spend batch room and rate limit on nothing. A body without duplicates is returned
 * as it is, with nothing allocated.
 *
 * @example
 * splitDuplicates([{ event_id: 'a' }, { event_id: 'b' }, { event_id: 'a' }]);
 * // { unique: [{ event_id: 'a' }, { event_id: 'b' }], duplicates: ['a'] }
 */
export function splitDuplicates<Event extends { event_id: string }>(
  events: Event[],
): { unique: Event[]; duplicates: string[] } {
  let unique = events;
  const duplicates: string[] = [];
  for (let index = 1; index < events.length; index += 1) {
    const event = events[index];
    if (!appearsBefore(events, index, event.event_id)) {
      if (unique !== events) unique.push(event);
      continue;
    }
    if (unique === events) unique = events.slice(0, index);
    duplicates.push(event.event_id);
  }
  return { unique, duplicates };
}

// A body holds a few events (25 at most by default): a scan beats building a Set per request.
function appearsBefore(events: readonly { event_id: string }[], end: number, id: string): boolean {
  for (let index = 0; index < end; index += 1) if (events[index].event_id === id) return true;
  return false;
}
