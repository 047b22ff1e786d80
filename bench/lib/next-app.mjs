import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/free-port.mjs';
import { progress } from './report.mjs';

const APP = fileURLToPath(new URL('../app/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));
const HANDLER_DIST = fileURLToPath(new URL('../../packages/next/dist/server.js', import.meta.url));

function runNext(args, env = {}) {
  return spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own: `next start` runs the server in a child process, which
    // stopNext() must end too.
    detached: true,
  });
}

/**
 * Builds bench/app with `next build`, unless its build is newer than its sources and
 * @pinbridge/next's dist (a build takes half a minute).
 *
 * @example
 * await buildBenchApp();
 */
export async function buildBenchApp() {
  const builtAt = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
  const routes = readdirSync(`${APP}app/api`).map((route) => `app/api/${route}/route.ts`);
  const sources = [...routes, 'next.config.mjs'].map((file) => builtAt(APP + file));
  if (builtAt(`${APP}.next/BUILD_ID`) > Math.max(builtAt(HANDLER_DIST), ...sources)) return;
  progress('handler: next build of bench/app (about 30 s)');
  const child = runNext(['build']);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`next build failed:\n${output.slice(-3000)}`);
}

/**
 * Stops a `next start`: SIGTERM lets Next finish the deliveries still running after their
 * responses; past 10 s the process group is killed.
 *
 * @example
 * await stopNext(server.child);
 */
export async function stopNext(child) {
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // The server process itself may outlive the CLI that started it.
  signal('SIGKILL');
}

/**
 * `next start` of bench/app on a free port of 127.0.0.1, delivering to `pinterestUrl` (the
 * emulator); resolves once /api/bare answers.
 *
 * @example
 * const server = await startNext(emulator.url); // { origin, child }
 */
export async function startNext(pinterestUrl) {
  const port = await freePort();
  const child = runNext(['start', '-H', '127.0.0.1', '-p', String(port)], {
    PINTEREST_ACCESS_TOKEN: 'bench-token',
    PINTEREST_AD_ACCOUNT_ID: '549755885175',
    PINTEREST_API_URL: `${pinterestUrl}/v5`,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ready = await fetch(`${origin}/api/bare`, { method: 'POST' }).catch(() => undefined);
    if (ready?.status === 204) return { origin, child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopNext(child);
  throw new Error(`next start did not answer:\n${output}`);
}

/**
 * The resident memory of a `next start` and of every process it started (its process group), in
 * bytes: Next serves from a child process of the CLI.
 *
 * @example
 * const rss = residentBytes(server.child);
 */
export function residentBytes(child) {
  const table = execFileSync('ps', ['-eo', 'pgid=,rss='], { encoding: 'utf8' });
  let kilobytes = 0;
  for (const line of table.trim().split('\n')) {
    const [pgid, rss] = line.trim().split(/\s+/).map(Number);
    if (pgid === child.pid) kilobytes += rss;
  }
  return kilobytes * 1024;
}
