import type { ValidationIssue } from '@pinbridge/core';
import type { EventOutcome, PinterestError } from '../responses.js';
import type { FaultName, TagCall } from '../types.js';
import { Recent } from './recent.js';

// The inspector shows a recent window, like Segment's debugger (500 events); enough copies are
// kept that a window of 500 rows still finds both sides and a few retries of each.
const TAG_CALLS_KEPT = 2_000;
const SERVER_COPIES_KEPT = 5_000;

/** What the emulator answered, as Pinterest would, about one event of a request. */
export interface Answer {
  /** The request's HTTP status; 0 when the connection was dropped. */
  status: number;
  /** The x-pinterest-rid header of the response. */
  requestId: string;
  test: boolean;
  fault?: Exclude<FaultName, 'ok'>;
  /** This event's entry in a 200 or 422 body. */
  outcome?: EventOutcome;
  /** The body of any other answer (400, 401, 403, 429, 5xx). */
  error?: PinterestError;
  /** Why a 400 rejected the request: this event's issues and those of the body as a whole. */
  issues?: ValidationIssue[];
}

/** One event as a request to /v5/ad_accounts/{id}/events carried it, and the answer. */
export interface ServerCopy {
  /** Milliseconds since the epoch, the emulator's clock. */
  at: number;
  adAccountId: string;
  event: Record<string, unknown>;
  answer: Answer;
}

/**
 * What the inspector pairs: the recent tag calls and every recent event a request carried,
 * accepted or not, retries included (each attempt is a copy). Listeners hear of each change.
 *
 * @example
 * const log = new InspectorLog();
 * const stop = log.onChange(() => console.log(log.serverCopies().length));
 */
export class InspectorLog {
  private readonly tag = new Recent<TagCall>(TAG_CALLS_KEPT);
  private readonly server = new Recent<ServerCopy>(SERVER_COPIES_KEPT);
  private readonly listeners = new Set<() => void>();

  addTagCall(call: TagCall): void {
    this.tag.push(call);
    this.changed();
  }

  addServerCopies(copies: readonly ServerCopy[]): void {
    if (copies.length === 0) return;
    for (const copy of copies) this.server.push(copy);
    this.changed();
  }

  tagCalls(): TagCall[] {
    return this.tag.items();
  }

  serverCopies(): ServerCopy[] {
    return this.server.items();
  }

  clear(): void {
    this.tag.clear();
    this.server.clear();
    this.changed();
  }

  /** Calls `listener` after each change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
