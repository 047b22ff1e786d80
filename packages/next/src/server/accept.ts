import type { PinterestClient } from '@pinbridge/core';
import { PinbridgeError } from '@pinbridge/core';
import { buildBatch } from './build-batch.js';
import { clampEventTimes } from './clamp-time.js';
import { consentGranted } from './consent-gate.js';
import { deliver } from './deliver.js';
import { keepVisitorCookies } from './keep-cookies.js';
import { applyLdp, ldpStateOf } from './ldp.js';
import type { PinRequest, PinResponse } from './pipeline.js';
import { type Refusal, refuse } from './refusal.js';
import type { OnReport } from './report.js';
import { readVisitor } from './request-context.js';
import type { PipelineSettings } from './settings.js';
import { resolveClient } from './shared-client.js';
import type { WireEvent } from './wire-format.js';

const describe = (error: unknown) => (error instanceof Error ? error.name : typeof error);

const skipped = (reason: string): PinResponse => ({
  status: 202,
  body: { accepted: 0, event_ids: [], skipped: reason },
});

// A throwing callback fails closed: the events are reported and not sent.
async function guarded<T>(run: () => T | Promise<T>, fallback: T, failed: (name: string) => void) {
  try {
    return await run();
  } catch (error) {
    failed(describe(error));
    return fallback;
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
 * What happens to a batch that passed every check of the body: crawlers' and non-consenting
 * visitors' events are skipped, times clamped, LDP applied, and each event built and queued.
 * Answers 202 `{ accepted, event_ids }` (plus `rejected` for events that could not be built),
 * 400 when none could, or 500 when no client can be configured.
 *
 * @example
 * return acceptEvents(parsed.events, request, ip, settings);
 */
export async function acceptEvents<Req>(
  wires: WireEvent[],
  request: PinRequest<Req>,
  ip: string | undefined,
  settings: PipelineSettings<Req>,
): Promise<PinResponse | Refusal> {
  const { options, report, debug } = settings;
  const ids = wires.map((event) => event.event_id);
  const count = ids.length;
  const visitor = readVisitor(request.headers, ip);
  if (settings.isBot(visitor.userAgent)) {
    report({ stage: 'bot', message: 'crawler user agent; not forwarded', count, event_ids: ids });
    debug('skipped', { reason: 'bot', count, event_ids: ids });
    return skipped('bot');
  }
  const fail = (what: string) => (name: string) =>
    report({ stage: 'consent', message: `${what} threw ${name}; not sent`, count, event_ids: ids });
  const consent = () => consentGranted(request.raw, visitor.cookies, options);
  if (!(await guarded(consent, false, fail('consent')))) {
    debug('skipped', { reason: 'consent', count, event_ids: ids });
    return skipped('consent');
  }
  // `null` only when getRegion threw: LDP could then not be ruled out, so nothing is sent.
  const ldpState = () => ldpStateOf(request.raw, request.headers, options.ldp);
  const ldp = await guarded(ldpState, null, fail('ldp.getRegion'));
  if (ldp === null) return skipped('consent');
  const client = clientOrReport(options.client, ids, report);
  // The report names the missing variable; the browser only learns that delivery is off.
  if (!client) return refuse(500, 'not_configured', 'Pinterest delivery is not configured');
  const times = clampEventTimes(wires, Date.now(), options.maxEventAgeSeconds);
  if (times.clamped.length > 0) {
    debug('clamped event_time', { count: times.clamped.length, event_ids: times.clamped });
  }
  const setCookies = keepVisitorCookies(
    visitor,
    wires.map((event) => event.url),
    request.secure,
  );
  const signedIn = await guarded(request.getUser ?? (() => undefined), undefined, (name) =>
    // The events still go out, identified by IP, user agent, click id and browser id.
    report({ stage: 'user', message: `getUser threw ${name}`, count, event_ids: ids }),
  );
  const batch = ldp
    ? applyLdp(times.events, signedIn, ldp)
    : { events: times.events, user: signedIn };
  const { events, rejected } = await buildBatch(batch.events, visitor, batch.user, options.mapping);
  if (rejected.length > 0) {
    const [first] = rejected;
    const event_ids = rejected.map((entry) => entry.event_id);
    report({ stage: 'build', message: first.message, count: rejected.length, event_ids });
    if (events.length === 0) return refuse(400, 'invalid_event', first.message, first.path);
  }
  const accepted = events.map((event) => event.event_id);
  debug('accepted', { count: accepted.length, event_ids: accepted, ldp: Boolean(ldp) });
  const body: Record<string, unknown> = { accepted: accepted.length, event_ids: accepted };
  if (rejected.length > 0) body.rejected = rejected;
  return { status: 202, body, delivery: deliver(client, events, report), setCookies };
}
