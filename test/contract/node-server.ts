import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../helpers/free-port.mjs';
import type { ServedApp } from './app-contract.js';

/**
 * Runs `node script` with `env` and PORT set to a free port, until that port answers HTTP (any
 * status); `close()` ends the process. Its output is kept, and shown if it stops first.
 *
 * @example
 * const app = await startNodeServer('examples/hono-api/server.js', emulatorEnv(emulator));
 */
export async function startNodeServer(
  script: string,
  env: Record<string, string>,
): Promise<ServedApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const close = async () => {
    if (running()) child.kill('SIGTERM');
    await exited;
  };
  const origin = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 15_000; await sleep(50)) {
    if (!running()) throw new Error(`${script} exited before listening:\n${output}`);
    const answered = await fetch(origin).then(
      () => true,
      () => false,
    );
    if (answered) return { origin, close };
  }
  await close();
  throw new Error(`${script} did not listen on ${port} within 15 s:\n${output}`);
}
