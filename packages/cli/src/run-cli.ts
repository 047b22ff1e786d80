// The `pinbridge` command line: one command per word, each with its own --help.
import { UsageError } from './args.js';
import { DOCTOR_USAGE, runDoctor } from './commands/doctor.js';
import { runEmulator } from './commands/emulator.js';
import { INIT_USAGE, runInit } from './commands/init.js';
import { runWorker } from './commands/worker.js';
import type { Io } from './io.js';

export const USAGE = `Usage: pinbridge <command> [--help]

  init       set pinbridge up in a Next.js app: proxy/middleware, /api/pin, next.config,
             <PinterestTag />, .env.local (--yes, --dry-run, --cwd <dir>)
  doctor     check that setup: variables, the token, where the files are (--cwd <dir>)
  emulator   a local stand-in for Pinterest (--port 4319, --host, --latency, --quiet)
  worker     deliver the events queued in Redis (needs @pinbridge/redis)`;

const COMMAND_USAGE: Record<string, string> = { init: INIT_USAGE, doctor: DOCTOR_USAGE };

/**
 * Runs the command line `argv` (without node and the script). Resolves to the exit code, or to
 * `undefined` for a command that keeps running (the emulator): 2 for a usage error.
 *
 * @example
 * const code = await runCli(['doctor', '--cwd', 'my-app'], processIo());
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number | undefined> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'init':
        return await runInit(args, io);
      case 'doctor':
        return await runDoctor(args, io);
      case 'emulator':
        return await runEmulator(args, io);
      case 'worker':
        return await runWorker(args, io);
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        io.err(command === undefined ? USAGE : `unknown command ${command}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pinbridge ${command}: ${error.message}\n${COMMAND_USAGE[command] ?? USAGE}`);
      return 2;
    }
    io.err(`pinbridge ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
