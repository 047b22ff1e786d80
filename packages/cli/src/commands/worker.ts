// `pinbridge worker`: @pinbridge/redis's worker command, loaded only when asked for, as the
// package is an optional peer.
import type { Io } from '../io.js';

/** What `pinbridge worker` needs of @pinbridge/redis. */
export interface RedisPackage {
  runWorkerCommand(args: readonly string[]): Promise<number>;
}

export const WORKER_MISSING =
  'pinbridge worker needs @pinbridge/redis and a Redis client: npm i @pinbridge/redis ioredis';

const REDIS_PACKAGE = '@pinbridge/redis';

// A variable specifier: the package is resolved when the command runs, not when it is built.
const loadRedis = (): Promise<RedisPackage> => import(REDIS_PACKAGE);

const isMissing = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_MODULE_NOT_FOUND' &&
  String((error as Error).message).includes(REDIS_PACKAGE);

/**
 * Runs `pinbridge worker` with `args` (the words after `worker`); when @pinbridge/redis is not
 * installed, says what to install and resolves to 1.
 *
 * @example
 * process.exitCode = await runWorker([], processIo());
 */
export async function runWorker(
  args: readonly string[],
  io: Io,
  load: () => Promise<RedisPackage> = loadRedis,
): Promise<number> {
  let redis: RedisPackage;
  try {
    redis = await load();
  } catch (error) {
    if (!isMissing(error)) throw error;
    io.err(WORKER_MISSING);
    return 1;
  }
  return redis.runWorkerCommand(args);
}
