import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const STORE_DIR = fileURLToPath(new URL('../../examples/next-store/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));

/** Runs `next <args>` in the example store and resolves when `ready` matches its output. */
export function runNext(
  args: string[],
  env: Record<string, string>,
  ready?: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: STORE_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready?.test(output)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!ready && code === 0) resolve(child);
      else reject(new Error(`next ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}
