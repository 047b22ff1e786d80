import type { PinterestClient, PinterestEvent } from '@pinbridge/core';
import type { OnReport } from './report.js';

/**
 * Queues `events` on the client and reports the ones Pinterest did not process. Never rejects,
 * so it can be handed to waitUntil or after() as is.
 *
 * @example
 * await runAfterResponse(deliver(client, events, report), { waitUntil });
 */
export async function deliver(
  client: PinterestClient,
  events: PinterestEvent[],
  report: OnReport,
): Promise<void> {
  try {
    const results = await Promise.all(events.map((event) => client.enqueue(event)));
    const failed = results.filter((result) => result.status === 'failed');
    if (failed.length === 0) return;
    const reason = failed.find((result) => result.error_message)?.error_message;
    report({
      stage: 'delivery',
      message: `${failed.length} of ${events.length} events failed${reason ? `: ${reason}` : ''}`,
      count: failed.length,
      event_ids: failed.map((result) => result.event_id),
    });
  } catch (error) {
    report({
      stage: 'delivery',
      message: `enqueue threw ${error instanceof Error ? error.name : typeof error}`,
      count: events.length,
      event_ids: events.map((event) => event.event_id),
    });
  }
}
