import { type PinterestEvent, type ValidationIssue, validateEvents } from '@pinbridge/core';
import {
  type ConversionApiResponse,
  EVENTS_NOT_PROCESSED,
  type EventOutcome,
  INVALID_REQUEST,
  type PinterestError,
  timestampMessage,
} from './responses.js';

export type Verdict =
  | { status: 400; body: PinterestError; issues: ValidationIssue[] }
  | { status: 200 | 422; body: object; accepted: PinterestEvent[]; outcomes: EventOutcome[] };

/**
 * Pinterest's answer to a parsed request body: 400 when the schema rejects the request, else one
 * outcome per event, in order — a 200 when at least one event is processed, a 422 when none is.
 */
export function judgeBatch(body: unknown, nowMs: number, maxAgeSeconds: number): Verdict {
  const now = () => nowMs;
  const whole = validateEvents(body, { now });
  const invalid = whole.errors.filter((issue) => issue.kind === 'schema');
  if (invalid.length > 0) return { status: 400, body: INVALID_REQUEST, issues: invalid };

  // Without schema issues the body is { data: [...objects] }.
  const events = (body as { data: PinterestEvent[] }).data;
  // The whole-body report stops at 100 issues, so per-event problems are looked up one by one;
  // that can also reveal a schema issue the cap hid.
  const problems = events.map((event, index) =>
    whole.valid ? [] : eventIssues(event, index, now),
  );
  const hidden = problems.flat().filter((issue) => issue.kind === 'schema');
  if (hidden.length > 0) return { status: 400, body: INVALID_REQUEST, issues: hidden };

  const nowSeconds = Math.floor(nowMs / 1000);
  const outcomes = events.map((event, index): EventOutcome => {
    const prefix = `data[${index}].`;
    const messages = problems[index].map((issue) =>
      issue.path === `${prefix}event_time`
        ? timestampMessage('future', nowSeconds, event.event_time)
        : `${issue.path.slice(prefix.length)}: ${issue.message}`,
    );
    if (messages.length === 0 && event.event_time < nowSeconds - maxAgeSeconds) {
      messages.push(timestampMessage('past', nowSeconds, event.event_time));
    }
    const error_message = messages.join('; ');
    return { status: error_message ? 'failed' : 'processed', error_message, warning_message: '' };
  });

  const accepted = events.filter((_, index) => outcomes[index].status === 'processed');
  const response: ConversionApiResponse = {
    num_events_received: events.length,
    num_events_processed: accepted.length,
    events: outcomes,
  };
  if (accepted.length > 0) return { status: 200, body: response, accepted, outcomes };
  return {
    status: 422,
    body: { ...EVENTS_NOT_PROCESSED, details: response },
    accepted,
    outcomes,
  };
}

/** The issues of one event, with paths that name its place in the request. */
function eventIssues(event: unknown, index: number, now: () => number): ValidationIssue[] {
  return validateEvents({ data: [event] }, { now }).errors.map((issue) => ({
    ...issue,
    path: issue.path.replace('data[0]', `data[${index}]`),
  }));
}
