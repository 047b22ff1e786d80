// `pinbridge emulator`: the emulator's own command line (`pinbridge-emulator` stays its alias).
import { runCli as runEmulatorCli } from '@pinbridge/emulator';
import type { Io } from '../io.js';

/**
 * Starts the emulator with `args` (the words after `emulator`) and keeps it running until
 * SIGINT or SIGTERM; resolves to 0 after --help, else to `undefined` (still running).
 *
 * @example
 * await runEmulator(['--port', '4319'], processIo());
 */
export async function runEmulator(args: readonly string[], io: Io): Promise<number | undefined> {
  const emulator = await runEmulatorCli(args, { print: (line) => io.out(line) });
  if (!emulator) return 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void emulator.close().then(() => process.exit(0)));
  }
  return undefined;
}
