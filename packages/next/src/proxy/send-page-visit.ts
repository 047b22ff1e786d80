import type { PinterestClient } from '@pinbridge/core';
import type { NextFetchEvent, NextRequest } from 'next/server.js';
import { deliver } from '../server/deliver.js';
import { nextAfter } from '../server/next-after.js';
import { type OnReport, reporter } from '../server/report.js';
import { type ClientIpOptions, clientIpOf, readVisitor } from '../server/request-context.js';
import { runAfterResponse } from '../server/schedule.js';
import { resolveClient } from '../server/shared-client.js';
import { toPinterestEvent } from '../server/to-event.js';
import type { PinterestVisit } from './visit.js';

/** How the proxy sends the page_visit event itself. */
export interface PageVisitOptions extends ClientIpOptions<NextRequest> {
  /** Default: the process-wide client from PINTEREST_* env variables. */
  client?: PinterestClient;
  /** Receives failures (counts and ids, no PII). Default: console.error. */
  onError?: OnReport;
}

async function pageVisitTask(
  request: NextRequest,
  visit: PinterestVisit,
  options: PageVisitOptions,
) {
  const report = reporter(options.onError);
  const failed = (stage: 'config' | 'build', error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    report({
      stage,
      message: `page_visit not sent: ${reason}`,
      count: 1,
      event_ids: [visit.pageViewId],
    });
  };
  let client: PinterestClient;
  try {
    client = resolveClient(options.client);
  } catch (error) {
    return failed('config', error);
  }
  const visitor = {
    ...readVisitor(request.headers, clientIpOf(request, options)),
    browserId: visit.browserId,
    clickId: visit.clickId,
  };
  try {
    const event = await toPinterestEvent(
      { name: 'page_visit', event_id: visit.pageViewId, url: request.url },
      visitor,
      undefined,
    );
    await deliver(client, [event], report);
  } catch (error) {
    failed('build', error);
  }
}

/**
 * Sends the server copy of this document's page_visit (id `visit.pageViewId`) past the response:
 * through `event.waitUntil` in proxy/middleware, else Next's `after()`.
 *
 * @example
 * sendPageVisit(request, visit, { client }, event);
 */
export function sendPageVisit(
  request: NextRequest,
  visit: PinterestVisit,
  options: PageVisitOptions,
  event?: NextFetchEvent,
): void {
  const task = pageVisitTask(request, visit, options);
  void runAfterResponse(task, {
    waitUntil: event && ((p) => event.waitUntil(p)),
    after: nextAfter,
  });
}
