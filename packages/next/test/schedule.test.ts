import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAfterResponse } from '../src/server/schedule.js';
import { deferred } from './helpers.js';

const CONTEXT = Symbol.for('@next/request-context');
const scope = globalThis as unknown as Record<symbol, unknown>;

// Whether `promise` is still pending after the current macrotask's microtasks ran.
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([promise, new Promise((r) => setTimeout(r, 0, marker))])) === marker;
}

describe('runAfterResponse', () => {
  afterEach(() => {
    delete scope[CONTEXT];
  });

  it('hands the task to your waitUntil first and returns at once', async () => {
    const task = deferred();
    const waitUntil = vi.fn();
    const after = vi.fn();
    await runAfterResponse(task.promise, { waitUntil, after });
    expect(waitUntil).toHaveBeenCalledWith(task.promise);
    expect(after).not.toHaveBeenCalled();
  });

  it("uses Next's after() next", async () => {
    const task = deferred();
    const after = vi.fn();
    await runAfterResponse(task.promise, { after });
    expect(after).toHaveBeenCalledWith(task.promise);
  });

  it("falls back to the platform's request context when after() throws outside a request", async () => {
    const task = deferred();
    const waitUntil = vi.fn();
    scope[CONTEXT] = { get: () => ({ waitUntil }) };
    const after = () => {
      throw new Error('`after` was called outside a request scope');
    };
    await runAfterResponse(task.promise, { after });
    expect(waitUntil).toHaveBeenCalledWith(task.promise);
  });

  it('waits for the task itself when nothing can carry it', async () => {
    const task = deferred();
    const running = runAfterResponse(task.promise);
    expect(await isPending(running)).toBe(true);
    task.resolve();
    await expect(running).resolves.toBeUndefined();
  });
});
