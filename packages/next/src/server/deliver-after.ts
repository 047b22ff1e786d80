import { type OnReport, reporter } from './report.js';
import { type After, runAfterResponse, type WaitUntil } from './schedule.js';

/**
 * Hands a delivery to whatever keeps the invocation alive after the response. A carrier that
 * throws (a misconfigured `waitUntil`) is reported and the delivery awaited instead: the visitor
 * waits a little, and no event is lost or turned into a 5xx.
 *
 * @example
 * await deliverAfter(outcome.delivery, { waitUntil: options.waitUntil, after: nextAfter }, options.onError);
 */
export async function deliverAfter(
  delivery: Promise<void>,
  carriers: { waitUntil?: WaitUntil; after?: After },
  onError?: OnReport,
): Promise<void> {
  try {
    await runAfterResponse(delivery, carriers);
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    reporter(onError)({
      stage: 'internal',
      message: `waitUntil threw ${name}; delivered before answering`,
      count: 0,
      event_ids: [],
    });
    await delivery;
  }
}
