import { startEmulator } from './emulator.js';
import type { Emulator } from './types.js';

export interface CliOptions {
  port: number;
  host: string;
  latencyMs: number;
  quiet: boolean;
  help: boolean;
}

export const USAGE = `Usage: pinbridge-emulator [--port 4319] [--host 127.0.0.1] [--latency ms] [--quiet]

A local stand-in for Pinterest's Conversions API. API base: <url>/v5
  GET  /                   the inspector         GET  /_emulator/stream  its live view (SSE)
  GET  /_emulator/events   what was received     POST /_emulator/reset   forget it
  POST /_emulator/faults   inject faults (JSON)  GET  /ct/core.js        Pinterest Tag stand-in`;

/**
 * Reads the command line of `pinbridge-emulator`. Throws an Error naming the bad argument.
 *
 * @example
 * parseCliArgs(['--port', '4319', '--latency=50']); // { port: 4319, latencyMs: 50, ... }
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: 4319,
    host: '127.0.0.1',
    latencyMs: 0,
    quiet: false,
    help: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port') options.port = integer(flag, value(), 65_535);
    else if (flag === '--latency') options.latencyMs = integer(flag, value(), 600_000);
    else if (flag === '--host') options.host = value();
    else if (flag === '--quiet') options.quiet = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  return options;
}

function integer(flag: string, text: string, max: number): number {
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(number <= max)) throw new Error(`${flag} must be an integer from 0 to ${max}`);
  return number;
}

/**
 * Runs the CLI: starts the emulator and prints its URL (and, unless --quiet, one line per API
 * request). Resolves to the running emulator, or undefined after printing --help.
 *
 * @example
 * const emulator = await runCli(['--port', '0'], { print: console.log });
 */
export async function runCli(
  argv: readonly string[],
  { print }: { print: (line: string) => void },
): Promise<Emulator | undefined> {
  const options = parseCliArgs(argv);
  if (options.help) {
    print(USAGE);
    return undefined;
  }
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    latencyMs: options.latencyMs,
    log: options.quiet ? undefined : print,
  });
  print(
    `pinbridge emulator listening on ${emulator.url} (API base ${emulator.url}/v5, inspector ${emulator.url}/)`,
  );
  return emulator;
}
