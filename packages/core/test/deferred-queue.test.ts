import { describe, expect, it } from 'vitest';
import { deferredQueue } from '../src/queue/deferred-queue.js';
import { memoryQueue } from '../src/queue/memory-queue.js';
import { describeEventQueue } from './queue-contract.js';

describeEventQueue('deferredQueue over memoryQueue', {
  create: () => deferredQueue(async () => memoryQueue(), false),
  bounded: (limits) => deferredQueue(async () => memoryQueue(limits), false),
});

describe('deferredQueue', () => {
  it('rejects each call while the queue cannot be opened, and opens it again on the next call', async () => {
    let opens = 0;
    const queue = deferredQueue(async () => {
      opens += 1;
      if (opens === 1) throw new Error('ECONNREFUSED');
      return memoryQueue();
    }, true);
    expect(queue.durable).toBe(true);
    await expect(queue.depth()).rejects.toThrow('ECONNREFUSED');
    expect(await queue.depth()).toBe(0);
    expect(await queue.depth()).toBe(0);
    expect(opens).toBe(2);
  });
});
