import type { ValidationIssue } from '@pinbridge/core';
import type { EventOutcome, PinterestError } from '../responses.js';
import type { FaultName } from '../types.js';
import type { ServerCopy } from './log.js';

/** What an answer said beyond its status: Pinterest's error body, per-event outcomes, issues. */
export interface Reply {
  error?: PinterestError;
  /** In the order of the request's events. */
  outcomes?: readonly EventOutcome[];
  issues?: readonly ValidationIssue[];
}

export interface AnsweredRequest extends Reply {
  at: number;
  adAccountId: string;
  requestId: string;
  test: boolean;
  status: number;
  fault?: Exclude<FaultName, 'ok'>;
}

const EVENT_PATH = /^data\[(\d+)\]/;

/**
 * One copy per event object of a request's `data`, each with the answer about it: its own
 * outcome, and of a 400's issues those naming it or no event at all.
 *
 * @example
 * serverCopies([{ event_id: 'a' }], { at, adAccountId, requestId, test: false, status: 429, error });
 */
export function serverCopies(data: unknown, request: AnsweredRequest): ServerCopy[] {
  if (!Array.isArray(data)) return [];
  const { at, adAccountId, outcomes, issues, ...answer } = request;
  const copies: ServerCopy[] = [];
  data.forEach((event, index) => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return;
    copies.push({
      at,
      adAccountId,
      event,
      answer: {
        ...answer,
        ...(outcomes && { outcome: outcomes[index] }),
        ...(issues && { issues: issues.filter((issue) => concerns(issue, index)) }),
      },
    });
  });
  return copies;
}

function concerns(issue: ValidationIssue, index: number): boolean {
  const match = EVENT_PATH.exec(issue.path);
  return match === null || Number(match[1]) === index;
}
