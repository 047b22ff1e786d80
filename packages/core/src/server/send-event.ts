import { nanoid } from 'nanoid';
import { record } from '../client/records.js';
import type { PinterestClient } from '../client/types.js';
import { PinbridgeError } from '../error.js';
import { toEventTime } from '../event-time.js';
import type { PinbridgeReport } from '../report.js';
import { createReporter, type ReportOptions } from '../reporter.js';
import type { EventName } from '../types.js';
import { SEMANTIC_EVENT_NAMES, toEventName } from '../wire/events.js';
import { type ClientIpOptions, clientIpOf } from './client-ip.js';
import { DEFAULT_MAX_FLUSH_MS, flushWithin, type WaitUntil } from './delivery.js';
import { type GetUser, type PinterestUser, toPinterestEvent, trustedUserData } from './events.js';
import {
  assertGpcOption,
  CLAMPED_TIME,
  clampTime,
  DEFAULT_MAX_EVENT_AGE_SECONDS,
  decidePolicy,
  notSentMessage,
  type PolicyOptions,
  type PolicyReason,
} from './policy.js';
import { resolveClient } from './shared-client.js';
import { clickIdOfUrl, readVisitor } from './visitor.js';
import { eventProblem } from './wire-check.js';

/** An event sent from server code. */
export interface ServerEvent {
  /** A Pinterest name (`checkout`) or a semantic one (`Order Completed`). */
  name: string;
  /** Pinterest custom_data or Segment-style props (`total`, `products[]`). */
  props?: Record<string, unknown>;
  /** Share it with the browser's copy for deduplication, e.g. `eventIdFor('checkout', orderId)`. Default: minted. */
  event_id?: string;
  /** When it happened (a Date, Unix seconds or milliseconds). Default: now. */
  time?: number | Date;
  /** The page it belongs to. Default: the request's Referer. */
  url?: string;
  /** What your server knows about the customer (raw; hashed before sending). */
  user?: PinterestUser;
}

/** Where {@link sendPinterestEvent} finds the visitor and how it decides and queues. */
export interface SendEventOptions extends PolicyOptions, ClientIpOptions, ReportOptions {
  /** The request being served: its headers give IP, user agent and pinbridge cookies. */
  request?: Request;
  /** Headers alone, e.g. `await headers()` in a Server Action. */
  headers?: Headers;
  /** Default: the process-wide client from PINTEREST_* env variables. */
  client?: PinterestClient;
  /** The signed-in user; wins over `event.user` field by field. */
  getUser?: GetUser;
  /** Your event names and the Pinterest events they become; default core's semantic table. */
  mapping?: Readonly<Record<string, EventName>>;
  /** Oldest event time kept, in seconds, as for the handler. Default `604800` (7 days). */
  maxEventAgeSeconds?: number;
  /**
   * Your platform's waitUntil: the client is then flushed past your response, within
   * `maxFlushMs`. Without it the event waits for the consumer's next batch (serverless: call
   * `await flushPinterest()` before returning).
   */
  waitUntil?: WaitUntil;
  /** Deadline of the flush handed to `waitUntil`. Default `2000` ms. */
  maxFlushMs?: number;
}

/** The event was queued for delivery, or why it was not. */
export type SendEventResult =
  | { event_id: string; event_name: EventName; status: 'queued' }
  | { event_id: string; event_name: EventName; status: 'skipped'; reason: PolicyReason };

/**
 * Queues one event from a Server Action, a route handler or a webhook, with the handler's own
 * checks (name, id and time by the wire's rules), policy (consent, Global Privacy Control, LDP)
 * and time clamping, and resolves once it is stored; outcomes arrive through the report stream
 * (`source: 'server'` for this step, `client` for delivery) and the client's `onResult`. It never
 * flushes per call, so server events share batches. On a serverless platform, `await
 * flushPinterest()` before your function returns, or pass `waitUntil`. Without `request`, your
 * callbacks (`consent`, `ldp.getRegion`, `getClientIp`, `getUser`) receive a Request made of
 * `headers` and the event's url; `Sec-GPC` is read from either (a webhook carries none). Throws
 * a PinbridgeError for an event that cannot be built (unknown name, no identifier), a missing
 * configuration or a bad `gpc` option, or a queue that refused it.
 *
 * @example
 * // A payment webhook: the same id as the browser's track('checkout', …, { eventId })
 * await sendPinterestEvent(
 *   { name: 'checkout', event_id: eventIdFor('checkout', order.id), props: { value: order.total, currency: 'USD' }, user: { email: order.email } },
 *   { request, consent: () => order.marketingConsent },
 * );
 * await flushPinterest({ timeoutMs: 2000 });
 */
export async function sendPinterestEvent(
  event: ServerEvent,
  options: SendEventOptions = {},
): Promise<SendEventResult> {
  assertGpcOption(options.gpc, 'gpc');
  const now = Date.now();
  const headers = options.headers ?? options.request?.headers ?? new Headers();
  const url = event.url ?? (headers.get('referer') || undefined);
  const given = toEventTime(event.time, now) * 1000;
  const maxAge = options.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS;
  const source = {
    name: event.name,
    event_id: event.event_id ?? nanoid(),
    time: clampTime(given, now, maxAge),
    url,
    props: event.props,
  };
  const mapping = options.mapping ?? SEMANTIC_EVENT_NAMES;
  const problem = eventProblem(source, { mapping, urlOptional: true });
  if (problem) throw new PinbridgeError(problem[1], problem[0].slice(1));
  const { event_id } = source;
  const event_name = toEventName(event.name, mapping);
  const report = createReporter(options);
  const tell = (
    stage: PinbridgeReport['stage'],
    message: string,
    extra?: Partial<PinbridgeReport>,
  ) => report(record(stage, [event_id], message, { source: 'server', ...extra }));
  const request =
    options.request ??
    new Request(URL.canParse(url ?? '') ? (url as string) : 'http://localhost/', { headers });
  const client = resolveClient(options.client);
  if (source.time !== given) {
    const { message, field, reason } = CLAMPED_TIME;
    tell('value_dropped', message, { field, reason });
  }
  const visitor = readVisitor(request, clientIpOf(request, options));
  const verdict = await decidePolicy(request, visitor.cookies, options);
  if (!verdict.send) {
    if (verdict.failed) tell('error', `${verdict.failed}; not sent`, { code: 'callback_failed' });
    tell('skipped', notSentMessage(verdict.reason), { reason: verdict.reason });
    return { event_id, event_name, status: 'skipped', reason: verdict.reason };
  }
  const signedIn = await options.getUser?.(request);
  const built = await toPinterestEvent(
    source,
    {
      visitor: { ...visitor, clickId: visitor.clickId ?? clickIdOfUrl(url) ?? undefined },
      trusted: trustedUserData([event.user, signedIn], visitor.browserId, verdict.ldp),
      ldp: verdict.ldp,
      mapping,
    },
    (dropped) => tell('value_dropped', `${dropped.field} left out: ${dropped.reason}`, dropped),
  );
  tell('built', verdict.ldp ? 'built (LDP)' : 'built');
  const { refused } = await client.enqueue([built]);
  if (refused.includes(event_id)) {
    throw new PinbridgeError(
      'was refused by the queue (see the client report)',
      'event',
      'queue_full',
    );
  }
  if (options.waitUntil) {
    const maxFlushMs = options.maxFlushMs ?? DEFAULT_MAX_FLUSH_MS;
    options.waitUntil(flushWithin(client, maxFlushMs, report, 'server'));
  }
  return { event_id, event_name, status: 'queued' };
}
