export type { IoredisLike, NodeRedisLike, RedisClient } from './connection.js';
export {
  type RedisDelivery,
  type RedisFromUrlOptions,
  redisFromUrl,
} from './from-url.js';
export type { AccountKeys } from './keys.js';
export { type RedisLimiterOptions, redisLimiter } from './redis-limiter.js';
export {
  type DeadLetter,
  type RedisQueue,
  type RedisQueueOptions,
  redisQueue,
} from './redis-queue.js';
export { runWorker, type WorkerOptions } from './worker.js';
export { runWorkerCommand, WORKER_USAGE } from './worker-command.js';
