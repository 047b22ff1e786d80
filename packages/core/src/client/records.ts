import type { PinbridgeReport, ReportStage } from '../report.js';

/**
 * One record of a report stream: the ids and their count, `source: 'client'` unless `details`
 * names another (the server side's records are built here too).
 *
 * @example
 * report(record('queued', ['a1b2c3d4'], 'stored in the queue'));
 * report(record('built', ['a1b2c3d4'], 'built', { source: 'handler' }));
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
