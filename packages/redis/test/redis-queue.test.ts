import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';
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
