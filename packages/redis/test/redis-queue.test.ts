import type { PinterestEvent } from '@pinbridge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import { describeEventQueue } from '../../core/test/queue-contract.js';
import { type RedisQueue, redisQueue } from '../src/index.js';
import { CLIENTS, type ClientName, freshAccount, type TestClient } from './helpers/clients.js';

let server: RedisServer;
const clients: Partial<Record<ClientName, TestClient>> = {};

beforeAll(async () => {
  server = await startRedisServer();
  for (const name of Object.keys(CLIENTS) as ClientName[]) {
    clients[name] = await CLIENTS[name](server.url);
  }
});

afterAll(async () => {
  for (const client of Object.values(clients)) await client?.close();
  await server?.stop();
});

for (const name of Object.keys(CLIENTS) as ClientName[]) {
  const open = (maxDepth?: number) =>
    redisQueue({ redis: clients[name]!.redis, adAccountId: freshAccount(), maxDepth });
  describeEventQueue(`redisQueue (${name})`, {
    create: () => open(),
    bounded: ({ maxQueue }) => open(maxQueue),
    async dispose(queue) {
      const { keys } = queue as RedisQueue;
      await (clients.ioredis!.redis as import('ioredis').Redis).del(...Object.values(keys));
    },
  });
}

describe('redisQueue push', () => {
  const event = (id: string): PinterestEvent => ({
    event_name: 'checkout',
    action_source: 'web',
    event_time: Math.floor(Date.now() / 1000) - 60,
    event_id: id,
    user_data: { external_id: ['0'.repeat(64)] },
  });

  it('sends the pushes of one tick in one script call, each caller told of its own refusals', async () => {
    const commands: string[] = [];
    const ioredis = clients.ioredis!.redis as import('ioredis').Redis;
    const counting = {
      call: (command: string, ...args: (string | number)[]) => {
        commands.push(command);
        return ioredis.call(command, ...args);
      },
    };
    const queue = redisQueue({ redis: counting, adAccountId: freshAccount(), maxDepth: 5 });
    const results = await Promise.all([
      queue.push([event('a'), event('b')]),
      queue.push([event('c')]),
      queue.push([event('d'), event('e'), event('f')]),
      queue.push([event('g')]),
    ]);
    expect(commands.filter((command) => command === 'EVALSHA' || command === 'EVAL')).toHaveLength(
      commands.includes('EVAL') ? 2 : 1,
    );
    expect(results.map((result) => result.refused)).toEqual([[], [], ['f'], ['g']]);
    expect(await queue.depth()).toBe(5);
    // A push of a later tick is a call of its own.
    commands.length = 0;
    expect(await queue.push([event('h')])).toEqual({ evicted: [], refused: ['h'] });
    expect(commands).toEqual(['EVALSHA']);
  });

  it('splits a burst into calls of at most 1,000 events', async () => {
    const commands: string[] = [];
    const ioredis = clients.ioredis!.redis as import('ioredis').Redis;
    const queue = redisQueue({
      redis: {
        call: (command: string, ...args: (string | number)[]) => {
          if (command === 'EVALSHA') commands.push(command);
          return ioredis.call(command, ...args);
        },
      },
      adAccountId: freshAccount(),
    });
    await Promise.all(Array.from({ length: 2500 }, (_, index) => queue.push([event(`x${index}`)])));
    expect(commands).toHaveLength(3);
    expect(await queue.depth()).toBe(2500);
  });
});
