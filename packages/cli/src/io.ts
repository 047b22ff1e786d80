// Where commands read and write, so that tests drive them without a terminal.
import { confirm, isCancel } from '@clack/prompts';

/** A command's terminal. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Both stdin and stdout are terminals: a question can be asked and answered. */
  interactive: boolean;
  /** Asks a yes/no question; false when cancelled. Only called when `interactive`. */
  confirm(message: string): Promise<boolean>;
  env: Record<string, string | undefined>;
}

/**
 * The process's own terminal. `docker -t` with nobody attached has a TTY stdout: stdin must be
 * one too before anything is asked.
 *
 * @example
 * const code = await runCli(process.argv.slice(2), processIo());
 */
export function processIo(): Io {
  // Piped into `head`, the reader may go away: the rest of the output is not wanted.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    confirm: async (message) => {
      const answer = await confirm({ message });
      return !isCancel(answer) && answer;
    },
    env: process.env,
  };
}
