import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line that does not fit the command's usage (exit 2). */
export class UsageError extends Error {}

/**
 * The flags of one command, strictly: an unknown flag or a stray argument is a UsageError.
 *
 * @example
 * parseFlags(['--yes', '--cwd', 'app'], { yes: { type: 'boolean' }, cwd: { type: 'string' } });
 * // { yes: true, cwd: 'app' }
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
