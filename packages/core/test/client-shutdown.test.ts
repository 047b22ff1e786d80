import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushOnShutdown } from '../src/client/shutdown.js';
import type { FlushResult } from '../src/client/types.js';

const CLOSED: FlushResult = { processed: 1, failed: 0, pending: 0 };

/** A client whose close() records its options and resolves when the test says so. */
function fakeClient() {
  let finish: (result: FlushResult) => void = () => {};
  const close = vi.fn(
    (_options?: { timeoutMs?: number }) =>
      new Promise<FlushResult>((resolve) => {
        finish = resolve;
      }),
  );
  return { client: { close }, close, finish: () => finish(CLOSED) };
}

const listeners = () => [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

// Signals are emitted as events here: nothing is sent to the test process itself. The real
// signal, and the exit, are tested with a child process in test/shutdown.test.ts.
describe('flushOnShutdown', () => {
  it('closes the client within the deadline on SIGTERM, then exits', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const before = listeners();
    const { client, close, finish } = fakeClient();
    flushOnShutdown(client, { timeoutMs: 1234 });
    expect(listeners()).toEqual([before[0] + 1, before[1] + 1]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(close).toHaveBeenCalledWith({ timeoutMs: 1234 });
    // Both handlers are gone: a second signal gets Node's default (stop at once).
    expect(listeners()).toEqual(before);
    await Promise.resolve();
    expect(exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledOnce());
    expect(exit).toHaveBeenCalledWith();
  });

  it('leaves the exit to another listener of the signal', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const own = vi.fn();
    process.on('SIGINT', own);
    try {
      const { client, close, finish } = fakeClient();
      flushOnShutdown(client, { signals: ['SIGINT'] });
      process.emit('SIGINT', 'SIGINT');
      // The default deadline: below the grace period of common platforms.
      expect(close).toHaveBeenCalledWith({ timeoutMs: 5000 });
      finish();
      // The handler's continuation was attached first, so it has run once this await resumes.
      await close.mock.results[0].value;
      expect(own).toHaveBeenCalledOnce();
      expect(exit).not.toHaveBeenCalled();
    } finally {
      process.off('SIGINT', own);
    }
  });

  it('exits shortly after the deadline even when close() never finishes', async () => {
    vi.useFakeTimers();
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const { client, close } = fakeClient();
    flushOnShutdown(client, { timeoutMs: 300 });
    process.emit('SIGTERM', 'SIGTERM');
    expect(close).toHaveBeenCalledWith({ timeoutMs: 300 });
    await vi.advanceTimersByTimeAsync(300);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(exit).toHaveBeenCalledOnce();
  });

  it('returns a function that removes its handlers', () => {
    const before = listeners();
    const { client, close } = fakeClient();
    const remove = flushOnShutdown(client);
    remove();
    expect(listeners()).toEqual(before);
    expect(close).not.toHaveBeenCalled();
  });

  it('does nothing where there is no process.once (Edge runtime, workers)', () => {
    const { client, close } = fakeClient();
    vi.stubGlobal('process', { env: {} });
    const remove = flushOnShutdown(client);
    vi.unstubAllGlobals();
    expect(typeof remove).toBe('function');
    remove();
    expect(close).not.toHaveBeenCalled();
  });
});
