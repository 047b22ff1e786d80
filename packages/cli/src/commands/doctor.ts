// `pinbridge doctor`: prints each check of ../doctor.ts and what to fix; exit 1 when one fails.
import { resolve } from 'node:path';
import { parseFlags } from '../args.js';
import { detectProject, NotNextAppError } from '../detect.js';
import { runChecks } from '../doctor.js';
import type { Io } from '../io.js';

export const DOCTOR_USAGE = `Usage: pinbridge doctor [--cwd <dir>]

Checks the pinbridge setup of the Next.js app in <dir> (default: the current folder): the
variables (by name, in the environment, .env.local and .env; values are never printed), that
the token works (one test event with ?test=true to PINTEREST_API_URL, default Pinterest's API),
that proxy/middleware is where Next loads it, the /api/pin route, <PinterestTag /> and
withPinterest. Exits 1 when something must be fixed.`;

const FLAGS = {
  cwd: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MARKS = { ok: '✓', warn: '!', fail: '✗' } as const;

/**
 * Runs `pinbridge doctor` with `args` (the words after `doctor`); resolves to 0 when nothing
 * failed, else 1.
 *
 * @example
 * const code = await runDoctor(['--cwd', 'my-app'], processIo());
 */
export async function runDoctor(args: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  let project: ReturnType<typeof detectProject>;
  try {
    project = detectProject(resolve(flags.cwd ?? '.'));
  } catch (error) {
    if (!(error instanceof NotNextAppError)) throw error;
    io.err(`pinbridge doctor: ${error.message}`);
    return 1;
  }
  const checks = await runChecks(project, io.env);
  for (const check of checks) {
    io.out(`${MARKS[check.status]} ${check.message}`);
    if (check.fix && check.status !== 'ok') io.out(`    → ${check.fix}`);
  }
  const failed = checks.filter((check) => check.status === 'fail').length;
  io.out(failed === 0 ? 'All good.' : `${failed} to fix.`);
  return failed === 0 ? 0 : 1;
}
