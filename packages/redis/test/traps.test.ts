// The Redis Streams traps of research/wave2.md §1, as regression tests against a real server.
import type { PinterestEvent } from '@pinbridge/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.mjs';
import type { RedisClient } from '../src/connection.js';
import { redisQueue } from '../src/index.js';
import { CLIENTS, type ClientName, freshAccount, type TestClient } from './helpers/clients.js';

let server: RedisServer;
let client: TestClient;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = await CLIENTS.ioredis(server.url);
  redis = client.redis as Redis;
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const events = (prefix: string, count: number): PinterestEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    event_name: 'checkout',
    action_source: 'web',
    event_time: 1_700_000_000,
    event_id: `${prefix}-${index}`,
    user_data: { em: ['a'.repeat(64)] },
  }));

describe('redisQueue: the traps', () => {
  it('never trims a pending entry: a full queue refuses instead', async () => {
    const queue = redisQueue({ redis, adAccountId: freshAccount(), maxDepth: 5 });
    await queue.push(events('old', 5));
    const leased = await queue.claim(3, 60_000);
    const pushed = await queue.push(events('new', 4));
    expect(pushed).toEqual({ evicted: [], refused: ['new-0', 'new-1', 'new-2', 'new-3'] });
    // The pending entries keep their bodies: XRANGE still has every one of them.
    const stored = (await redis.xrange(queue.keys.events, '-', '+')).map(([id]) => id);
    for (const entry of leased) expect(stored).toContain(entry.id);
    expect(await queue.depth()).toBe(5);
    await queue.ack(leased.map((entry) => entry.id));
    expect((await queue.push(events('new', 4))).refused).toEqual(['new-3']);
  });

  it('keeps one consumer in the group after many serverless flushes', async () => {
    const adAccountId = freshAccount();
    await redisQueue({ redis, adAccountId }).push(events('flush', 50));
    for (let invocation = 0; invocation < 50; invocation += 1) {
      // A new queue per invocation, as a cold function start makes one.
      const queue = redisQueue({ redis, adAccountId });
      const claimed = await queue.claim(1, 60_000);
      await queue.ack(claimed.map((entry) => entry.id));
    }
    const { keys } = redisQueue({ redis, adAccountId });
    const consumers = (await redis.xinfo('CONSUMERS', keys.events, 'pinbridge')) as unknown[];
    expect(consumers).toHaveLength(1);
    expect(await redisQueue({ redis, adAccountId }).depth()).toBe(0);
  });

  it('survives ten instances creating the group at once (BUSYGROUP)', async () => {
    const adAccountId = freshAccount();
    await redisQueue({ redis, adAccountId }).push(events('race', 10));
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => redisQueue({ redis, adAccountId }).claim(1, 60_000)),
    );
    expect(
      claims
        .flat()
        .map((entry) => entry.event_id)
        .sort(),
    ).toEqual(
      events('race', 10)
        .map((event) => event.event_id)
        .sort(),
    );
    const { keys } = redisQueue({ redis, adAccountId });
    expect((await redis.xinfo('GROUPS', keys.events)) as unknown[]).toHaveLength(1);
  });

  // wave2.md §1: a blocking XREADGROUP owns its connection; every other command on it waits.
  // redisQueue never blocks: a claim is one script (where XREADGROUP cannot block) that answers
  // at once, empty or not, and a consumer with nothing to claim sleeps on its own timer. So it
  // needs no connection of its own, and an application's client can carry it.
  for (const name of Object.keys(CLIENTS) as ClientName[]) {
    it(`never blocks its connection (${name}): claims of an empty stream answer at once, a push beside them too, and no command carries BLOCK`, async () => {
      const own = await CLIENTS[name](server.url);
      try {
        const sent: string[] = [];
        const recording: RedisClient =
          'call' in own.redis
            ? {
                call: (command: string, ...args: (string | number)[]) => {
                  sent.push(command, ...args.map(String));
                  return (own.redis as import('ioredis').Redis).call(command, ...args);
                },
              }
            : {
                sendCommand: (args: string[]) => {
                  sent.push(...args);
                  return (
                    own.redis as { sendCommand(args: string[]): Promise<unknown> }
                  ).sendCommand(args);
                },
              };
        const queue = redisQueue({ redis: recording, adAccountId: freshAccount() });
        const started = performance.now();
        const [claims, pushed] = await Promise.all([
          Promise.all(Array.from({ length: 4 }, () => queue.claim(1000, 60_000))),
          queue.push(events('beside', 1)),
        ]);
        expect(performance.now() - started).toBeLessThan(250);
        expect(claims.flat().length).toBeLessThanOrEqual(1);
        expect(pushed).toEqual({ evicted: [], refused: [] });
        expect(sent.map((arg) => arg.toUpperCase())).not.toContain('BLOCK');
      } finally {
        await own.close();
      }
    });
  }

  it('recreates the group when its key was deleted under it', async () => {
    const queue = redisQueue({ redis, adAccountId: freshAccount() });
    await queue.push(events('gone', 1));
    expect(await queue.claim(1, 60_000)).toHaveLength(1);
    await redis.del(queue.keys.events, queue.keys.leases);
    await queue.push(events('back', 1));
    expect((await queue.claim(1, 60_000)).map((entry) => entry.event_id)).toEqual(['back-0']);
  });
});
