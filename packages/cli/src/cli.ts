#!/usr/bin/env node
import { runCli as runEmulator } from '@pinbridge/emulator';

const USAGE = `Usage: pinbridge <command>

  emulator   a local stand-in for Pinterest (pinbridge emulator --help)`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'emulator') {
  const emulator = await runEmulator(rest, { print: (line) => console.log(line) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void emulator?.close().then(() => process.exit(0)));
  }
} else {
  console.error(USAGE);
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}
