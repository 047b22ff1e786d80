import { PinbridgeError } from '@pinbridge/core';

/** The Redis keys of one ad account. They share one `{hash tag}`: one cluster slot, one script. */
export interface AccountKeys {
  /** The stream of queued events: its length is the backlog (acked entries are deleted). */
  events: string;
  /** When each claimed entry's lease (or a released entry's delay) ends: a ZSET of stream ids. */
  leases: string;
  /** Events Pinterest rejected one by one, each with the reason. */
  dead: string;
  /** The shared rate limit: GCRA's theoretical arrival time, and the Retry-After pause. */
  rate: string;
  pause: string;
}

/**
 * The keys of `adAccountId` under `prefix`: `{pinbridge:549755885175}:events` and its siblings.
 *
 * @example
 * accountKeys('pinbridge', '549755885175').events; // '{pinbridge:549755885175}:events'
 */
export function accountKeys(prefix: string, adAccountId: string | undefined): AccountKeys {
  const account = adAccountId ?? globalThis.process?.env?.PINTEREST_AD_ACCOUNT_ID?.trim();
  if (!account || !/^\d{1,18}$/.test(account)) {
    throw new PinbridgeError(
      'must be 1 to 18 digits (or set PINTEREST_AD_ACCOUNT_ID)',
      'adAccountId',
      'invalid_config',
    );
  }
  // Braces would end the hash tag early and spread one account's keys over several slots.
  if (!/^[^{}\s]+$/.test(prefix)) {
    throw new PinbridgeError(
      'must be non-empty, without braces or spaces',
      'prefix',
      'invalid_config',
    );
  }
  const tag = `{${prefix}:${account}}`;
  return {
    events: `${tag}:events`,
    leases: `${tag}:leases`,
    dead: `${tag}:dead`,
    rate: `${tag}:rate`,
    pause: `${tag}:pause`,
  };
}
