import type { PinterestEvent, ValidationIssue } from '@pinbridge/core';

/** One forced outcome: an HTTP error, a dropped connection, a slow answer, or `ok` (none). */
export type FaultName = '429' | '503' | '500' | '400' | '401' | '403' | 'drop' | 'slow' | 'ok';

/** Chances between 0 and 1, drawn once per request in this order; their sum is capped at 1. */
export interface FaultRates {
  status429?: number;
  status503?: number;
  status500?: number;
  /** Destroy the socket without answering. */
  drop?: number;
  /** Answer normally, after `slowMs`. */
  slow?: number;
}

export interface Faults {
  rates?: FaultRates;
  /** How long a `slow` answer waits. Default 2000. */
  slowMs?: number;
  /** The Retry-After header of a 429. Default 1. */
  retryAfterSeconds?: number;
  /** The outcomes of the next requests, used before any rate. */
  script?: FaultName[];
  /** Makes the rates repeatable: the same seed gives the same sequence of outcomes. */
  seed?: number;
}

/** A request limit per ad account, like Pinterest's 5,000 calls per minute. */
export interface RateLimit {
  /** Requests admitted per window and ad account (Pinterest: 5,000). */
  requests: number;
  /** The window, in milliseconds (Pinterest: 60,000; divide it to time-scale a benchmark). */
  perMs: number;
}

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every API response. */
  latencyMs?: number;
  faults?: Faults;
  /**
   * When set, requests over the limit get Pinterest's 429 (code 8) with a Retry-After naming
   * when a slot frees up. Checked after the token and account. Default: no limit.
   */
  rateLimit?: RateLimit;
  /** When set, only this bearer token is accepted (401 otherwise); by default any token is. */
  accessToken?: string;
  /** When set, other (well-formed) ad account ids get 403 code 29. */
  adAccountIds?: readonly string[];
  /** Events older than this fail with "Given timestamp is in the past". Default 7 days. */
  maxEventAgeSeconds?: number;
  /** How many events, requests and tag calls are kept, each; later ones are counted, not kept. */
  maxRecords?: number;
  /** The clock, in milliseconds. Default Date.now. */
  now?: () => number;
  /** Receives one line per API request. The token is never part of it. */
  log?: (line: string) => void;
}

/** An accepted event, as sent, with where and when it arrived. */
export type ReceivedEvent = PinterestEvent & { adAccountId: string; receivedAt: number };

export interface RequestRecord {
  /** Milliseconds since the epoch. */
  at: number;
  /** The x-pinterest-rid header of the response. */
  requestId: string;
  adAccountId: string;
  test: boolean;
  /** 0 when the connection was dropped. */
  status: number;
  eventCount: number;
  fault?: Exclude<FaultName, 'ok'>;
  /** Why a 400 rejected the request (Pinterest's body says only "The request was invalid."). */
  issues?: ValidationIssue[];
}

/** A call of the Pinterest Tag stand-in (`window.pintrk`), as the page reported it. */
export interface TagCall {
  command: string;
  args: unknown[];
  /** location.href of the page. */
  page: string;
  /** The page's clock, in milliseconds. */
  time: number;
}

export interface Received {
  events: ReceivedEvent[];
  requests: RequestRecord[];
  tag: TagCall[];
  /** What arrived after `maxRecords` was reached and was counted but not kept. */
  discarded: { events: number; requests: number; tag: number };
}

export interface Emulator {
  /** http://127.0.0.1:PORT; the API base is `${url}/v5`. */
  url: string;
  close(): Promise<void>;
  /** Forgets everything received. Faults stay. */
  reset(): void;
  received(): Received;
  /** Replaces the fault configuration (and restarts its script and random sequence). */
  setFaults(faults: Faults): void;
}
