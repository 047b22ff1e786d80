import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClient } from '../../src/connection.js';

/** A connected client of either package, and how to close it. */
export interface TestClient {
  redis: RedisClient;
  close(): Promise<void>;
}

/** The two clients @pinbridge/redis supports, by name, connected to `url`. */
export const CLIENTS = {
  async ioredis(url: string): Promise<TestClient> {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    await redis.ping();
    return { redis, close: async () => void (await redis.quit()) };
  },
  async 'node-redis'(url: string): Promise<TestClient> {
    const redis = createClient({ url });
    redis.on('error', () => {});
    await redis.connect();
    return { redis, close: () => redis.close() };
  },
} as const;

export type ClientName = keyof typeof CLIENTS;

let accounts = 0;
/** A fresh ad account id per queue: tests never share keys. */
export function freshAccount(): string {
  accounts += 1;
  return `${Date.now() % 1e9}${String(accounts).padStart(4, '0')}`;
}
