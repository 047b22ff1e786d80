import { record } from '../client/records.js';
import { PinbridgeError } from '../error.js';
import { toMilliseconds } from '../event-time.js';
import { isProblemStage, type PinbridgeReport } from '../report.js';
import { isDevelopment } from '../reporter.js';
import { HandlerSpan } from '../telemetry/handler-span.js';
import { EVENT_ID, type WireEvent } from '../wire/event.js';
import { contentLengthRefusal, contentTypeRefusal, readJsonBody } from './body.js';
import { clientIpOf } from './client-ip.js';
import { afterResponse, deliver, type WaitUntil } from './delivery.js';
import { splitDuplicates } from './duplicates.js';
import {
  errorName,
  isRefusal,
  jsonAnswer,
  methodNotAllowed,
  type Refusal,
  refusalAnswer,
  refuse,
} from './errors.js';
import { buildEvents, type GetUser, trustedUserData } from './events.js';
import { type HandlerSettings, type PinHandlerOptions, resolveSettings } from './options.js';
import { type IncomingRequest, type PinAnswer, toResponse, webRequestOf } from './pin-request.js';
import {
  CLAMPED_TIME,
  clampTime,
  decidePolicy,
  type LdpState,
  notSentMessage,
  type Verdict,
} from './policy.js';
import { carriedVisitorIds, deleteCookie, forgottenMessage } from './revocation.js';
import { resolveClient } from './shared-client.js';
import { keepVisitorIds, readVisitor, type Visitor } from './visitor.js';
import { isPlainObject, wireEvents } from './wire-check.js';

/** What an adapter knows about a request beyond the Web `Request` itself. */
export interface HandlerContext {
  /** Keeps the invocation alive past the response (Next's `after`, a platform's waitUntil). */
  waitUntil?: WaitUntil;
  /** The transport's peer address (adapters with a socket); used when no trusted header names an IP. */
  ip?: string;
  /** The signed-in user, from an adapter that closes over its native request; wins over `options.getUser`. */
  getUser?: GetUser<[]>;
}

/**
 * `/api/pin` as a Web-standard function: a `Request` in, a `Response` out. `answer` is the same
 * handler for transports that build no Web objects (the node bridge, adapters on node:http): a
 * {@link PinRequest} in, a {@link PinAnswer} out.
 */
export interface PinHandler {
  (request: Request, context?: HandlerContext): Promise<Response>;
  answer(request: IncomingRequest, context?: HandlerContext): Promise<PinAnswer>;
}

/** One request's course, reported as it goes: the ids its body named, once it was read. */
class Run {
  ids: string[] = [];

  constructor(
    private readonly settings: HandlerSettings,
    /** The request's span, when a tracer provider is registered. */
    readonly span: HandlerSpan | undefined,
  ) {}

  report(
    stage: PinbridgeReport['stage'],
    message: string,
    event_ids: string[],
    extra?: Partial<PinbridgeReport>,
  ): void {
    this.span?.note(stage, event_ids.length, extra);
    const { report } = this.settings;
    // Most requests have nobody reading their routine records: no object is built for them then.
    if (!report.routine && !isProblemStage(stage)) return;
    report(record(stage, event_ids, message, { source: 'handler', ...extra }));
  }
}

const skipped = (reason: string, setCookies?: string[]) =>
  jsonAnswer(202, { accepted: 0, event_ids: [], skipped: reason }, undefined, setCookies);

// Ids of a body that parsed, read before any other check, for the `received` report. Only ids
// by the wire's rule: anything else in that place may be a value (an email), and reports carry none.
function receivedIds(body: unknown): string[] {
  if (!isPlainObject(body) || !Array.isArray(body.events)) return [];
  const ids: string[] = [];
  const { events } = body;
  for (let index = 0; index < events.length && index < MAX_REPORTED_IDS; index += 1) {
    const id = isPlainObject(events[index]) ? events[index].event_id : undefined;
    if (typeof id === 'string' && EVENT_ID.test(id)) ids.push(id);
  }
  return ids;
}

// A body may hold more events than allowed; the report of one refused request stays small.
const MAX_REPORTED_IDS = 100;

// Cheap checks first: a cross-site, throttled, mistyped or oversized request costs no body read.
async function handle(
  request: IncomingRequest,
  context: HandlerContext,
  settings: HandlerSettings,
  run: Run,
): Promise<PinAnswer | Refusal> {
  if (request.method !== 'POST') return methodNotAllowed();
  const { maxBytes } = settings.body;
  const ip = clientIpOf(request, settings.options, context.ip);
  const early =
    settings.originRefusal(request) ??
    settings.limit(ip) ??
    contentTypeRefusal(request.headers.get('content-type')) ??
    contentLengthRefusal(request.headers, maxBytes);
  if (early) return early;
  const body = await readJsonBody(request, settings.body);
  if (isRefusal(body)) return body;
  run.ids = receivedIds(body.value);
  run.report('received', `${run.ids.length} events`, run.ids);
  const wires = wireEvents(body.value, settings);
  if (isRefusal(wires)) return wires;
  // Every event passed the id rule: from here on the reports name all of them, not only the
  // first MAX_REPORTED_IDS a refused body would have named.
  run.ids = wires.map((wire) => wire.event_id);
  const visitor = readVisitor(request, ip);
  if (settings.isBot(visitor.userAgent)) {
    run.report('skipped', 'crawler user agent; not forwarded', run.ids, { reason: 'bot' });
    return skipped('bot');
  }
  const decided = decidePolicy(request, visitor.cookies, settings.options);
  const verdict = decided instanceof Promise ? await decided : decided;
  if (!verdict.send) return withheld(verdict, visitor, run);
  settings.visitCheck?.(wires, visitor);
  return accept(wires, request, context, visitor, verdict.ldp, settings, run);
}

/**
 * The answer to events the policy holds back: 202 `skipped`, reported. A visitor who refused
 * consent is also forgotten: the answer deletes the ids their request still carried.
 */
function withheld(verdict: Verdict & { send: false }, visitor: Visitor, run: Run): PinAnswer {
  const { reason, failed, refused } = verdict;
  if (failed) run.report('error', `${failed}; not sent`, run.ids, { code: 'callback_failed' });
  const names = refused ? carriedVisitorIds(visitor.cookies) : [];
  const message =
    names.length > 0 ? `${forgottenMessage(names)}; not sent` : notSentMessage(reason);
  run.report('skipped', message, run.ids, { reason });
  return skipped(
    reason,
    names.map((name) => deleteCookie(name, visitor.secure)),
  );
}

/**
 * What happens to a batch that may be sent: times clamped, the visitor's ids kept, the signed-in
 * user added, LDP applied, each event built and the batch queued past the response.
 */
async function accept(
  wires: WireEvent[],
  request: IncomingRequest,
  context: HandlerContext,
  reading: Visitor,
  ldp: LdpState | undefined,
  settings: HandlerSettings,
  run: Run,
): Promise<PinAnswer | Refusal> {
  const { options } = settings;
  let client: ReturnType<typeof resolveClient>;
  try {
    client = resolveClient(options.client);
  } catch (error) {
    // The report names the missing variable; the browser only learns that delivery is off.
    const message =
      error instanceof PinbridgeError ? error.message : `client setup threw ${errorName(error)}`;
    run.report('error', message, run.ids, { code: 'not_configured', status: 500 });
    // In development the answer names the missing variable too (its name, never a value): the
    // developer looking at the browser's network panel learns what to set without the server log.
    const missing =
      isDevelopment() && error instanceof PinbridgeError && error.code === 'missing_config'
        ? `: set ${error.path} on the server`
        : '';
    return refuse(500, 'not_configured', `Pinterest delivery is not configured${missing}`);
  }
  const { unique, duplicates } = splitDuplicates(wires);
  if (duplicates.length > 0) {
    run.report('skipped', 'event_id repeated in the body; sent once', duplicates, {
      reason: 'duplicate',
    });
  }
  const timed = clampTimes(unique, settings.maxEventAgeSeconds, run);
  const { visitor, setCookies } = keepVisitorIds(reading, wires);
  if (visitor.invalidClickId) {
    run.report('value_dropped', 'click_id left out: not a click id', run.ids, {
      field: 'click_id',
      reason: 'invalid',
    });
  }
  let user: Awaited<ReturnType<GetUser>>;
  if (context.getUser || options.getUser) {
    try {
      user = await (context.getUser ? context.getUser() : options.getUser?.(webRequestOf(request)));
    } catch (error) {
      // The events still go out, identified by IP, user agent, click id and browser id.
      run.report('error', `getUser threw ${errorName(error)}`, run.ids, {
        code: 'callback_failed',
      });
    }
  }
  const trusted = trustedUserData([user], visitor.browserId, ldp);
  const { events, rejected } = await buildEvents(
    timed,
    { visitor, trusted, ldp },
    (eventId, dropped) =>
      run.report(
        'value_dropped',
        `${dropped.field} left out: ${dropped.reason}`,
        [eventId],
        dropped,
      ),
  );
  if (rejected.length > 0) {
    const [first] = rejected;
    // With none left, the answer is the refusal, reported as such by the caller.
    if (events.length === 0) return refuse(400, 'invalid_event', first.message, first.path);
    const rejectedIds = rejected.map((entry) => entry.event_id);
    run.report('refused', first.message, rejectedIds, {
      code: 'invalid_event',
      path: first.path,
      status: 202,
    });
  }
  const accepted = events.map((event) => event.event_id);
  run.report('built', ldp ? 'built (LDP)' : 'built', accepted);
  const delivery = deliver(client, events, settings.delivery, settings.report, 'handler');
  const unheld = afterResponse(delivery, context.waitUntil, settings.report, 'handler');
  if (unheld) await unheld;
  const body: Record<string, unknown> = { accepted: accepted.length, event_ids: accepted };
  if (rejected.length > 0) body.rejected = rejected;
  if (duplicates.length > 0) body.duplicates = duplicates;
  return jsonAnswer(202, body, undefined, setCookies);
}

/**
 * The events with their browser-reported `time` in milliseconds (a time in seconds is read as
 * such, see `toMilliseconds`) and clamped (see `clampTime`); clamped ones are reported by id.
 */
function clampTimes(wires: WireEvent[], maxAgeSeconds: number, run: Run): WireEvent[] {
  const now = Date.now();
  let timed = wires;
  const clamped: string[] = [];
  for (let index = 0; index < wires.length; index += 1) {
    const event = wires[index];
    const given = toMilliseconds(event.time);
    const time = clampTime(given, now, maxAgeSeconds);
    if (time === event.time) continue;
    if (timed === wires) timed = wires.slice();
    timed[index] = { ...event, time };
    if (time !== given) clamped.push(event.event_id);
  }
  if (clamped.length > 0) {
    const { message, field, reason } = CLAMPED_TIME;
    run.report('value_dropped', message, clamped, { field, reason });
  }
  return timed;
}

/**
 * The `/api/pin` handler as a Web-standard function, for any runtime and framework: it checks
 * the request (origin, per-IP rate limit, content type, size while reading, UTF-8, JSON, shape
 * and wire format), skips crawlers and visitors without consent, clamps times, applies LDP, adds
 * the visitor's IP, user agent, click id, browser id and signed-in user, builds spec-exact
 * events, and answers 202 at once; queueing (and, on platforms that freeze after the response,
 * a flush bounded by `maxFlushMs`) runs through `context.waitUntil`, so the visitor never waits
 * on Pinterest. The ids the proxy could not set (consent given after landing) come back as
 * cookies. A refusal is a 4xx JSON `{ error: { code, message, path } }` (see `BodyError`); a
 * server without Pinterest credentials answers 500 `not_configured` (naming the variable in
 * development); a bug answers 400
 * `internal_error`, never 5xx. Every step is reported (`source: 'handler'`), never with a value.
 * With a tracer provider registered, each request is a span (`pinbridge.handler`, see `HandlerSpan`).
 * Throws a PinbridgeError (`invalid_config`) for a nonsensical option.
 *
 * @example
 * const handler = createPinHandler({ requireConsent: true });
 * // Hono: app.post('/api/pin', (c) => handler(c.req.raw, { waitUntil: (p) => c.executionCtx.waitUntil(p) }));
 * // Deno, Bun, workers: export default { fetch: (request) => handler(request) };
 */
export function createPinHandler(options: PinHandlerOptions = {}): PinHandler {
  const settings = resolveSettings(options);
  const settle = async (request: IncomingRequest, context: HandlerContext, run: Run) => {
    let outcome: PinAnswer | Refusal;
    try {
      outcome = await handle(request, context, settings, run);
    } catch (error) {
      const message = `${errorName(error)} while handling a request; nothing was sent`;
      run.report('error', message, run.ids, { code: 'internal_error' });
      outcome = refuse(400, 'internal_error', 'could not be processed; the server reported why');
    }
    if (!isRefusal(outcome)) return outcome;
    const { status, error } = outcome;
    run.report('refused', error.message, run.ids, { code: error.code, path: error.path, status });
    return refusalAnswer(outcome);
  };
  const answer = async (request: IncomingRequest, context: HandlerContext = {}) => {
    const span = HandlerSpan.start();
    const run = new Run(settings, span);
    if (!span) return settle(request, context, run);
    const settled = await span.run(() => settle(request, context, run));
    span.end(settled.status);
    return settled;
  };
  const handler = async (request: Request, context?: HandlerContext) =>
    toResponse(await answer(request, context));
  return Object.assign(handler, { answer });
}
