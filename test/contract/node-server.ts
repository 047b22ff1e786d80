import { spawn } from 'node:child_process';
import type { ServedApp } from './app-contract.js';

/**
 * Runs `node script` with `env` (on PORT=0, a free port) until it prints `listening on <origin>`;
 * `close()` ends that process. Its output is kept, and shown if it stops before listening.
 *
 * @example
 * const app = await startNodeServer('examples/hono-api/server.js', emulatorEnv(emulator));
 */
export function startNodeServer(script: string, env: Record<string, string>): Promise<ServedApp> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (origin) resolve({ origin, close });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited (${code}) before listening:\n${output}`)),
    );
  });
}
