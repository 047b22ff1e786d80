import { describe, expect, it, vi } from 'vitest';
import { sleep } from '../src/client/backoff.js';
import { createClosing } from '../src/client/closing.js';

describe('createClosing', () => {
  it('calls each waiter once on close, and late waiters at once', () => {
    const closing = createClosing();
    const first = vi.fn();
    const cancelled = vi.fn();
    closing.onClose(first);
    closing.onClose(cancelled)();
    closing.close();
    closing.close();
    expect(first).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    const late = vi.fn();
    closing.onClose(late);
    expect(late).toHaveBeenCalledTimes(1);
    expect(closing.closed).toBe(true);
  });

  it('wakes any number of sleepers without a listener-limit warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const closing = createClosing();
    const sleepers = Array.from({ length: 50 }, () => sleep(60_000, closing));
    closing.close();
    await Promise.all(sleepers);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
  });
});
