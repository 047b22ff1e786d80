/** A throwaway redis-server on 127.0.0.1, its own process, data directory and port. */
export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, no save) and removes its directory. */
  stop(): Promise<void>;
  /** Kills the server: SIGTERM (a clean stop) or SIGKILL (a crash); its directory stays. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, directory and arguments (the AOF, if any, is replayed). */
  restart(): Promise<void>;
}

/** Starts redis-server without persistence unless `args` say otherwise, once it answers PING. */
export function startRedisServer(args?: readonly string[]): Promise<RedisServer>;
