import { toTagEventName } from '@pinbridge/core';
import type { TagCall } from '../types.js';
import { type Badge, badgesOf } from './badges.js';
import type { Answer, ServerCopy } from './log.js';
import { redact } from './redact.js';

/** How the tag's copy and the server's copy of one event_id relate. */
export type PairState = 'paired' | 'tag_only' | 'server_only' | 'names_differ';

/** The emulator's answer about an event, in one line, as Pinterest would give it. */
export interface Judgement {
  ok: boolean;
  /** Failed Pinterest's checks (a per-event failure or a 400), not merely undelivered. */
  invalid: boolean;
  text: string;
}

export interface InspectorRow {
  /** The event_id, or `tag-call-<n>` for a tag conversion without one. */
  key: string;
  eventId: string | null;
  /** The server's event_name when there is a server copy, else the tag's. */
  name: string;
  /** When either copy was first seen, in milliseconds. */
  time: number;
  state: PairState;
  /** The latest tag conversion with this id, and how many there were. */
  tag?: { name: string; time: number; page: string; data: unknown; calls: number };
  /** The latest request that carried this id, and how many did (retries count). */
  server?: {
    name: string;
    time: number;
    event: unknown;
    answer: Answer;
    attempts: number;
    verdict: Judgement;
  };
  badges: Badge[];
}

export interface InspectorSummary {
  rows: number;
  /** Rows with a tag copy, and those of them whose server copy pairs with it. */
  tagEvents: number;
  tagWithServerTwin: number;
  /** Rows with a server copy, and those of them carrying a click id. */
  serverEvents: number;
  withClickId: number;
  /** Rows whose latest server copy failed Pinterest's checks. */
  failingValidation: number;
}

export interface InspectorView {
  rows: InspectorRow[];
  summary: InspectorSummary;
}

// Segment's debugger shows a live sample of 500; the summary still counts every row paired.
const ROWS_SHOWN = 500;

/**
 * Pairs the tag's conversions (`pintrk('track', name, { event_id })`) with the events requests
 * carried, one row per event_id, newest first. Names correspond as the Tag writes them
 * (`add_to_cart` is the Tag's `addtocart`, case-insensitive), as Pinterest deduplicates.
 *
 * @example
 * const { rows, summary } = inspect(log.tagCalls(), log.serverCopies());
 * rows[0].state; // 'paired'
 */
export function inspect(
  tagCalls: readonly TagCall[],
  serverCopies: readonly ServerCopy[],
  limit = ROWS_SHOWN,
): InspectorView {
  const groups = new Map<string, { tag: TagCall[]; server: ServerCopy[] }>();
  const group = (key: string) => {
    const found = groups.get(key) ?? { tag: [], server: [] };
    groups.set(key, found);
    return found;
  };
  tagCalls.forEach((call, index) => {
    if (call.command !== 'track') return;
    const id = eventIdOf(call.args[1]);
    group(id === null ? `tag-call-${index}` : `id:${id}`).tag.push(call);
  });
  serverCopies.forEach((copy, index) => {
    const id = eventIdOf(copy.event);
    group(id === null ? `server-copy-${index}` : `id:${id}`).server.push(copy);
  });

  const rows = [...groups].map(([key, { tag, server }]) => toRow(key, tag, server));
  rows.sort((a, b) => b.time - a.time);
  return { rows: rows.slice(0, limit), summary: summarize(rows) };
}

function toRow(key: string, tagCalls: TagCall[], copies: ServerCopy[]): InspectorRow {
  const lastTag = tagCalls.at(-1);
  const lastCopy = copies.at(-1);
  const tag = lastTag && {
    name: String(lastTag.args[0]),
    time: lastTag.time,
    page: lastTag.page,
    data: redact(lastTag.args[1]),
    calls: tagCalls.length,
  };
  const server = lastCopy && {
    name: String(lastCopy.event.event_name),
    time: lastCopy.at,
    event: redact(lastCopy.event),
    answer: lastCopy.answer,
    attempts: copies.length,
    verdict: judgement(lastCopy.answer),
  };
  const firstSeen = [tagCalls[0]?.time, copies[0]?.at].filter((time) => time !== undefined);
  return {
    key: key.startsWith('id:') ? key.slice(3) : key,
    eventId: eventIdOf(lastCopy?.event ?? lastTag?.args[1]),
    name: server?.name ?? tag?.name ?? '',
    time: Math.min(...firstSeen),
    state: pairState(tag?.name, server?.name),
    ...(tag && { tag }),
    ...(server && { server }),
    badges: lastCopy ? badgesOf(lastCopy.event) : [],
  };
}

function pairState(tagName: string | undefined, serverName: string | undefined): PairState {
  if (serverName === undefined) return 'tag_only';
  if (tagName === undefined) return 'server_only';
  return tagName.toLowerCase() === toTagEventName(serverName) ? 'paired' : 'names_differ';
}

/**
 * The answer about one event in one line: Pinterest's per-event message when it judged the
 * event, else the request's status and error.
 */
export function judgement(answer: Answer): Judgement {
  const test = answer.test ? ' (test mode, not recorded)' : '';
  const { outcome, status } = answer;
  if (outcome?.status === 'processed') {
    const warning = outcome.warning_message ? `; warning: ${outcome.warning_message}` : '';
    return { ok: true, invalid: false, text: `processed${test}${warning}` };
  }
  if (outcome) return { ok: false, invalid: true, text: `failed: ${outcome.error_message}` };
  if (status === 0) return { ok: false, invalid: false, text: 'no answer: the connection dropped' };
  const injected = answer.fault ? ' (injected fault)' : '';
  const issues = (answer.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
  const message = issues.length > 0 ? issues.join('; ') : (answer.error?.message ?? '');
  return {
    ok: false,
    invalid: status === 400 && !answer.fault,
    text: `${status} ${message}${injected}`.trim(),
  };
}

function summarize(rows: readonly InspectorRow[]): InspectorSummary {
  const count = (test: (row: InspectorRow) => boolean) => rows.filter(test).length;
  return {
    rows: rows.length,
    tagEvents: count((row) => row.tag !== undefined),
    tagWithServerTwin: count((row) => row.state === 'paired'),
    serverEvents: count((row) => row.server !== undefined),
    withClickId: count((row) =>
      row.badges.some((b) => b.name === 'click_id_epik' && b.state === 'present'),
    ),
    failingValidation: count((row) => row.server?.verdict.invalid === true),
  };
}

function eventIdOf(value: unknown): string | null {
  const id = (value as { event_id?: unknown } | null | undefined)?.event_id;
  return typeof id === 'string' && id !== '' ? id : null;
}
