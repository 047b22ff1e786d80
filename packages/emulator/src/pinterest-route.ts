import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJson, readBody, sendJson, sleep } from './http.js';
import { type Reply, serverCopies } from './inspector/server-copies.js';
import { judgeBatch } from './judge.js';
import { retryAfterHeader } from './rate-limit.js';
import {
  AUTHENTICATION_FAILED,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  NOT_PERMITTED,
  type PinterestError,
  RAMPED_DOWN,
  RATE_LIMITED,
} from './responses.js';
import type { EmulatorState } from './state.js';
import type { FaultName, RequestRecord } from './types.js';

// The path parameter as Pinterest's API description constrains it.
const AD_ACCOUNT_ID = /^\d{1,18}$/;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const FAULT_ANSWERS: Partial<Record<FaultName, [number, PinterestError]>> = {
  '400': [400, INVALID_REQUEST],
  '401': [401, AUTHENTICATION_FAILED],
  '403': [403, NOT_PERMITTED],
  '429': [429, RATE_LIMITED],
  '500': [500, INTERNAL_ERROR],
  '503': [503, RAMPED_DOWN],
};

/**
 * POST /v5/ad_accounts/{adAccountId}/events. Checks run in Pinterest's order: token, account id,
 * rate limit (429), JSON and schema (400), then each event (200 with per-event outcomes, or 422
 * when none passes).
 * Injected faults answer before any check; the token itself is never logged or kept.
 */
export async function handleEvents(
  request: IncomingMessage,
  response: ServerResponse,
  adAccountId: string,
  test: boolean,
  requestId: string,
  state: EmulatorState,
): Promise<void> {
  const text = await readBody(request);
  const parsed = text === undefined ? { ok: false as const } : parseJson(text);
  const data = parsed.ok ? (parsed.value as { data?: unknown } | null)?.data : undefined;
  const base = { requestId, adAccountId, test, eventCount: Array.isArray(data) ? data.length : 0 };
  const finish = (status: number, extra: Partial<RequestRecord> = {}, reply: Reply = {}) => {
    const at = state.now();
    state.store.addRequest({ at, ...base, status, ...extra });
    state.inspector.addServerCopies(
      serverCopies(data, {
        at,
        adAccountId,
        requestId,
        test,
        status,
        fault: extra.fault,
        ...reply,
      }),
    );
    const fault = extra.fault ? `, fault ${extra.fault}` : '';
    const events = `${base.eventCount} event${base.eventCount === 1 ? '' : 's'}`;
    state.log?.(
      `POST /v5/ad_accounts/${adAccountId}/events${test ? '?test=true' : ''} -> ${status || 'dropped'} (${events}${fault}, rid ${requestId})`,
    );
  };

  await sleep(state.latencyMs);
  const fault = state.faults.next();
  if (fault === 'drop') {
    finish(0, { fault });
    request.socket.destroy();
    return;
  }
  if (fault === 'slow') await sleep(state.faults.slowMs);
  const forced = FAULT_ANSWERS[fault];
  if (forced) {
    const [status, body] = forced;
    const headers: Record<string, string> =
      status === 429 ? { 'Retry-After': String(state.faults.retryAfterSeconds) } : {};
    sendJson(response, status, body, headers);
    return finish(status, { fault: fault as Exclude<FaultName, 'ok'> }, { error: body });
  }
  const slow = fault === 'slow' ? { fault } : {};
  /** Answers Pinterest's error `body` and records it. */
  const refuse = (status: number, body: PinterestError, headers: Record<string, string> = {}) => {
    sendJson(response, status, body, headers);
    finish(status, slow, { error: body });
  };

  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (!token || (state.accessToken !== undefined && token !== state.accessToken)) {
    return refuse(401, AUTHENTICATION_FAILED);
  }
  // A malformed id fails Pinterest's parameter validation (400); a well-formed id the token may
  // not use is a permission problem (403).
  if (!AD_ACCOUNT_ID.test(adAccountId)) return refuse(400, INVALID_REQUEST);
  if (state.adAccountIds && !state.adAccountIds.has(adAccountId)) {
    return refuse(403, NOT_PERMITTED);
  }
  const admission = state.limiter?.admit(adAccountId, state.now());
  if (admission && !admission.admitted) {
    return refuse(429, RATE_LIMITED, { 'Retry-After': retryAfterHeader(admission.retryAfterMs) });
  }
  if (!parsed.ok) return refuse(400, INVALID_REQUEST);

  const nowMs = state.now();
  const verdict = judgeBatch(parsed.value, nowMs, state.maxEventAgeSeconds);
  sendJson(response, verdict.status, verdict.body);
  if (verdict.status === 400) {
    return finish(
      400,
      { ...slow, issues: verdict.issues },
      { error: verdict.body, issues: verdict.issues },
    );
  }
  if (!test) {
    state.store.addEvents(
      verdict.accepted.map((event) => ({ ...event, adAccountId, receivedAt: nowMs })),
    );
  }
  finish(verdict.status, slow, { outcomes: verdict.outcomes });
}
