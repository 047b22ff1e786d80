import { record } from './records.js';
import {
  isTransient,
  type Outcome,
  type Outgoing,
  type Problem,
  postOnce,
  problemOf,
  redact,
  type Transport,
} from './request.js';
import { eventResult, readEventResults } from './results.js';
import type { EventResult } from './types.js';

/** A transport that also hands Pinterest's answers to `onResult`. */
export interface BatchContext extends Transport {
  answer(results: readonly EventResult[]): void;
}

/** The request failed transiently: the caller retries or gives up. One object per request. */
interface Transient {
  kind: 'transient';
  problem: Problem;
}

/** The client closed while the request was on its way. */
const CLOSED = { kind: 'closed' } as const;

/**
 * What became of one event of a batch: Pinterest's answer for it (reported, and final), a
 * transient failure, or the client closed meanwhile.
 */
export type Settlement = EventResult | Transient | typeof CLOSED;

// Requests one batch may spend isolating bad events after a 400. One bad event among 1,000 costs
// about 20; the cap stops a batch in which every event is bad from costing 2n - 1 requests.
const BISECTION_BUDGET = 64;

type Answer = Extract<Outcome, { kind: 'response' }>;

/** Reports one record per distinct message, so 1,000 processed events make one record, not 1,000. */
function reportResults(context: BatchContext, results: EventResult[], answer: Answer) {
  const processed: string[] = [];
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  const { accessToken } = context;
  for (const result of results) {
    const { event_id: id } = result;
    // Pinterest's words go to logs and callbacks: they must not carry the token either.
    if (result.error_message) result.error_message = redact(result.error_message, accessToken);
    if (result.warning_message) {
      result.warning_message = redact(result.warning_message, accessToken);
    }
    if (result.status === 'failed') group(failed, result.error_message ?? 'failed', id);
    else if (result.warning_message) group(warned, result.warning_message, id);
    else processed.push(id);
  }
  const { status, requestId } = answer;
  if (processed.length > 0) {
    context.report(record('processed', processed, 'processed', { status, requestId }));
  }
  for (const [warning, ids] of warned) {
    context.report(record('processed', ids, 'processed', { status, requestId, warning }));
  }
  const code = status === 200 ? undefined : answer.code;
  for (const [message, ids] of failed) {
    context.report(record('failed', ids, message, { status, code, requestId }));
  }
  context.answer(results);
  return results;
}

/**
 * Adds `item` to its `key`'s list in `groups`, starting the list at the key's first item.
 *
 * @example
 * group(failed, 'Invalid event_timestamp parameter.', 'a1b2c3d4');
 */
export function group<K, V>(groups: Map<K, V[]>, key: K, item: V): void {
  const items = groups.get(key);
  if (items) items.push(item);
  else groups.set(key, [item]);
}

async function deliver(
  context: BatchContext,
  entries: readonly Outgoing[],
  attempt: number,
  budget: { requests: number },
): Promise<Settlement[]> {
  const outcome = await postOnce(context, entries, attempt);
  if (outcome.kind === 'closed') return entries.map(() => CLOSED);
  if (outcome.kind !== 'response' || isTransient(outcome)) {
    const transient: Transient = { kind: 'transient', problem: problemOf(outcome) };
    return entries.map(() => transient);
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    const results = readEventResults(outcome.body, entries, (entry) =>
      eventResult(entry, 'processed'),
    );
    return reportResults(context, results, outcome);
  }
  const problem = problemOf(outcome);
  if (status === 422) {
    // A 422 names the failed events in `details` (a ConversionApiResponse); the rest went through.
    const details = (outcome.body as { details?: unknown } | undefined)?.details;
    const results = readEventResults(details, entries, (entry) =>
      eventResult(entry, 'failed', problem.message),
    );
    return reportResults(context, results, outcome);
  }
  if (status === 400 || status === 413) {
    // A 400 (or 413) rejects the whole request for what may be one event: halve until it is alone.
    if (entries.length > 1 && budget.requests >= 2) {
      budget.requests -= 2;
      const middle = Math.ceil(entries.length / 2);
      const halves = await Promise.all([
        deliver(context, entries.slice(0, middle), attempt, budget),
        deliver(context, entries.slice(middle), attempt, budget),
      ]);
      return halves.flat();
    }
    const results = entries.map((entry) => eventResult(entry, 'failed', problem.message));
    return reportResults(context, results, outcome);
  }
  // 401, 403 and the other 4xx: the request, not an event, is refused, and would be again.
  const ids = entries.map((entry) => entry.event_id);
  const { message, code, requestId } = problem;
  context.report(record('dead', ids, message, { status, code, requestId }));
  const results = entries.map((entry) => eventResult(entry, 'failed', message));
  context.answer(results);
  return results;
}

/**
 * Posts one batch (≤ 1,000 events) once and returns one settlement per event, in order: the
 * per-event verdicts of a 200 or a 422's details (`processed`, `failed`), bisection on 400 and
 * 413 to isolate the bad events, `dead` for a refused request (401, 403), all reported and handed
 * to `answer`. Transient failures are returned to the caller, unreported: they have not failed yet.
 *
 * @example
 * const settlements = await postBatch(context, claimed, claimed[0].attempts + 1);
 */
export function postBatch(
  context: BatchContext,
  entries: readonly Outgoing[],
  attempt: number,
): Promise<Settlement[]> {
  return deliver(context, entries, attempt, { requests: BISECTION_BUDGET });
}

/**
 * Splits a batch by its settlements: the answered entries with their results (same order), the
 * entries a closing client stopped, and the transient ones grouped by the failed request (a
 * bisected batch may meet several).
 *
 * @example
 * const { answered, results, closed, transient } = partition(claimed, settlements);
 */
export function partition<T>(entries: readonly T[], settlements: readonly Settlement[]) {
  const answered: T[] = [];
  const results: EventResult[] = [];
  const closed: T[] = [];
  const transient = new Map<Problem, T[]>();
  for (let index = 0; index < settlements.length; index += 1) {
    const settlement = settlements[index];
    const entry = entries[index];
    if ('status' in settlement) {
      answered.push(entry);
      results.push(settlement);
    } else if (settlement.kind === 'closed') closed.push(entry);
    else {
      const group = transient.get(settlement.problem);
      if (group) group.push(entry);
      else transient.set(settlement.problem, [entry]);
    }
  }
  return { answered, results, closed, transient };
}
