import type { EventName } from '@pinbridge/core';
import { eventProblem, isPlainObject } from './check-event.js';
import type { BodyError, WireEvent } from './wire-format.js';

export type ParsedBody = { ok: true; events: WireEvent[] } | { ok: false; error: BodyError };

export const DEFAULT_MAX_EVENTS = 25;

/**
 * Checks a request body against the wire format: `{ events: [...] }` with 1 to `maxEvents`
 * events, each with a known name, a well-formed event_id, a time, an http(s) url, and optional
 * `props` and `user` objects.
 *
 * @example
 * const parsed = parseBody(await request.json());
 * if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
 */
export function parseBody(
  body: unknown,
  options: { maxEvents?: number; mapping?: Readonly<Record<string, EventName>> } = {},
): ParsedBody {
  const max = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const fail = (path: string, message: string): ParsedBody => ({
    ok: false,
    error: { code: 'invalid_body', message, path },
  });
  if (!isPlainObject(body) || !Array.isArray(body.events))
    return fail('events', 'must be an array');
  if (body.events.length < 1 || body.events.length > max) {
    return fail('events', `must hold 1 to ${max} events`);
  }
  for (const [index, event] of body.events.entries()) {
    const problem = eventProblem(event, options.mapping);
    if (problem) return fail(`events[${index}]${problem[0]}`, problem[1]);
  }
  return { ok: true, events: body.events as WireEvent[] };
}
