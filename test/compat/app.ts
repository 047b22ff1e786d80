// One fixture app as a user has it: a copy outside the repository, its lockfile installed from
// the registry, pinbridge installed from the tarballs and set up by `pinbridge init`, then
// `next build` / `next start` / `next dev`.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '../e2e/run-node.js';

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PINBRIDGE_CLI = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url));

// The variables an `npm run` parent sets would point the install at the repository (its prefix,
// its package); the user's own npm settings (cache, registry, npmrc) stay.
const KEPT_NPM_VARIABLES = ['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'];
const installEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) || KEPT_NPM_VARIABLES.includes(key),
  ),
) as NodeJS.ProcessEnv;

function npm(args: string[], cwd: string): void {
  execFileSync('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: installEnv,
  });
}

/**
 * Copies fixture `name` to a new temp dir, runs `npm ci` (the shared npm cache), installs the
 * tarballs without saving them, and lets `pinbridge init --yes` add pinbridge's files, so the
 * matrix proves init too; returns the app's dir.
 *
 * @example
 * const dir = prepareApp('next16-app', tarballs);
 */
export function prepareApp(name: string, tarballs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `pinbridge-compat-${name}-`));
  cpSync(join(FIXTURES_DIR, name), dir, { recursive: true });
  npm(['ci'], dir);
  npm(['install', '--no-save', ...tarballs], dir);
  execFileSync(process.execPath, [PINBRIDGE_CLI, 'init', '--yes', '--cwd', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return dir;
}

const nextEnv = (dir: string, nodeEnv: string, env: Record<string, string>) => ({
  cwd: dir,
  // Vitest's NODE_ENV=test would otherwise reach Next, which keeps any NODE_ENV it is given.
  env: { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: nodeEnv, ...env },
});

const NEXT_BIN = 'node_modules/next/dist/bin/next';

/** `next build` in `dir`, with the build-time variables in `env`. */
export async function buildApp(dir: string, env: Record<string, string>): Promise<void> {
  await runNode([NEXT_BIN, 'build'], nextEnv(dir, 'production', env));
}

/**
 * `next start` (or `next dev`) on a free port of 127.0.0.1; resolves with the server and its URL
 * once it is ready.
 */
export async function startApp(
  dir: string,
  command: 'start' | 'dev',
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await runNode([NEXT_BIN, command, '-p', '0', '-H', '127.0.0.1'], {
    ...nextEnv(dir, command === 'dev' ? 'development' : 'production', env),
    ready: /Local:\s+(http:\/\/[\d.:]+)[\s\S]*Ready in/,
  });
  return { child, url: match![1] };
}

/** Stops a server of {@link startApp} and waits for its exit, so nothing writes to its dir after. */
export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}
