import { createHash } from 'node:crypto';

/** An ioredis 6 client (`new Redis(…)`, a `Cluster` too): it sends any command through `call`. */
export interface IoredisLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** A node-redis 6 client (`createClient(…)`, connected): it sends any command through `sendCommand`. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The Redis client an application already has: ioredis 6 or node-redis 6. */
export type RedisClient = IoredisLike | NodeRedisLike;

/**
 * The handful of commands pinbridge sends, whichever client carries them. Replies are RESP2
 * values (arrays, strings, integers, null): every multi-key step runs in a Lua script, whose
 * replies both clients decode alike.
 */
export interface Connection {
  command(args: (string | number)[]): Promise<unknown>;
  /** Runs a script by its SHA1, loading it on a NOSCRIPT reply (a restarted or other server). */
  script(
    script: Script,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown>;
}

/** A Lua script and its SHA1, computed once. */
export interface Script {
  source: string;
  sha: string;
}

/**
 * A script ready for EVALSHA.
 *
 * @example
 * const ping = luaScript("return redis.call('PING')");
 */
export function luaScript(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const isIoredis = (client: RedisClient): client is IoredisLike =>
  typeof (client as IoredisLike).call === 'function';

/**
 * Wraps an ioredis or node-redis client; anything else is refused at once, not at the first push.
 *
 * @example
 * const connection = connect(new Redis(process.env.REDIS_URL));
 */
export function connect(client: RedisClient): Connection {
  let send: (args: string[]) => Promise<unknown>;
  if (isIoredis(client)) {
    send = ([name, ...rest]) => client.call(name, ...rest);
  } else if (typeof (client as NodeRedisLike).sendCommand === 'function') {
    send = (args) => (client as NodeRedisLike).sendCommand(args);
  } else {
    throw new TypeError('redis must be an ioredis 6 or node-redis 6 client');
  }
  const command = (args: (string | number)[]) => send(args.map(String));
  return {
    command,
    async script(script, keys, args) {
      const tail = [keys.length, ...keys, ...args];
      try {
        return await command(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
        return command(['EVAL', script.source, ...tail]);
      }
    },
  };
}
