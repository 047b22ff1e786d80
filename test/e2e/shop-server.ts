import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runNode } from './run-node.js';

export const SHOP_DIR = fileURLToPath(new URL('../../examples/express-shop/', import.meta.url));
const VITE_BIN = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));

/** `vite build` of the Express shop into its dist/, with the build-time `VITE_*` variables. */
export async function buildShop(env: Record<string, string>): Promise<void> {
  await runNode([VITE_BIN, 'build', '--logLevel', 'warn'], { cwd: SHOP_DIR, env });
}

/** Starts the shop's server.js on a free port of 127.0.0.1 and resolves with its URL. */
export async function startShop(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await runNode(['server.js'], {
    cwd: SHOP_DIR,
    env: { PORT: '0', HOST: '127.0.0.1', ...env },
    ready: /Shop listening on (http:\/\/\S+)/,
  });
  return { child, url: match![1] };
}
