import type { PinbridgeReport, ReportStage } from '../report.js';

/**
 * One record of the client's report stream: `source: 'client'`, the ids and their count.
 *
 * @example
 * report(record('queued', ['a1b2c3d4'], 'stored in the queue'));
 */
export function record(
  stage: ReportStage,
  eventIds: string[],
  message: string,
  details: Partial<PinbridgeReport> = {},
): PinbridgeReport {
  return {
    stage,
    source: 'client',
    event_ids: eventIds,
    count: eventIds.length,
    message,
    ...details,
  };
}
