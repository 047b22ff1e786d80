import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runNode } from './run-node.js';

export const STORE_DIR = fileURLToPath(new URL('../../examples/next-store/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));

/** Runs `next <args>` in the example store and resolves when `ready` matches its output. */
export async function runNext(
  args: string[],
  env: Record<string, string>,
  ready?: RegExp,
): Promise<ChildProcess> {
  const { child } = await runNode([NEXT_BIN, ...args], {
    cwd: STORE_DIR,
    env: { NEXT_TELEMETRY_DISABLED: '1', ...env },
    ready,
  });
  return child;
}
