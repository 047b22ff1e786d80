import type { Logger } from '@pinbridge/core';

/** `true` for `[pinbridge]` lines on console.debug, your own logger, or off (the default). */
export type DebugOption = boolean | Logger;

/**
 * The logger for pinbridge's decisions on each request (refused and why, skipped, clamped,
 * accepted). Lines carry statuses, codes, paths, counts and event ids: never a submitted value,
 * so raw identifiers cannot leak into logs through them.
 *
 * @example
 * const debug = debugLogger(true);
 * debug('refused', { status: 415, code: 'unsupported_media_type', path: '' });
 */
export function debugLogger(option: DebugOption | undefined): Logger {
  if (typeof option === 'function') return option;
  if (!option) return () => undefined;
  return (message, details) => {
    console.debug(`[pinbridge] ${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
  };
}
