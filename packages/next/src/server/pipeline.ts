import type { EventName, PinterestClient } from '@pinbridge/core';
import { PinbridgeError } from '@pinbridge/core';
import { consentAllows } from '../shared/consent.js';
import { buildBatch } from './build-batch.js';
import { deliver } from './deliver.js';
import { keepVisitorCookies } from './keep-cookies.js';
import { parseBody } from './parse-body.js';
import { type OnReport, reporter } from './report.js';
import { readVisitor } from './request-context.js';
import { resolveClient } from './shared-client.js';
import type { PinterestUser } from './user.js';

/** Options shared by the App Router handler and the Pages Router API route. */
export interface PinterestPipelineOptions {
  /** The client to deliver with. Default: one per process from PINTEREST_* env variables. */
  client?: PinterestClient;
  /** Accept events only from visitors whose `_pb_consent` cookie is `granted`. Default `false` (a `denied` cookie always stops them). */
  requireConsent?: boolean;
  /** Largest batch one request may carry. Default `25`. */
  maxEvents?: number;
  /** Your event names and the Pinterest events they become; replaces core's semantic table. */
  mapping?: Readonly<Record<string, EventName>>;
  /** Receives every dropped or failed event (counts and ids, no PII). Default: console.error. */
  onError?: OnReport;
}

/** A request, reduced to what the pipeline needs (so the Pages Router can supply one too). */
export interface PinRequest {
  headers: Headers;
  body: unknown;
  ip: string | undefined;
  /** Whether the page was served over https (cookies then get Secure). */
  secure: boolean;
  getUser?: () => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;
}

/** The answer to send now, and the delivery to run after it. */
export interface PinResponse {
  status: number;
  body: Record<string, unknown>;
  delivery?: Promise<void>;
  /** Set-Cookie headers for the ids the proxy could not set (consent given after landing). */
  setCookies?: string[];
}

const describe = (error: unknown) => (error instanceof Error ? error.name : typeof error);

async function signedInUser(request: PinRequest, ids: string[], report: OnReport) {
  try {
    return await request.getUser?.();
  } catch (error) {
    // The events still go out, identified by IP, user agent, click id and browser id.
    report({
      stage: 'user',
      message: `getUser threw ${describe(error)}`,
      count: ids.length,
      event_ids: ids,
    });
    return undefined;
  }
}

function clientOrReport(client: PinterestClient | undefined, ids: string[], report: OnReport) {
  try {
    return resolveClient(client);
  } catch (error) {
    const message =
      error instanceof PinbridgeError ? error.message : `client setup threw ${describe(error)}`;
    report({ stage: 'config', message, count: ids.length, event_ids: ids });
    return undefined;
  }
}

/**
 * Validates a wire body, applies consent, builds each event and prepares its delivery. Answers
 * 202 `{ accepted, event_ids }` (plus `rejected` when some events could not be built), 400
 * `{ error: { code, message, path } }`, or 500 when no client can be configured.
 *
 * @example
 * const { status, body, delivery } = await processPinRequest({ headers, body, ip }, options);
 */
export async function processPinRequest(
  request: PinRequest,
  options: PinterestPipelineOptions,
): Promise<PinResponse> {
  const report = reporter(options.onError);
  const parsed = parseBody(request.body, options);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  const ids = parsed.events.map((event) => event.event_id);
  const visitor = readVisitor(request.headers, request.ip);
  if (!consentAllows(visitor.cookies, options.requireConsent)) {
    return { status: 202, body: { accepted: 0, event_ids: [], skipped: 'consent' } };
  }
  const client = clientOrReport(options.client, ids, report);
  if (!client) {
    // The report names the missing variable; the browser only learns that delivery is off.
    const error = {
      code: 'not_configured',
      message: 'Pinterest delivery is not configured',
      path: '',
    };
    return { status: 500, body: { error } };
  }
  const setCookies = keepVisitorCookies(
    visitor,
    parsed.events.map((event) => event.url),
    request.secure,
  );
  const user = await signedInUser(request, ids, report);
  const { events, rejected } = await buildBatch(parsed.events, visitor, user, options.mapping);
  if (rejected.length > 0) {
    const [first] = rejected;
    const event_ids = rejected.map((entry) => entry.event_id);
    report({ stage: 'build', message: first.message, count: rejected.length, event_ids });
    if (events.length === 0) {
      const error = { code: 'invalid_event', message: first.message, path: first.path };
      return { status: 400, body: { error } };
    }
  }
  const body: Record<string, unknown> = {
    accepted: events.length,
    event_ids: events.map((e) => e.event_id),
  };
  if (rejected.length > 0) body.rejected = rejected;
  return { status: 202, body, delivery: deliver(client, events, report), setCookies };
}
