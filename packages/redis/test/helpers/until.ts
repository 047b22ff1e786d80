import { vi } from 'vitest';

/**
 * Resolves once `check` holds, polling every 25 ms; fails after `timeoutMs`. For the waits on
 * other processes and on Redis, which take longer than vi.waitUntil's default second.
 *
 * @example
 * await until(async () => (await queue.depth()) === 0, 10_000);
 */
export function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  return vi.waitUntil(check, { timeout: timeoutMs, interval: 25 });
}
