import type { EventResult, SendResult } from './types.js';

/** What a result needs of its event. */
type Named = { event_id: string; event_name: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

// Pinterest sends "" (not null, not absent) for "no message"; results only carry real ones.
const message = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * One event's result, without empty messages.
 *
 * @example
 * eventResult(event, 'failed', 'Invalid event_timestamp parameter.');
 */
export function eventResult(
  event: Named,
  status: EventResult['status'],
  errorMessage?: string,
  warningMessage?: string,
): EventResult {
  const result: EventResult = { event_id: event.event_id, event_name: event.event_name, status };
  if (errorMessage) result.error_message = errorMessage;
  if (warningMessage) result.warning_message = warningMessage;
  return result;
}

/**
 * The per-event outcome in a `ConversionApiResponse` (a 200 body, or a 422's `details`), where
 * `events[i]` answers `data[i]`. Events the body does not answer get `missing(event)`.
 *
 * @example
 * readEventResults({ events: [{ status: 'processed', error_message: '', warning_message: '' }] }, [event], fail);
 */
export function readEventResults<T extends Named>(
  body: unknown,
  events: readonly T[],
  missing: (event: T) => EventResult,
): EventResult[] {
  const answers = isRecord(body) && Array.isArray(body.events) ? body.events : [];
  return events.map((event, index) => {
    const answer: unknown = answers[index];
    if (!isRecord(answer)) return missing(event);
    const warning = message(answer.warning_message);
    if (answer.status !== 'failed') return eventResult(event, 'processed', undefined, warning);
    return eventResult(event, 'failed', message(answer.error_message) ?? 'failed', warning);
  });
}

/**
 * Counts results, keeping their order.
 *
 * @example
 * summarize(results); // { processed: 9, failed: 1, results }
 */
export function summarize(results: EventResult[]): SendResult {
  const failed = results.filter((result) => result.status === 'failed').length;
  return { processed: results.length - failed, failed, results };
}
