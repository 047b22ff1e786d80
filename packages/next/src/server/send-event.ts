import type { EventName, EventResult, PinterestClient } from '@pinbridge/core';
import { PinbridgeError, toEventName } from '@pinbridge/core';
import { type ConsentOption, consentGranted } from './consent-gate.js';
import { type LdpOptions, ldpStateOf, withLdp } from './ldp.js';
import { type ClientIpOptions, clientIpOf, ipFromHeaders, readVisitor } from './request-context.js';
import { resolveClient } from './shared-client.js';
import { toPinterestEvent } from './to-event.js';
import { overrideUser, type PinterestUser } from './user.js';

/** An event sent from server code. */
export interface ServerEvent {
  /** A Pinterest name (`checkout`) or a semantic one (`Order Completed`). */
  name: string;
  /** Pinterest custom_data or Segment-style props (`total`, `products[]`). */
  props?: Record<string, unknown>;
  /** Share it with the browser's copy for deduplication, e.g. `eventIdFor('checkout', orderId)`. Default: minted. */
  event_id?: string;
  /** When it happened. Default: now. */
  time?: number | Date;
  /** The page it belongs to. Default: the request's Referer. */
  url?: string;
  /** What your server knows about the customer (raw; hashed before sending). */
  user?: PinterestUser;
}

/** Where {@link sendPinterestEvent} finds the visitor (`getClientIp` needs `request`) and how it delivers. */
export interface SendEventOptions extends ClientIpOptions<Request> {
  /** The request being served: its headers give IP, user agent and pinbridge cookies. */
  request?: Request;
  /** Headers alone, e.g. `await headers()` in a Server Action. */
  headers?: Headers;
  /** Default: the process-wide client from PINTEREST_* env variables. */
  client?: PinterestClient;
  /** The signed-in user; wins over `event.user` field by field. */
  getUser?: (
    request: Request | undefined,
  ) => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;
  /** Send only when the `_pb_consent` cookie is `granted`. Default `false` (`denied` always stops it). */
  requireConsent?: boolean;
  /**
   * How consent is read, as for the handler: a cookie and its values, or a function that decides
   * alone (a webhook has no visitor cookie: look the order's consent up instead).
   */
  consent?: ConsentOption<Request | undefined>;
  /** Limited Data Processing for visitors in these US states, as for the handler. */
  ldp?: LdpOptions<Request | undefined>;
  /** Your event names and the Pinterest events they become. */
  mapping?: Readonly<Record<string, EventName>>;
}

/** The event's outcome, or why it was not sent. */
export type SendEventResult =
  | EventResult
  | { event_id: string; event_name: string; status: 'skipped'; reason: 'consent' };

/**
 * Sends one event from a Server Action, a route or a webhook and waits for Pinterest's verdict.
 * Throws a PinbridgeError for an event that cannot be built (unknown name, no identifier).
 *
 * @example
 * // A payment webhook: the same id as the browser's track('checkout', …, { eventId })
 * const result = await sendPinterestEvent(
 *   { name: 'checkout', event_id: eventIdFor('checkout', order.id), props: { value: order.total, currency: 'USD' }, user: { email: order.email } },
 *   { request },
 * );
 */
export async function sendPinterestEvent(
  event: ServerEvent,
  options: SendEventOptions = {},
): Promise<SendEventResult> {
  if (event.name !== 'custom' && toEventName(event.name, options.mapping) === 'custom') {
    throw new PinbridgeError('is neither a Pinterest event name nor a known semantic name', 'name');
  }
  const { request } = options;
  const headers = options.headers ?? request?.headers ?? new Headers();
  const ip = request
    ? clientIpOf(request, options)
    : ipFromHeaders(headers, options.trustedIpHeaders);
  const visitor = readVisitor(headers, ip);
  const event_name = toEventName(event.name, options.mapping);
  if (!(await consentGranted(request, visitor.cookies, options))) {
    return { event_id: event.event_id ?? '', event_name, status: 'skipped', reason: 'consent' };
  }
  const signedIn = overrideUser(event.user, await options.getUser?.(request));
  const where = await ldpStateOf(request, headers, options.ldp);
  const { props, user } = where
    ? withLdp(event.props, signedIn, where)
    : { props: event.props, user: signedIn };
  const url = event.url ?? (headers.get('referer') || undefined);
  const built = await toPinterestEvent(
    { ...event, props, url, user: undefined },
    visitor,
    user,
    options.mapping,
  );
  const client = resolveClient(options.client);
  const outcome = client.enqueue(built);
  // Flush at once: a Server Action or webhook awaits this, and should not wait for a batch.
  // Its failures surface in `outcome`; the catch only keeps a rejection from going unhandled.
  client.flush().catch(() => undefined);
  return outcome;
}
